package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.FullDisk;
import io.wirehub.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static io.wirehub.publish.FileSinkIdempotenceTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file writers on a full disk (a size-limited disk over a real folder: what does not fit is
 * written in part, for real, then ENOSPC): a line is appended whole or not at all, a failed item
 * file leaves nothing behind, and the failure is thrown so the delivery is retried.
 */
class FileSinkDiskFullTest {
    @TempDir
    Path out;

    static long jsonBytes(NinjsItem i) throws Exception {
        return NinjsJson.write(i).getBytes(StandardCharsets.UTF_8).length;
    }

    static List<String> lines(Path f) throws Exception {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
    }

    /** Every line parses as JSON; returns the uris. */
    static List<String> uris(Path f) throws Exception {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return text.lines().map(l -> {
            try {
                JsonNode n = NinjsJson.MAPPER.readTree(l);
                return n.has("item") ? n.at("/item/uri").asText() : n.get("uri").asText();
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }

    static long tmpFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aLineCutByAFullDiskIsRemovedAndTheItemIsWrittenWholeOnTheRetry() throws Exception {
        FullDisk disk = new FullDisk(out);
        FileSink sink = new FileSink(out, disk);
        NinjsItem a = item("urn:test:1", "1", "Hanoi swelters");
        NinjsItem b = item("urn:test:2", "1", "Hanoi floods!!");
        NinjsItem c = item("urn:test:3", "1", "Hanoi dries up");
        sink.write(a);
        Path day = out.resolve("ndjson/2024-06-03.ndjson");
        long before = Files.size(day);

        // room for b's item file and 40 bytes of its line
        disk.fill(jsonBytes(b) + 40);
        assertThatThrownBy(() -> sink.write(b)).isInstanceOf(FileWriteException.class)
                .satisfies(e -> assertThat(((FileWriteException) e).reason()).isEqualTo(FullDisk.ENOSPC))
                .satisfies(e -> assertThat(((FileWriteException) e).file()).isEqualTo(day));
        assertThat(disk.partialWrites.get()).as("a partial line was really written").isPositive();
        assertThat(Files.size(day)).as("cut back to the last complete line").isEqualTo(before);
        // the retry on a still full disk fails in the item file: no partial or empty file left
        assertThatThrownBy(() -> sink.write(b)).isInstanceOf(FileWriteException.class);
        assertThat(tmpFiles(out)).isZero();

        disk.unlimited();
        sink.write(b);
        sink.write(c);
        assertThat(uris(day)).containsExactly("urn:test:1", "urn:test:2", "urn:test:3");
        try (Stream<Path> s = Files.walk(out.resolve("items"))) {
            assertThat(s.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(3);
        }
        // and a new sink (a restart) finds each line once
        new FileSink(out).write(b);
        assertThat(lines(day)).hasSize(3);
    }

    @Test
    void anItemFileThatDoesNotFitLeavesNoPartialOrEmptyFile() throws Exception {
        FullDisk disk = new FullDisk(out);
        FileSink sink = new FileSink(out, disk);
        NinjsItem a = item("urn:test:1", "1", "Hanoi swelters");
        disk.fill(jsonBytes(a) / 2);
        assertThatThrownBy(() -> sink.write(a)).isInstanceOf(FileWriteException.class)
                .hasMessageContaining(FullDisk.ENOSPC).hasMessageContaining("items");
        assertThat(disk.partialWrites.get()).isPositive();
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("no file left").isEmpty();
        }
        assertThat(out.resolve("ndjson/2024-06-03.ndjson")).doesNotExist();
    }

    @Test
    void theNdjsonFormatAlsoAppendsWholeLinesOnly() throws Exception {
        FullDisk disk = new FullDisk(out);
        FileChannel files = new FileChannel();
        files.opener(disk);
        SubscriberSpec.Channel ch = new SubscriberSpec.Channel();
        ch.type = "file";
        ch.format = "ndjson";
        ch.dir = out.toString();
        String e1 = envelope("evt-1", item("urn:test:1", "1", "Hanoi swelters"));
        String e2 = envelope("evt-2", item("urn:test:2", "1", "Hanoi floods!!"));
        files.write(ch, e1);
        Path day = out.resolve("ndjson/2024-06-03.ndjson");
        long before = Files.size(day);
        disk.fill(30); // the event id is in the first 30 bytes: a cut line must not count as written
        assertThatThrownBy(() -> files.write(ch, e2)).isInstanceOf(FileWriteException.class);
        assertThat(disk.partialWrites.get()).isPositive();
        assertThat(Files.size(day)).isEqualTo(before);
        disk.unlimited();
        files.write(ch, e2);
        files.write(ch, e2); // a re-delivery: not appended twice
        assertThat(uris(day)).containsExactly("urn:test:1", "urn:test:2");
    }

    @Test
    void aFileLeftTornByAnOlderVersionIsRepairedWithAWarning() throws Exception {
        new FileSink(out).write(item("urn:test:1", "1", "Hanoi swelters"));
        Path day = out.resolve("ndjson/2024-06-03.ndjson");
        // what a kill -9 mid-append (or a full disk before this fix) left
        Files.writeString(day, "{\"uri\":\"urn:test:2\",\"type\":\"te", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (LogCapture log = new LogCapture()) {
            new FileSink(out).write(item("urn:test:3", "1", "Hanoi dries up"));
            assertThat(log.lines("WARN", day.toString(), "cut last line")).hasSize(1);
        }
        assertThat(uris(day)).containsExactly("urn:test:1", "urn:test:3");
    }

    static String envelope(String id, NinjsItem item) throws Exception {
        var env = NinjsJson.MAPPER.createObjectNode();
        env.put("id", id);
        env.put("type", "item.published");
        env.set("item", NinjsJson.MAPPER.readTree(NinjsJson.write(item)));
        return NinjsJson.MAPPER.writeValueAsString(env);
    }
}
