package io.wirehub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.LogCapture;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations on a running hub, from outside over HTTP: health (readiness and liveness apart),
 * Prometheus metrics, the feed health API, missed-item detection with a loopback feed whose window
 * slides past unseen items, and feed health surviving a restart.
 */
class OperationsTest {
    static final String TOKEN = "ops-test-token";
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    FeedServer feeds = FeedServer.start();
    WirehubExtension hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private WirehubExtension start(String feedsYaml) throws Exception {
        return WirehubExtension.builder().feeds(feedsYaml).property("wirehub.api.token", TOKEN).start();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return token == null ? hub.get(path) : hub.get(path, "Authorization", "Bearer " + token);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return hub.post(path, new byte[0], "Authorization", "Bearer " + TOKEN);
    }

    private JsonNode feed(String id) throws Exception {
        HttpResponse<String> r = get("/api/feeds/" + id, TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    private static final String[] WORDS = ("harvest rice prices weather flood bridge election court budget railway port"
            + " school hospital football concert museum airline factory market storm drought festival satellite vaccine"
            + " minister parliament strike bank tourism").split(" ");

    /** An RSS document of items from..to (newest first), each about different things so dedupe keeps them apart. */
    static String rss(int from, int to) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://example.org/</link>"
                + "<description>d</description>");
        for (int i = to; i >= from; i--) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                text.append(WORDS[(int) ((i * 7919L + k * 104729L * (i % 13 + 1)) % WORDS.length)]).append(' ').append(i * 31 + k).append(' ');
            }
            sb.append("<item><title>").append(WORDS[i % WORDS.length]).append(" report ").append(i).append(' ').append(text, 0, 40)
                    .append("</title><guid>https://example.org/n/").append(i).append("</guid><link>https://example.org/n/").append(i)
                    .append("</link><description>").append(text).append("</description></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    @Test
    void health_metrics_and_feed_api_report_a_failing_feed_without_taking_the_hub_down() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        feeds.on("/broken.rss", ex -> FeedServer.send(ex, status.get(), "application/rss+xml", status.get() == 200 ? rss(1, 3) : "oops"));
        hub = start("feeds:\n  - id: broken\n    url: " + feeds.url("/broken.rss") + "\n    interval: 1h\n");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(feed("broken").path("state").asText()).isEqualTo("failing"));
        JsonNode f = feed("broken");
        assertThat(f.path("lastError").asText()).contains("HTTP 500");
        assertThat(f.path("consecutiveErrors").asInt()).isEqualTo(1);
        assertThat(f.path("lastErrorAt").isNull()).isFalse();
        assertThat(f.path("nextPoll").isNull()).isFalse();

        // readiness: database, disk, gazetteer, routes; the failing feed is reported, not a failure
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/observe/health/ready", null).statusCode()).isEqualTo(200));
        HttpResponse<String> health = get("/observe/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.path("status").asText()).isEqualTo("UP");
        for (String c : new String[]{"database", "disk-space", "gazetteer", "feeds"}) {
            assertThat(check(h, c)).as(c).isNotNull();
            assertThat(check(h, c).path("status").asText()).as(c).isEqualTo("UP");
        }
        assertThat(check(h, "feeds").path("message").asText()).contains("broken failing");
        assertThat(check(h, "route:enrich")).isNotNull();
        // ?data=true (Camel's convention) adds each check's figures: free bytes, places, database kind
        JsonNode data = JSON.readTree(get("/observe/health?data=true", null).body());
        assertThat(check(data, "disk-space").path("data").path("data.free.bytes").asLong()).isPositive();
        assertThat(check(data, "gazetteer").path("data").path("places").asInt()).isGreaterThan(100_000);
        assertThat(check(data, "database").path("data").path("database").asText()).isEqualTo("h2");
        HttpResponse<String> live = get("/observe/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).doesNotContain("\"feeds\"");

        // metrics: Camel's and wirehub's series, with HELP lines
        HttpResponse<String> metrics = get("/observe/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        String m = metrics.body();
        assertThat(m).contains("wirehub_feeds{state=\"failing\"} 1.0", "# HELP wirehub_feeds ",
                "# HELP wirehub_outbox_depth ", "wirehub_outbox_depth{state=\"pending\"}",
                "wirehub_feed_last_success_age_seconds{feed=\"broken\"} NaN", "camel_exchanges_total");

        // the API needs the token; unknown feeds are 404
        assertThat(get("/api/feeds", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/feeds/nope", TOKEN).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get("/api/feeds", TOKEN).body()).get(0).path("id").asText()).isEqualTo("broken");

        // the feed recovers; "poll now" does not wait for the hour of backoff
        status.set(200);
        int before = feeds.requests("/broken.rss").size();
        assertThat(post("/api/feeds/broken/poll").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(feed("broken").path("state").asText()).isEqualTo("ok"));
        assertThat(feeds.requests("/broken.rss").size()).isGreaterThan(before);
        f = feed("broken");
        assertThat(f.path("consecutiveErrors").asInt()).isZero();
        assertThat(f.path("itemsLast24h").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String s = get("/observe/metrics", null).body();
            assertThat(s).contains("wirehub_items_in_total{feed=\"broken\",format=\"rss\"} 3.0",
                    "wirehub_documents_in_total{feed=\"broken\",format=\"rss\"} 1.0",
                    "wirehub_dedupe_decisions_total{decision=\"new\"} 3.0", "wirehub_stage_latency_seconds_count{stage=\"enrich\"} 3",
                    "wirehub_deliveries_total{channel=\"file\",outcome=\"delivered\"} 3.0", "wirehub_delivery_latency_seconds_bucket",
                    "wirehub_feeds{state=\"ok\"} 1.0", "wirehub_items_geotagged_total");
        });
        // every series carries a HELP line with a text
        for (String line : get("/observe/metrics", null).body().split("\n")) {
            if (line.startsWith("# HELP wirehub_")) {
                assertThat(line.split(" ", 4)).as(line).hasSize(4);
                assertThat(line.split(" ", 4)[3]).as(line).isNotBlank();
            }
        }
    }

    @Test
    void a_feed_that_pushes_items_out_between_polls_is_flagged_polled_faster_and_remembered_across_a_restart() throws Exception {
        // a sliding window of the 10 newest items of everything published so far
        AtomicInteger published = new AtomicInteger(10);
        feeds.on("/window.rss", ex -> FeedServer.send(ex, 200, "application/rss+xml",
                rss(Math.max(1, published.get() - 9), published.get())));
        String yaml = "feeds:\n  - id: window\n    url: " + feeds.url("/window.rss") + "\n    interval: 1h\n";
        try (LogCapture log = new LogCapture()) {
            hub = start(yaml);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(feed("window").path("itemsTotal").asInt()).isEqualTo(10));
            assertThat(feed("window").path("state").asText()).isEqualTo("ok");
            assertThat(feed("window").path("interval").asText()).isEqualTo("PT1H");

            // 25 published between two polls: the window of 10 no longer overlaps the previous poll
            published.addAndGet(25);
            assertThat(post("/api/feeds/window/poll").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(feed("window").path("state").asText()).isEqualTo("overflowing"));
            JsonNode f = feed("window");
            assertThat(f.path("overflowing").asBoolean()).isTrue();
            assertThat(f.path("interval").asText()).isEqualTo("PT30M");
            assertThat(f.path("overflows").asInt()).isEqualTo(1);
            assertThat(get("/observe/metrics", null).body()).contains("wirehub_feed_overflows_total{feed=\"window\"} 1.0",
                    "wirehub_feeds{state=\"overflowing\"} 1.0");

            // again: halved again, one log line for the change only
            published.addAndGet(25);
            post("/api/feeds/window/poll");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(feed("window").path("overflows").asInt()).isEqualTo(2));
            assertThat(feed("window").path("interval").asText()).isEqualTo("PT15M");
            assertThat(log.lines("feed window", "pushed out between polls")).hasSize(1);
        }

        // feed health lives in the database: a restarted hub still knows
        hub.restart();
        JsonNode f = feed("window");
        assertThat(f.path("state").asText()).isEqualTo("overflowing");
        assertThat(f.path("interval").asText()).isEqualTo("PT15M");

        // overlaps return: the interval doubles back towards the feed's own
        published.addAndGet(3);
        post("/api/feeds/window/poll");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(feed("window").path("state").asText()).isEqualTo("ok"));
        assertThat(feed("window").path("interval").asText()).isEqualTo("PT30M");
        published.addAndGet(3);
        AtomicReference<String> interval = new AtomicReference<>();
        post("/api/feeds/window/poll");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            interval.set(feed("window").path("interval").asText());
            assertThat(interval.get()).isEqualTo("PT1H");
        });
    }
}
