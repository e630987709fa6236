package io.wirehub.publish;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wirehub.normalize.NinjsJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the lines of the most recent NDJSON day files hold, by a key per line (uri + version, or an
 * event id), so that a delivery retried after a crash is not appended twice. A day file is read
 * once, on its first append in this process; then every append is a set lookup. (Searching the
 * file's tail on every append instead read and decoded megabytes per line: the end-to-end bench
 * with a file subscriber spent most of its CPU there.) A few day files are kept; older ones are
 * read again if a late item comes for them.
 */
final class DayFileKeys {
    private final Function<Map<String, String>, String> key;
    private final Set<String> fields;
    private final Map<Path, Set<String>> files = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Set<String>> eldest) {
            return size() > 4;
        }
    };

    /**
     * @param fields top-level string fields a line's key is made of (read from the start of each line)
     * @param key    the key of a line from those fields (null: the line has none)
     */
    DayFileKeys(Set<String> fields, Function<Map<String, String>, String> key) {
        this.fields = fields;
        this.key = key;
    }

    /** The guard of one append of the line with key {@code k} to {@code file}, run under the file's lock. */
    LineAppender.Guard guard(Path file, String k) {
        return new LineAppender.Guard() {
            Set<String> keys;

            @Override
            public boolean alreadyThere() throws IOException {
                synchronized (files) {
                    keys = files.get(file);
                }
                if (keys == null) {
                    keys = load(file);
                    synchronized (files) {
                        files.put(file, keys);
                    }
                }
                return keys.contains(k);
            }

            @Override
            public void appended() {
                // only now: a line whose write failed must be written again on the retry
                keys.add(k);
            }
        };
    }

    /** The key of every line of a day file (whose torn last line the appender has already cut). */
    private Set<String> load(Path file) throws IOException {
        Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        if (!Files.isRegularFile(file)) {
            return keys;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.isBlank()) {
                    continue;
                }
                Map<String, String> found = new java.util.HashMap<>();
                try (JsonParser p = NinjsJson.MAPPER.getFactory().createParser(l)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    // the key fields come first (ninjs and envelope property order), so this stops early
                    while (p.nextToken() == JsonToken.FIELD_NAME && found.size() < fields.size()) {
                        String name = p.currentName();
                        JsonToken t = p.nextToken();
                        if (fields.contains(name) && t.isScalarValue()) {
                            found.put(name, p.getText());
                        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                    }
                } catch (IOException malformed) {
                    continue;
                }
                String k = key.apply(found);
                if (k != null) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    static Set<String> setOf(String... fields) {
        return new HashSet<>(java.util.List.of(fields));
    }
}
