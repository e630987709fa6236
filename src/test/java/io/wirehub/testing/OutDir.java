package io.wirehub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the file sink wrote: item files and NDJSON lines. */
public final class OutDir {
    private OutDir() {
    }

    /** Every item JSON file under out/items, parsed. */
    public static List<JsonNode> items(Path out) {
        Path dir = out.resolve("items");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<JsonNode> items = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                items.add(NinjsJson.MAPPER.readTree(p.toFile()));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every NDJSON line under out/ndjson, parsed. */
    public static List<JsonNode> ndjson(Path out) {
        Path dir = out.resolve("ndjson");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<JsonNode> lines = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!l.isBlank()) {
                        lines.add(NinjsJson.MAPPER.readTree(l));
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every line of the NDJSON files under {@code out/ndjson}, as the file sink wrote it (files in
     * name order, that is by day): for assertions on the text itself, e.g. that no line names an item.
     */
    public static List<String> ndjsonLines(Path out) {
        Path dir = out.resolve("ndjson");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> lines = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Main headlines of the item files. */
    public static List<String> headlines(Path out) {
        return items(out).stream().map(i -> i.path("headlines").path(0).path("value").asText()).toList();
    }
}
