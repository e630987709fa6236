package io.wirehub;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file holding one list under one top-level key ({@code feeds:} in feeds.yaml and
 * push.yaml, {@code subscribers:} in subscribers.yaml), read entry by entry with the line each
 * entry starts on, so every message names the file, the entry, the key and the line.
 */
public final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One entry of the list: its position, the line it starts on (1-based) and its content. */
    public record Entry(int index, int line, JsonNode node) {
        /** How messages name the entry: {@code feed 'vna-fr' (line 12)}, or by position when it has no id. */
        public String label(String what) {
            JsonNode id = node.get("id");
            return id != null && id.isValueNode() && !id.asText().isBlank()
                    ? what + " '" + id.asText() + "' (line " + line + ")"
                    : what + " #" + (index + 1) + " (line " + line + ")";
        }
    }

    private ConfigFile() {
    }

    /**
     * A configuration file read again when it changes (its modification time or size), as the
     * reload route's tick asks: {@link #changed()} gives the new contents, or null when the file is
     * as it was or has mistakes (then logged once, and the caller keeps what it has).
     *
     * @param <T> what the file is read into
     */
    public static final class Watched<T> {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Watched.class);
        private final Path file;
        private final String what;
        private final java.util.function.Function<Path, T> load;
        private String stamp;

        /**
         * @param what what the file holds, for the log ("the feeds")
         * @param load reads the file; throws a {@link ConfigException} naming its mistakes
         */
        public Watched(Path file, String what, java.util.function.Function<Path, T> load) {
            this.file = file;
            this.what = what;
            this.load = load;
            this.stamp = stamp(file);
        }

        /** The file's new contents when it changed since it was last read and has no mistake, else null. */
        public synchronized T changed() {
            String now = stamp(file);
            if (now.equals(stamp)) {
                return null;
            }
            stamp = now;
            try {
                return load.apply(file);
            } catch (ConfigException e) {
                LOG.warn("{} changed but has mistakes; {} stay as they were:\n{}", file, what, e.getMessage());
                return null;
            }
        }

        public Path file() {
            return file;
        }
    }

    /** A file's modification time and size ("missing" when it cannot be read). */
    private static String stamp(Path file) {
        try {
            return java.nio.file.Files.getLastModifiedTime(file).toMillis() + ":" + java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return "missing";
        }
    }

    /**
     * The entries of the list under {@code key} in {@code text}; a YAML syntax error, another
     * top-level key or an entry that is not a mapping is a {@link ConfigException}.
     */
    public static List<Entry> entries(Path file, String text, String key) {
        List<Entry> out = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) {
                return out;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigException(file + ": line " + line(p) + ": expected '" + key + ":' and a list under it");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int at = line(p);
                JsonToken v = p.nextToken();
                if (!key.equals(name)) {
                    throw new ConfigException(file + ": line " + at + ": only a '" + key + ":' list is expected, found '" + name + ":'");
                }
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (v != JsonToken.START_ARRAY) {
                    throw new ConfigException(file + ": line " + at + ": '" + key + ":' must be a list of entries (lines starting with '- ')");
                }
                int i = 0;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    int l = line(p);
                    JsonNode n = p.readValueAsTree();
                    if (v != JsonToken.START_OBJECT) {
                        throw new ConfigException(file + ": line " + l + ": each entry of '" + key + ":' must be a mapping (id: ..., ...), found " + n);
                    }
                    out.add(new Entry(i++, l, n));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ConfigException(file + (loc == null ? "" : ": line " + loc.getLineNr()) + ": not valid YAML: " + yamlReason(e));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        return out;
    }

    /** SnakeYAML's reason without its excerpts: "expected <block end>, but found ... (while parsing a block collection)". */
    private static String yamlReason(JsonProcessingException e) {
        List<String> parts = e.getOriginalMessage().lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
        if (parts.isEmpty()) {
            return e.getOriginalMessage();
        }
        String reason = parts.get(parts.size() - 1) + (parts.size() > 1 ? " (" + parts.get(0) + ")" : "");
        return reason + (reason.contains("block") || reason.contains("indentation") ? "; check the indentation of this line and the one before" : "");
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** Binds an entry to {@code type}, unknown keys refused; a problem is described for the user. */
    public static <T> T bind(ObjectMapper mapper, Entry e, Class<T> type) throws JsonProcessingException {
        return mapper.treeToValue(e.node(), type);
    }

    /** What went wrong binding an entry, in the user's words: the key, what was found, what is expected. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
            String path = path(u);
            return "unknown key '" + path + "'" + (known.isEmpty() ? "" : " (known here: " + known + ")");
        }
        if (e instanceof InvalidFormatException f) {
            return path(f) + ": \"" + f.getValue() + "\" is not " + typeName(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return path(m) + ": expected " + typeName(m.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> t) {
        if (t == null) {
            return "of the right kind";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(t) || t.isArray()) {
            return "a list ([a, b] or lines starting with '- ')";
        }
        if (java.util.Map.class.isAssignableFrom(t)) {
            return "a mapping (key: value)";
        }
        if (t == String.class) {
            return "a text";
        }
        return "a mapping (key: value)";
    }
}
