package io.wirehub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wirehub.ConfigException;
import io.wirehub.ConfigFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a YAML file holding a list under {@code feeds:} (config/feeds.yaml, config/push.yaml): a
 * missing file is an empty list. Every problem of every entry is listed at once, each naming the
 * file, the entry, its line and the key, and a file with any problem is refused whole (the hub
 * does not start on half a configuration). Ids must be well formed and unique.
 */
final class FeedsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private FeedsFile() {
    }

    /**
     * The entries of the file, each checked by {@code check} (its problems, each "key: what is wrong").
     *
     * @throws ConfigException listing every problem of the file
     */
    static <T> List<T> read(Path file, Class<T> type, Function<T, String> id, String what, Function<T, List<String>> check) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<T> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (ConfigFile.Entry e : ConfigFile.entries(file, text, "feeds")) {
            String at = file + ": " + e.label(what) + ": ";
            String nodeId = e.node().path("id").asText(null);
            if (nodeId != null && ids.containsKey(nodeId)) {
                problems.add(at + "id '" + nodeId + "' declared twice (first at line " + ids.get(nodeId) + ")");
            }
            T t;
            try {
                t = ConfigFile.bind(YAML, e, type);
            } catch (JsonProcessingException ex) {
                problems.add(at + ConfigFile.describe(ex));
                if (nodeId != null) {
                    ids.putIfAbsent(nodeId, e.line());
                }
                continue;
            }
            String i = id.apply(t);
            if (i == null || i.isBlank()) {
                problems.add(at + "id is missing (1-100 letters, digits, '.', '_' or '-')");
            } else if (!i.matches(ID)) {
                problems.add(at + "id '" + i + "' must be 1-100 letters, digits, '.', '_' or '-'");
            } else {
                ids.putIfAbsent(i, e.line());
            }
            for (String p : check.apply(t)) {
                problems.add(at + p);
            }
            out.add(t);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }
}
