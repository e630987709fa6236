package io.wirehub.ingest;

import com.sun.net.httpserver.HttpServer;
import io.wirehub.store.WebSubStore;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.WirehubExtension;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebSub subscriber against the running hub, with a feed and a WebSub hub on loopback written
 * here: discovery from the polled feed, subscription request, intent verification, signed and
 * unsigned content distribution, slower fallback polling, lease renewal and expiry.
 */
class WebSubTest {
    private static final String FEED_ID = "websub-test";
    private HttpServer server;
    private WirehubExtension hub;
    private final BlockingQueue<Map<String, String>> subscribeRequests = new LinkedBlockingQueue<>();
    private final AtomicInteger feedFetches = new AtomicInteger();

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String atom(String entryTitle, String entryId) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>WebSub test feed</title>
                  <id>urn:test:websub-feed</id>
                  <link rel="hub" href="%1$s/hub"/>
                  <link rel="self" href="%1$s/feed.xml"/>
                  <updated>2021-07-10T08:00:00Z</updated>
                  <entry>
                    <title>%2$s</title>
                    <id>%3$s</id>
                    <updated>2021-07-10T08:00:00Z</updated>
                    <content type="text">Herat province authorities said reinforcements would be sent to Islam Qala.</content>
                  </entry>
                </feed>
                """.formatted(base(), entryTitle, entryId);
    }

    private void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed.xml", ex -> {
            feedFetches.incrementAndGet();
            byte[] b = atom("Polled entry", "urn:test:polled-1").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/atom+xml");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.createContext("/hub", ex -> {
            Map<String, String> form = new LinkedHashMap<>();
            for (String kv : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    form.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
            form.put("receivedAt", Instant.now().toString());
            subscribeRequests.add(form);
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        server.start();
    }

    private HttpResponse<String> verify(Map<String, String> req, String topic, String challenge, long lease) throws Exception {
        String q = "?hub.mode=subscribe&hub.topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
                + "&hub.challenge=" + challenge + "&hub.lease_seconds=" + lease;
        String callback = req.get("hub.callback");
        return hub.get(callback.substring(callback.indexOf("/websub/")) + q);
    }

    @Test
    void subscribesVerifiesAcceptsOnlySignedContentRenewsAndExpires() throws Exception {
        startServer();
        String feeds = """
                feeds:
                  - id: %s
                    url: %s/feed.xml
                    interval: 1s
                    overrides: { allowPrivate: "true" }
                """.formatted(FEED_ID, base());
        int port = AvailablePortFinder.getNextAvailable();
        hub = WirehubExtension.builder().feeds(feeds)
                .property("camel.server.port", Integer.toString(port))
                .property("wirehub.websub.callback-base", "http://127.0.0.1:" + port)
                .property("wirehub.websub.check-interval", "200")
                .property("wirehub.websub.renew-margin", "2s")
                .property("wirehub.websub.poll-slowdown", "60")
                .property("wirehub.fetch.tick", "1s")
                .start();
        WebSub webSub = hub.camelContext().getRegistry().lookupByNameAndType("webSub", WebSub.class);
        FeedPolling polling = hub.camelContext().getRegistry().lookupByNameAndType("feedPolling", FeedPolling.class);

        // 1. the polled feed advertises a hub: wirehub asks it for a subscription
        Map<String, String> req = subscribeRequests.poll(30, TimeUnit.SECONDS);
        assertThat(req).as("subscription request").isNotNull();
        assertThat(req.get("hub.mode")).isEqualTo("subscribe");
        assertThat(req.get("hub.topic")).isEqualTo(base() + "/feed.xml");
        assertThat(req.get("hub.callback")).isEqualTo("http://127.0.0.1:" + port + "/websub/" + FEED_ID);
        assertThat(req.get("hub.secret")).hasSize(64);
        String secret = req.get("hub.secret");
        String topic = req.get("hub.topic");
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.ndjsonLines(hub.out()).stream().anyMatch(l -> l.contains("Polled entry")));

        // 2. content before the hub verified intent is not taken
        byte[] early = atom("Too early", "urn:test:early").getBytes(StandardCharsets.UTF_8);
        assertThat(hub.post("/websub/" + FEED_ID, early, "X-Hub-Signature", Signatures.sign("sha256", secret, early)).statusCode())
                .isEqualTo(404);

        // 3. intent verification: only for the topic asked for; the challenge is echoed
        assertThat(verify(req, base() + "/other.xml", "nope", 3600).statusCode()).isEqualTo(404);
        HttpResponse<String> ok = verify(req, topic, "challenge-7f3a", 3600);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("challenge-7f3a");
        assertThat(webSub.subscription(FEED_ID).state).isEqualTo(WebSubStore.ACTIVE);

        // 4. distribution: unsigned and badly signed content is refused, signed content is published
        byte[] unsigned = atom("Unsigned entry", "urn:test:unsigned").getBytes(StandardCharsets.UTF_8);
        assertThat(hub.post("/websub/" + FEED_ID, unsigned, "Content-Type", "application/atom+xml").statusCode()).isEqualTo(403);
        byte[] forged = atom("Forged entry", "urn:test:forged").getBytes(StandardCharsets.UTF_8);
        assertThat(hub.post("/websub/" + FEED_ID, forged, "X-Hub-Signature", Signatures.sign("sha256", "guessed", forged)).statusCode())
                .isEqualTo(403);
        byte[] pushed = atom("Pushed by the hub", "urn:test:pushed-1").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> accepted = hub.post("/websub/" + FEED_ID, pushed, "Content-Type", "application/atom+xml",
                "X-Hub-Signature", Signatures.sign("sha256", secret, pushed));
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.ndjsonLines(hub.out()).stream().anyMatch(l -> l.contains("Pushed by the hub")));
        assertThat(OutDir.ndjsonLines(hub.out())).noneMatch(l -> l.contains("Unsigned entry") || l.contains("Forged entry") || l.contains("Too early"));

        // 5. while the hub pushes, the feed is still polled, but 60 times less often
        assertThat(webSub.pollInterval(FEED_ID, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Instant next = polling.state(FEED_ID).nextAttemptAt;
            return next != null && next.isAfter(Instant.now().plusSeconds(30));
        });

        // 6. a short lease is renewed before it runs out; unconfirmed, it expires and polling resumes
        assertThat(verify(req, topic, "short-lease", 3).statusCode()).isEqualTo(200);
        Instant expiresAt = webSub.subscription(FEED_ID).expiresAt;
        Map<String, String> renewal = subscribeRequests.poll(10, TimeUnit.SECONDS);
        assertThat(renewal).as("renewal request").isNotNull();
        assertThat(renewal.get("hub.mode")).isEqualTo("subscribe");
        assertThat(renewal.get("hub.topic")).isEqualTo(topic);
        assertThat(Instant.parse(renewal.get("receivedAt"))).isBefore(expiresAt);
        await().atMost(Duration.ofSeconds(15)).until(() -> WebSubStore.EXPIRED.equals(webSub.subscription(FEED_ID).state));
        assertThat(webSub.pollInterval(FEED_ID, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        // polling at the normal rate finds the hub again and subscribes anew
        Map<String, String> again = subscribeRequests.poll(15, TimeUnit.SECONDS);
        assertThat(again).as("new subscription after expiry").isNotNull();
        assertThat(again.get("hub.secret")).isNotEqualTo(secret);
    }

    @Test
    void discoveryReadsLinkHeadersAndRssAtomLinks() {
        String rss = "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>t</title>"
                + "<atom:link rel=\"hub\" href=\"https://pubsubhubbub.example.org/\"/>"
                + "<atom:link href='/rss.xml' rel='self' type='application/rss+xml'/>"
                + "<item><link>https://example.org/a</link><atom:link rel=\"hub\" href=\"https://not-this.example/\"/></item></channel></rss>";
        WebSub.Links l = WebSub.discover(rss.getBytes(StandardCharsets.UTF_8), null, "https://example.org/feeds/rss.xml");
        assertThat(l.hub()).isEqualTo("https://pubsubhubbub.example.org/");
        assertThat(l.self()).isEqualTo("https://example.org/rss.xml");
        WebSub.Links h = WebSub.discover(new byte[0], "<https://hub.example.net/>; rel=\"hub\", <https://example.org/t>; rel=\"self\"",
                "https://example.org/feed");
        assertThat(h.hub()).isEqualTo("https://hub.example.net/");
        assertThat(h.self()).isEqualTo("https://example.org/t");
        assertThat(WebSub.discover("<feed><link rel=\"hub\" href=\"javascript:alert(1)\"/></feed>".getBytes(StandardCharsets.UTF_8),
                null, "https://example.org/").hub()).isNull();
        assertThat(WebSub.discover("<feed><title>no hub</title></feed>".getBytes(StandardCharsets.UTF_8), null, "https://e.org/").hub()).isNull();
    }
}
