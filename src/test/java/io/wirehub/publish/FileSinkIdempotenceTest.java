package io.wirehub.publish;

import io.wirehub.normalize.NinjsItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The file sink after a crash: an item written but not recorded comes again and is not written twice. */
class FileSinkIdempotenceTest {
    @TempDir
    Path out;

    static NinjsItem item(String uri, String version, String headline) {
        NinjsItem i = new NinjsItem();
        i.uri = uri;
        i.type = "text";
        i.version = version;
        i.firstCreated = "2024-06-03T04:00:00Z";
        i.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", headline));
        return i;
    }

    @Test
    void sameUriAndVersionAfterARestartIsNotAppendedAgainButANewVersionIs() throws Exception {
        new FileSink(out).write(item("urn:test:1", "1", "Hanoi swelters"));
        new FileSink(out).write(item("urn:test:2", "1", "Hanoi floods"));
        // "restart": a new sink (nothing in memory) gets item 1 again, then its version 2
        FileSink again = new FileSink(out);
        again.write(item("urn:test:1", "1", "Hanoi swelters"));
        again.write(item("urn:test:1", "2", "Hanoi swelters, corrected"));
        List<String> lines = Files.readAllLines(out.resolve("ndjson/2024-06-03.ndjson"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("corrected").contains("\"version\":\"2\"");
        try (var files = Files.walk(out.resolve("items"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(2);
        }
    }

    @Test
    void aLineCutShortByAKillIsRemovedBeforeTheNextAppend() throws Exception {
        new FileSink(out).write(item("urn:test:1", "1", "Hanoi swelters"));
        Path day = out.resolve("ndjson/2024-06-03.ndjson");
        Files.writeString(day, "{\"uri\":\"urn:test:2\",\"type\":\"te", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        new FileSink(out).write(item("urn:test:2", "1", "Hanoi floods"));
        List<String> lines = Files.readAllLines(day);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("{\"uri\":\"urn:test:2\"").endsWith("}");
    }
}
