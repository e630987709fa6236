package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.SubmittingChildHub;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub in a child JVM is killed with SIGKILL while items are still arriving and deliveries are
 * pending or in flight; started again on the same database (the feed re-sends every item, as a
 * re-poll would), every subscriber ends with every item exactly once: one webhook-id per item
 * (a request cut by the kill is re-sent with the same id, which is what receivers dedupe on), one
 * NDJSON line per event, one ninjs file per item.
 */
class CrashRecoveryTest {
    static final int N = 60;

    /** The test hub's folder, named before the hub is configured: the file channels write under it. */
    @TempDir
    Path dir;

    @Test
    void killed_with_deliveries_pending_then_restarted_every_subscriber_has_every_item_exactly_once() throws Exception {
        try (WebhookReceiver rx = new WebhookReceiver()) {
            rx.slow("/crash", 40);
            Path files = dir.resolve("files");
            String yaml = "subscribers:\n"
                    + "  - id: crash-hook\n    filter:\n      keywords: zcrash\n    channels:\n      - type: webhook\n"
                    + "        url: " + rx.url("/crash") + "\n        secrets: [" + WebhookSigner.newSecret() + "]\n"
                    + "        maxConcurrency: 2\n"
                    + "  - id: crash-files\n    filter:\n      keywords: zcrash\n    channels:\n"
                    + "      - type: file\n        dir: " + files.resolve("ninjs") + "\n        format: ninjs\n"
                    + "      - type: file\n        dir: " + files.resolve("ndjson") + "\n        format: ndjson\n";
            // The kit writes the test hub's folder and settings; the hub runs in a child JVM, so that it can be killed.
            Path config = WirehubExtension.builder().dir(dir).subscribers(yaml)
                    .property("wirehub.delivery.lease", "2s")
                    .property("wirehub.delivery.retry-schedule", "100ms,200ms,500ms,1s,1s,1s,1s,1s")
                    .property("wirehub.webhook.read-timeout", "1500")
                    .build().writeConfig();

            try (SubmittingChildHub first = SubmittingChildHub.start(config, N, 15, dir.resolve("first.log"))) {
                // Kill while items are still being submitted and webhooks are in flight.
                await().atMost(Duration.ofSeconds(60)).until(() -> rx.accepted("/crash").size() >= 8 || !first.isAlive());
                assertThat(first.isAlive()).as("child alive; log: " + Files.readString(first.log)).isTrue();
                first.kill();
            }
            int beforeRestart = rx.accepted("/crash").size();
            assertThat(beforeRestart).as("killed with deliveries pending").isLessThan(N);

            try (SubmittingChildHub second = SubmittingChildHub.start(config, N, 0, dir.resolve("second.log"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> distinctItems(rx) == N && ndjsonIds(files).size() == N);
                // Let anything wrongly re-sent show up: wait for the outbox of the second run to drain.
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(second.log).contains("ALL SUBMITTED"));
            }

            // Webhook: every item, one webhook-id each; a repeated id only for a request the kill cut.
            Map<String, Set<String>> idsByItem = new HashMap<>();
            for (WebhookReceiver.Received r : rx.accepted("/crash")) {
                idsByItem.computeIfAbsent(item(r.body()), k -> new HashSet<>()).add(r.id());
            }
            assertThat(idsByItem).hasSize(N);
            assertThat(idsByItem.values()).allMatch(s -> s.size() == 1);
            long resent = rx.accepted("/crash").size() - N;
            System.out.printf("crash test: killed after %d of %d webhooks accepted; %d same-id re-send(s) after restart%n",
                    beforeRestart, N, resent);
            assertThat(resent).as("same-id re-sends (requests in flight at the kill)").isLessThanOrEqualTo(2);

            // Files: one ninjs file per item, one NDJSON line per event.
            try (Stream<Path> s = Files.walk(files.resolve("ninjs"))) {
                assertThat(s.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(N);
            }
            List<String> lines = ndjsonLines(files);
            assertThat(lines).hasSize(N);
            assertThat(ndjsonIds(files)).hasSize(N);
        }
    }

    static long distinctItems(WebhookReceiver rx) {
        return rx.accepted("/crash").stream().map(r -> item(r.body())).distinct().count();
    }

    static String item(String body) {
        try {
            return NinjsJson.MAPPER.readTree(body).at("/item/uri").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> ndjsonLines(Path files) throws IOException {
        Path d = files.resolve("ndjson").resolve("ndjson");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).filter(l -> !l.isBlank()).toList();
        }
    }

    static Set<String> ndjsonIds(Path files) throws IOException {
        return ndjsonLines(files).stream().map(l -> {
            try {
                JsonNode n = NinjsJson.MAPPER.readTree(l);
                return n.get("id").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
    }
}
