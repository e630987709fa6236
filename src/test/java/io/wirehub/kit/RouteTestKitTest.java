package io.wirehub.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.publish.WebhookSigner;
import io.wirehub.store.FeedStateStore;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.Ninjs;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubAssertions;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The route-test kit (io.wirehub.testing, published as the test-jar) does what docs/testing.md
 * says: its servers answer as configured, its receiver tells good signatures from bad, and the
 * extension runs the whole hub or a subset of it against loopback servers.
 */
class RouteTestKitTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String RSS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
            + "<link>https://wire.example/</link><description>d</description><language>en</language>"
            + "<item><title>Floods close the coastal road</title><guid isPermaLink=\"false\">kit-1</guid>"
            + "<description>Heavy rain flooded the coastal road on Monday, the police said.</description></item></channel></rss>";

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** FeedServer on its own, with the JDK's HTTP client. */
    @Nested
    class Feeds {
        @RegisterExtension
        FeedServer feeds = FeedServer.start();

        @Test
        void etagsAnswer304AndStatusesCarryTheirHeaders() throws Exception {
            feeds.serveWithETag("/a.rss", "application/rss+xml", RSS, "\"v1\"");
            feeds.status("/busy.rss", 503, "Retry-After", "120");
            HttpResponse<String> first = get(feeds.url("/a.rss"));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(RSS);
            assertThat(first.headers().firstValue("ETag")).contains("\"v1\"");
            assertThat(get(feeds.url("/a.rss"), "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);
            assertThat(get(feeds.url("/a.rss"), "If-None-Match", "\"v0\"").statusCode()).isEqualTo(200);
            HttpResponse<String> busy = get(feeds.url("/busy.rss"));
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("120");
            assertThat(get(feeds.url("/nothing")).statusCode()).isEqualTo(404);
            assertThat(feeds.requests("/a.rss")).hasSize(3).extracting(r -> r.header("If-None-Match")).containsExactly(null, "\"v1\"", "\"v0\"");
        }

        @Test
        void slowBodiesTrickle() throws Exception {
            feeds.slow("/slow.rss", "application/rss+xml", RSS, 100, Duration.ofMillis(300));
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(feeds.url("/slow.rss"));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.body()).isEqualTo(RSS);
            int chunks = (RSS.length() + 99) / 100;
            assertThat(millis).as("%d chunks 300 ms apart", chunks).isGreaterThanOrEqualTo(300L * (chunks - 1));
        }
    }

    @Test
    void theReceiverVerifiesStandardWebhooksSignatures() {
        // the example of the Standard Webhooks spec
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        String payload = "{\"test\": 2432232314}";
        String sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertThat(WebhookReceiver.verify(secret, id, "1614265330", payload, sig, 1614265330L)).isTrue();
        assertThat(WebhookReceiver.verify(secret, id, "1614265330", payload, "v1,bogus " + sig, 1614265330L)).as("any one signature").isTrue();
        assertThat(WebhookReceiver.verify(secret, id, "1614265330", payload + " ", sig, 1614265330L)).as("payload changed").isFalse();
        assertThat(WebhookReceiver.verify(secret, "msg_other", "1614265330", payload, sig, 1614265330L)).as("id changed").isFalse();
        assertThat(WebhookReceiver.verify(secret, id, "1614265330", payload, sig, 1614265330L + 301)).as("stale").isFalse();
        assertThat(WebhookReceiver.verify(WebhookSigner.newSecret(), id, "1614265330", payload, sig, 1614265330L)).as("other key").isFalse();
        assertThat(WebhookReceiver.verify(secret, id, "1614265330", payload, null, 1614265330L)).as("unsigned").isFalse();
        long now = Instant.now().getEpochSecond();
        assertThat(WebhookReceiver.verify(secret, id, Long.toString(now), payload,
                WebhookSigner.sign(secret, id, now, payload), now)).as("the hub's signer").isTrue();
    }

    @Test
    void theBundledSchemaRefusesWhatIsNotNinjs() throws Exception {
        JsonNode bad = io.wirehub.normalize.NinjsJson.MAPPER.readTree("{\"uri\": \"urn:x\", \"urgency\": 42, \"bogus\": true}");
        assertThat(Ninjs.errors(bad)).isNotEmpty();
    }

    /** The whole hub, a feed on the kit's feed server, a subscriber on its receiver. */
    @Nested
    class WholeHub {
        static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        @RegisterExtension
        @Order(1)
        FeedServer feeds = FeedServer.start();
        @RegisterExtension
        @Order(2)
        WebhookReceiver hooks = WebhookReceiver.start();

        {
            feeds.serveWithETag("/wire.rss", "application/rss+xml", RSS, "\"w1\"");
            hooks.verifying("/desk", SECRET);
        }

        @RegisterExtension
        @Order(3)
        WirehubExtension hub = WirehubExtension.builder()
                .feeds("feeds:\n  - id: wire\n    url: " + feeds.url("/wire.rss") + "\n    interval: 1s\n    agency: WIRE\n")
                .subscribers("subscribers:\n  - id: desk\n    channels:\n      - type: webhook\n        url: "
                        + hooks.url("/desk") + "\n        secrets: [" + SECRET + "]\n")
                .build();

        @Test
        void aFeedItemReachesTheSubscriberAndTheOutFolder() throws Exception {
            JsonNode item = WirehubAssertions.assertThat(hooks).at("/desk").signedWith(SECRET)
                    .receivesItemsWithHeadlines("Floods close the coastal road").get(0);
            assertThat(item.path("infoSources").toString()).contains("WIRE");
            assertThat(hooks.accepted("/desk").get(0).event()).isEqualTo("item.new");
            assertThat(hooks.at("/desk")).as("no request refused as badly signed").allMatch(r -> r.status() == 200);
            // a forged request is refused 401 by the verifying receiver
            HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(hooks.url("/desk")))
                    .header("webhook-id", "msg_forged").header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
                    .header("webhook-signature", "v1,AAAA").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
            WirehubAssertions.assertThat(hub).writesItemsWithHeadlines("Floods close the coastal road");
            // the next polls are conditional and get 304: the feed's state records no error
            await().atMost(Duration.ofSeconds(10)).until(() -> feeds.requests("/wire.rss").stream()
                    .anyMatch(r -> "\"w1\"".equals(r.header("If-None-Match"))));
            assertThat(new FeedStateStore(hub.hub().database().dataSource()).load("wire").lastError).isNull();
            // the REST API on the hub's port, with the kit's token
            HttpResponse<String> subs = get(hub.url("/api/subscribers"), "Authorization", "Bearer " + hub.apiToken());
            assertThat(subs.statusCode()).isEqualTo(200);
            assertThat(subs.body()).contains("desk");
        }
    }

    /** A subset: the inbox and the item pipeline with their stages only (no API, no polling routes). */
    @Nested
    class Subset {
        @RegisterExtension
        WirehubExtension hub = WirehubExtension.builder()
                .hubRoutes("stage-errors", "inbox", "normalize", "item-pipeline", "dedupe", "enrich", "publish")
                .configurationClasses(io.wirehub.gazetteer.EnrichConfiguration.class, io.wirehub.store.StoreConfiguration.class,
                        io.wirehub.normalize.NormalizeConfiguration.class, io.wirehub.dedupe.DedupeConfiguration.class,
                        io.wirehub.ingest.IngestConfiguration.class, io.wirehub.publish.PublishConfiguration.class)
                .property("camel.server.enabled", "false")
                .build();

        @Test
        void aFileDroppedInTheInboxComesOut() throws Exception {
            hub.drop("wire.rss", RSS);
            WirehubAssertions.assertThat(hub).writesItemsWithHeadlines("Floods close the coastal road");
            assertThat(hub.camelContext().getRoute("api-subscribers")).isNull();
            assertThat(hub.camelContext().getRoute("inbox")).isNotNull();

            // restart(): same folder and database, so the same story dropped again is a duplicate
            hub.restart();
            hub.drop("again.rss", RSS);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(hub.inbox().resolve("done/again.rss")));
            assertThat(OutDir.items(hub.out())).hasSize(1);
        }
    }
}
