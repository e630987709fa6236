package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.Hub;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.FullDisk;
import io.wirehub.testing.LogCapture;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real hub whose own out/ folder (the built-in subscriber "hub") is on a disk that fills up: a
 * size-limited disk over the real folder, so the NDJSON line of an item is really written in part
 * before ENOSPC. While the disk is full nothing is marked delivered for "hub" and the failure is
 * logged once per step of the retry schedule, not per item; a webhook and another folder get
 * every item meanwhile. When space returns, the day file parses line by line with every item once.
 */
class DiskFullDeliveryTest {
    static final int N = 20;
    static final long RETRY_MS = 300;
    static final double JITTER = 0.2;
    static final String[] WORDS = ("harbour ferry monsoon rice export tariff senate ballot vaccine clinic "
            + "railway bridge typhoon levee drought wheat satellite launch startup merger court verdict "
            + "festival museum orchestra stadium marathon glacier volcano reef tourism airline strike "
            + "union pension budget deficit currency inflation refinery pipeline reactor turbine").split(" ");

    /** The hub's folder, named before it starts: FullDisk watches its out/. */
    @TempDir
    Path dir;

    static NinjsItem item(int i) {
        Random r = new Random(i * 7919L);
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 14; w++) {
            body.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return SeedItem.simple("urn:test:disk-" + i, "Story " + i + " on " + WORDS[i % WORDS.length],
                body + "zdisk " + i);
    }

    @Test
    void aFullDiskForTheHubFolderIsRetriedWithoutTornLinesAndLoggedOncePerStep() throws Exception {
        Path out = dir.resolve("out");
        Path other = dir.resolve("other");
        try (WebhookReceiver rx = new WebhookReceiver(); LogCapture log = new LogCapture()) {
            String yaml = "subscribers:\n"
                    + "  - id: disk-hook\n    filter:\n      keywords: zdisk\n    channels:\n      - type: webhook\n"
                    + "        url: " + rx.url("/disk") + "\n        secrets: [" + WebhookSigner.newSecret() + "]\n"
                    + "  - id: disk-other\n    filter:\n      keywords: zdisk\n    channels:\n"
                    + "      - type: file\n        dir: " + other + "\n        format: ndjson\n";
            FullDisk disk = new FullDisk(out);
            try (WirehubExtension wirehub = WirehubExtension.builder().dir(dir).subscribers(yaml)
                    // long enough that nothing is dead-lettered while the disk is full
                    .property("wirehub.delivery.retry-schedule", String.join(",", java.util.Collections.nCopies(60, RETRY_MS + "ms")))
                    .property("wirehub.delivery.retry-jitter", Double.toString(JITTER))
                    .start()) {
                Hub hub = wirehub.hub();
                hub.delivery().worker().fileOpener(disk);
                Outbox outbox = hub.delivery().outbox();
                wirehub.submit(item(0), "disk-feed");
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(outbox, "hub") == 1);
                long itemFile;
                try (Stream<Path> s = Files.walk(out.resolve("items"))) {
                    itemFile = Files.size(s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow());
                }

                // Room for the next item file and 40 bytes of its line: the line is cut for real.
                long t0 = System.nanoTime();
                disk.fill(itemFile + 40);
                wirehub.submit(item(1), "disk-feed");
                await().atMost(Duration.ofSeconds(30)).until(() -> disk.partialWrites.get() > 0 && failing(outbox) == 1);
                for (int i = 2; i <= N; i++) {
                    wirehub.submit(item(i), "disk-feed");
                }
                // every hub delivery fails a few times; the other subscribers get everything meanwhile
                await().atMost(Duration.ofSeconds(60)).until(() -> failing(outbox) == N && minAttempts(outbox) >= 3);
                await().atMost(Duration.ofSeconds(30)).until(() -> rx.accepted("/disk").stream()
                        .map(r -> CrashRecoveryTest.item(r.body())).distinct().count() == N + 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(other).size() == N + 1);
                assertThat(delivered(outbox, "hub")).as("nothing marked delivered while the disk is full").isEqualTo(1);
                assertThat(lines(out)).as("the day file holds the one complete line").hasSize(1);
                List<String> warns = log.lines("WARN", "subscriber hub", out.toString(), FullDisk.ENOSPC);
                long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
                long failures = hub.delivery().worker().failed.get();

                disk.unlimited();
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(outbox, "hub") == N + 1);

                // Whole lines only, every item once, no partial item file.
                String text = Files.readString(dayFile(out), StandardCharsets.UTF_8);
                assertThat(text).endsWith("\n");
                List<String> uris = new ArrayList<>();
                for (String l : text.split("\n")) {
                    JsonNode n = NinjsJson.MAPPER.readTree(l); // throws on a glued or cut line
                    uris.add(n.get("uri").asText());
                }
                assertThat(uris).hasSize(N + 1).doesNotHaveDuplicates();
                assertThat(OutDir.items(out)).hasSize(N + 1);
                try (Stream<Path> s = Files.walk(out)) {
                    assertThat(s.filter(f -> f.toString().endsWith(".tmp")).toList()).isEmpty();
                }

                // Logged per step of the retry schedule, not per item: at least two steps, never two
                // reports closer than the shortest retry delay, far fewer lines than failures.
                System.out.printf("disk full test: %d failed attempts in %d ms, %d WARN line(s)%n", failures, elapsedMs, warns.size());
                assertThat(warns).hasSizeGreaterThanOrEqualTo(2);
                assertThat((long) warns.size()).isLessThanOrEqualTo(1 + elapsedMs / (long) (RETRY_MS * (1 - JITTER)));
                assertThat(failures).isGreaterThanOrEqualTo(3L * N);
                assertThat((long) warns.size()).isLessThan(failures / 5);
                assertThat(log.lines("INFO", "subscriber hub", "again")).hasSize(1);
                assertThat(log.lines("WARN", "disk-other")).isEmpty();
            }
        }
    }

    static long delivered(Outbox outbox, String sub) throws Exception {
        return outbox.list(Outbox.DELIVERED, sub, 1000).size();
    }

    static long failing(Outbox outbox) throws Exception {
        return outbox.list(Outbox.PENDING, "hub", 1000).stream().filter(r -> r.attempts() > 0).count();
    }

    static int minAttempts(Outbox outbox) throws Exception {
        return outbox.list(Outbox.PENDING, "hub", 1000).stream().mapToInt(Outbox.Row::attempts).min().orElse(0);
    }

    static Path dayFile(Path root) {
        return root.resolve("ndjson").resolve("2026-11-24.ndjson");
    }

    static List<String> lines(Path root) throws Exception {
        Path f = dayFile(root);
        return Files.isRegularFile(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }
}
