package io.wirehub.dedupe;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.ChildHub;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub killed with SIGKILL in the middle of a batch and started again on the same folders:
 * every item of the batch ends up in the file sink exactly once (one NDJSON line, one JSON file),
 * none lost, none twice.
 */
class HubCrashRestartTest {
    static final int FILES = 40;
    static final int ITEMS_PER_FILE = 25;

    /** The hub's out/ folder. */
    Path out;

    @Test
    void killedMidBatchAndRestartedDeliversEveryItemExactlyOnce() throws Exception {
        // The kit writes the test hub's folder; the hub itself runs in a child JVM, so that it can be killed.
        // Rows the killed hub had leased for delivery are due again once their lease ends: a short
        // lease (file sink attempts take milliseconds) keeps the test from waiting the default 2 minutes.
        try (WirehubExtension folder = WirehubExtension.builder().property("wirehub.delivery.lease", "5s").build()) {
            folder.writeConfig();
            out = folder.out();
            killMidBatchAndRestart(folder.dir(), folder.inbox(), folder.dir().resolve("hub.log"));
        }
    }

    private void killMidBatchAndRestart(Path folder, Path inbox, Path log) throws Exception {
        Set<String> guids = writeBatch(inbox);

        ChildHub first = ChildHub.startIn(folder, log);
        try {
            await("the hub has delivered part of the batch").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ndjsonLines().size() >= 60 || !first.isAlive());
            assertThat(first.isAlive()).as("hub running; log:%n%s", first.output()).isTrue();
            first.kill();
        } finally {
            first.kill();
        }
        int atKill = ndjsonLines().size();
        System.out.printf("hub killed (SIGKILL) after %d of %d items%n", atKill, guids.size());
        assertThat(atKill).as("killed in the middle of the batch").isLessThan(guids.size());

        try (ChildHub second = ChildHub.startIn(folder, log)) {
            await("every item delivered after the restart").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                    .until(() -> guidsIn(ndjsonLines()).size() >= guids.size() && inboxEmpty(inbox) || !second.isAlive());
            assertThat(second.isAlive()).as("hub running; log:%n%s", second.output()).isTrue();
        }

        String childLog = Files.readString(log);
        System.out.printf("after the restart: %d item(s) written before the kill but not yet recorded were not appended again%n",
                childLog.split("written before a restart", -1).length - 1);
        List<String> lines = ndjsonLines();
        Map<String, Integer> count = new HashMap<>();
        for (String g : guidList(lines)) {
            count.merge(g, 1, Integer::sum);
        }
        assertThat(count.keySet()).as("no item lost").containsExactlyInAnyOrderElementsOf(guids);
        assertThat(count.values()).as("no item delivered twice to the NDJSON sink").allMatch(n -> n == 1);
        assertThat(lines).hasSize(guids.size());
        try (Stream<Path> files = Files.walk(out.resolve("items"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).as("one JSON file per item")
                    .isEqualTo(guids.size());
        }
    }

    private boolean inboxEmpty(Path inbox) throws IOException {
        try (Stream<Path> s = Files.list(inbox)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }

    private List<String> ndjsonLines() throws IOException {
        Path dir = out.resolve("ndjson");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".ndjson")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.endsWith("}"));
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).toList();
        }
    }

    private static Set<String> guidsIn(List<String> lines) throws IOException {
        return new HashSet<>(guidList(lines));
    }

    private static List<String> guidList(List<String> lines) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String l : lines) {
            JsonNode n = NinjsJson.MAPPER.readTree(l);
            for (JsonNode a : n.path("altIds")) {
                if ("guid".equals(a.path("role").asText())) {
                    out.add(a.path("value").asText());
                }
            }
        }
        return out;
    }

    /** RSS files of distinct stories (random words, so no two are the same story), moved into the inbox whole. */
    private static Set<String> writeBatch(Path inbox) throws IOException {
        String[] vocab = io.wirehub.cli.RandomWords.vocabulary(42, 4000, 3, 7);
        Random rnd = new Random(43);
        Set<String> guids = new HashSet<>();
        for (int f = 0; f < FILES; f++) {
            StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                    + "<title>Crash test wire " + f + "</title><link>https://wire.example/</link><description>test</description>\n");
            for (int i = 0; i < ITEMS_PER_FILE; i++) {
                String guid = "crash-" + f + "-" + i;
                guids.add(guid);
                x.append("<item><guid isPermaLink=\"false\">").append(guid).append("</guid><title>").append(io.wirehub.cli.RandomWords.words(rnd, vocab, 8))
                        .append("</title><description>").append(io.wirehub.cli.RandomWords.words(rnd, vocab, 60)).append("</description>")
                        .append("<pubDate>Mon, 03 Jun 2024 0").append(i % 10).append(":00:00 GMT</pubDate></item>\n");
            }
            x.append("</channel></rss>\n");
            Path tmp = inbox.resolve("batch-" + f + ".xml.tmp");
            Files.writeString(tmp, x.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, inbox.resolve(String.format("batch-%02d.xml", f)), StandardCopyOption.ATOMIC_MOVE);
        }
        return guids;
    }
}
