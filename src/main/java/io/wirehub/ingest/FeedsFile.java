package io.wirehub.ingest;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a YAML file holding a list under {@code feeds:} (config/feeds.yaml, config/push.yaml): a
 * missing file is an empty list, a bad one is refused whole, naming the file and the reason, and
 * ids must be well formed and unique.
 */
final class FeedsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private FeedsFile() {
    }

    static <T> List<T> read(Path file, Class<T> type, Function<T, String> id, String what) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JavaType listOf = YAML.getTypeFactory().constructMapType(Map.class,
                YAML.getTypeFactory().constructType(String.class), YAML.getTypeFactory().constructCollectionType(List.class, type));
        Map<String, List<T>> doc;
        try {
            doc = YAML.readValue(file.toFile(), listOf);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (doc != null && doc.keySet().stream().anyMatch(k -> !"feeds".equals(k))) {
            throw new IllegalArgumentException(file + ": only a 'feeds:' list is expected, found " + doc.keySet());
        }
        List<T> out = doc == null || doc.get("feeds") == null ? List.of() : doc.get("feeds");
        Set<String> ids = new HashSet<>();
        for (T t : out) {
            String i = id.apply(t);
            if (i == null || !i.matches(ID)) {
                throw new IllegalArgumentException(file + ": " + what + " id '" + i + "' must be 1-100 letters, digits, '.', '_' or '-'");
            }
            if (!ids.add(i)) {
                throw new IllegalArgumentException(file + ": " + what + " id '" + i + "' declared twice");
            }
        }
        return out;
    }
}
