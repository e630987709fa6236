package io.wirehub.ingest;

import io.wirehub.Hub;
import io.wirehub.publish.Outbox;
import io.wirehub.store.FeedStateStore;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What goes on the wire, tried from outside on the running hub: every outbound request (poll,
 * redirect hop, webhook) reaches exactly the URL configured or redirected to, a receiver or feed
 * asking to wait is scheduled rather than slept on, and a private-address allowance belongs to the
 * one feed or subscriber that declared it.
 */
class OutboundRequestsTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @RegisterExtension
    FeedServer server = FeedServer.start();
    @RegisterExtension
    WebhookReceiver rx = WebhookReceiver.start();
    WirehubExtension hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** Distinct stories, so that dedupe keeps every item. */
    static final String[] STORIES = {
            "Flood warning issued for the Mekong delta|Rivers rose overnight and farmers moved cattle to higher ground.",
            "Central bank holds rates steady|Policy makers cited slowing inflation and a weaker export outlook.",
            "Ferry service resumes after storm|Operators said the first boats left the harbour at dawn with full decks.",
            "Museum returns looted bronze statues|The pieces were handed over at a ceremony attended by two ministers.",
            "Marathon record falls in hot weather|The winner crossed the line two minutes ahead of the previous best.",
            "Rail strike halts commuter trains|Unions demanded higher pay and shorter shifts for night crews.",
    };

    static final java.util.concurrent.atomic.AtomicInteger NEXT_STORY = new java.util.concurrent.atomic.AtomicInteger();

    /** An RSS feed of {@code n} items, each a story no other call of this test gave (up to six per test). */
    static String rss(String prefix, int n) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
                + "<link>https://agency.example/</link><description>d</description><language>en</language>");
        for (int i = 0; i < n; i++) {
            String[] story = STORIES[NEXT_STORY.getAndIncrement() % STORIES.length].split("\\|");
            sb.append("<item><title>").append(story[0]).append(" (").append(prefix).append(')').append("</title>")
                    .append("<guid isPermaLink=\"false\">").append(prefix).append('-').append(i).append("</guid>")
                    .append("<link>https://agency.example/").append(prefix).append('/').append(i).append("</link>")
                    .append("<pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><description>").append(story[1])
                    .append(' ').append(prefix).append(' ').append(i).append(".</description></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    /** A test hub (its feed tick 1 s) on these feeds and subscribers (none when null). */
    static WirehubExtension.Builder hub(String feedsYaml, String subscribersYaml) {
        WirehubExtension.Builder b = WirehubExtension.builder().feeds(feedsYaml).property("wirehub.fetch.tick", "1s");
        return subscribersYaml == null ? b : b.subscribers(subscribersYaml);
    }

    @Test
    void feed_and_redirect_queries_reach_the_server_byte_for_byte() throws Exception {
        // Keys, tokens, ?format=rss, Google News style queries: percent escapes, '+', '~' and a repeated key.
        String query = "cat=world&page=2&q=H%C3%A0+N%E1%BB%99i&key=a~b_c.d-e&tag=x&tag=y";
        server.serve("/rss", "application/rss+xml", rss("q", 2));
        server.on("/moved", ex -> {
            ex.getResponseHeaders().set("Location", "/final?format=rss&sig=%2Fab%3D&t=~x");
            ex.sendResponseHeaders(301, -1);
        });
        server.serve("/final", "application/rss+xml", rss("r", 2));
        server.serve("/plain", "application/rss+xml", rss("p", 1));
        hub = hub("feeds:\n"
                + "  - id: query\n    url: " + server.url("/rss?" + query) + "\n    interval: 1h\n"
                + "  - id: redirected\n    url: " + server.url("/moved?id=7&x=%20y") + "\n    interval: 1h\n"
                + "  - id: plain\n    url: " + server.url("/plain") + "\n    interval: 1h\n", null).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.items(hub.out()).size() == 5);

        assertThat(server.requests("/rss")).extracting(FeedServer.Request::rawQuery).containsOnly(query);
        assertThat(server.requests("/moved")).extracting(FeedServer.Request::rawQuery).containsOnly("id=7&x=%20y");
        assertThat(server.requests("/final")).extracting(FeedServer.Request::rawQuery).containsOnly("format=rss&sig=%2Fab%3D&t=~x");
        assertThat(server.requests("/plain")).extracting(FeedServer.Request::rawQuery).containsOnly((String) null);
    }

    @Test
    void webhook_query_reaches_the_receiver_byte_for_byte() throws Exception {
        String query = "token=abc%2Bdef&v=2&sig=~k";
        hub = hub("feeds: []\n", "subscribers:\n  - id: tokened\n    channels:\n      - type: webhook\n"
                + "        url: " + rx.url("/x?" + query) + "\n        secrets: [" + SECRET + "]\n").start();
        hub.submit(SeedItem.simple("urn:test:q1", "Dyke breach near Can Tho", "Water rose in the delta overnight."), "test");
        await().atMost(Duration.ofSeconds(15)).until(() -> !rx.accepted("/x").isEmpty());
        assertThat(rx.at("/x")).extracting(WebhookReceiver.Received::rawQuery).containsOnly(query);
    }

    @Test
    void receivers_answering_429_retry_after_an_hour_never_hold_the_healthy_one_and_the_hub_stops_in_time() throws Exception {
        StringBuilder yaml = new StringBuilder("subscribers:\n");
        for (String s : List.of("busy1", "busy2", "busy3", "healthy")) {
            if (!s.equals("healthy")) {
                rx.on("/" + s, n -> 429).header("/" + s, "Retry-After: 3600");
            }
            yaml.append("  - id: ").append(s).append("\n    channels:\n      - type: webhook\n        url: ")
                    .append(rx.url("/" + s)).append("\n        secrets: [").append(SECRET).append("]\n");
        }
        // The test hub retries within milliseconds: only Retry-After can make a delivery wait an hour.
        hub = hub("feeds: []\n", yaml.toString()).property("camel.main.shutdown-timeout", "5").start();
        Instant t0 = Instant.now();
        int items = 40;
        for (int i = 0; i < items; i++) {
            hub.submit(SeedItem.simple("urn:test:busy-" + i, words(i, 8), words(1000 + i, 24) + "."), "test");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rx.accepted("/healthy").size() == items);
        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(10));
        for (String s : List.of("/busy1", "/busy2", "/busy3")) {
            // Each busy receiver was asked once per delivery in flight when it first said 429, then left alone:
            // no client retry slept on it, no request per item.
            assertThat(rx.at(s)).hasSizeBetween(1, 4);
        }
        // Their deliveries wait, pending, for the hour the receivers asked (wirehub.delivery.max-retry-after caps it),
        // in the database: the API shows it and a restart keeps it.
        for (String s : List.of("busy1", "busy2", "busy3")) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<Instant> next = nextAttempts(hub.hub(), s);
                assertThat(next).hasSize(items);
                assertThat(next).allMatch(n -> n.isAfter(t0.plus(Duration.ofMinutes(50))), "due in about an hour");
            });
        }
        long s0 = System.nanoTime();
        hub.stopHub();
        assertThat(Duration.ofNanos(System.nanoTime() - s0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void a_feed_answering_429_is_scheduled_for_its_retry_after_not_slept_on() throws Exception {
        server.on("/busy", ex -> {
            ex.getResponseHeaders().set("Retry-After", "3600");
            FeedServer.send(ex, 429, "text/plain", "slow down");
        });
        server.serve("/good", "application/rss+xml", rss("g", 2));
        hub = hub("feeds:\n  - id: busy\n    url: " + server.url("/busy") + "\n    interval: 1s\n"
                + "  - id: good\n    url: " + server.url("/good") + "\n    interval: 1s\n", null).start();
        FeedStateStore states = new FeedStateStore(hub.hub().database().dataSource());
        Instant t0 = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> states.load("busy").errorCount >= 1);
        FeedStateStore.State s = states.load("busy");
        assertThat(s.lastError).contains("429");
        assertThat(s.nextAttemptAt).isAfter(t0.plus(Duration.ofMinutes(50)));
        await().atMost(Duration.ofSeconds(10)).until(() -> OutDir.items(hub.out()).size() == 2);
        Thread.sleep(2500); // a few more ticks of the 1 s interval: the busy feed must not be asked again
        assertThat(server.requests("/busy")).hasSize(1);
        long s0 = System.nanoTime();
        hub.stopHub();
        assertThat(Duration.ofNanos(System.nanoTime() - s0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void a_private_address_allowance_belongs_to_the_feed_or_subscriber_that_declared_it() throws Exception {
        server.serve("/lan-agency", "application/rss+xml", rss("lan", 2));
        server.serve("/other", "application/rss+xml", rss("other", 2));
        String lan = server.url("/lan-agency").replace("127.0.0.1", "localhost");
        String other = server.url("/other").replace("127.0.0.1", "localhost");
        hub = hub("feeds:\n"
                        + "  - id: lan\n    url: " + lan + "\n    interval: 1s\n    allowPrivate: true\n"
                        + "  - id: other\n    url: " + other + "\n    interval: 1s\n",
                "subscribers:\n"
                        + "  - id: lan-hook\n    channels:\n      - type: webhook\n        url: " + rx.url("/allowed")
                        + "\n        allowPrivate: true\n        secrets: [" + SECRET + "]\n"
                        + "  - id: plain-hook\n    channels:\n      - type: webhook\n        url: " + rx.url("/refused")
                        + "\n        secrets: [" + SECRET + "]\n")
                // No global allowance: only what each feed and subscriber declares.
                .property("wirehub.fetch.allowed-hosts", "")
                .start();
        FeedStateStore states = new FeedStateStore(hub.hub().database().dataSource());
        await().atMost(Duration.ofSeconds(20)).until(() -> rx.accepted("/allowed").size() == 2);
        // The other feed polls the same host and port after the allowed one: neither the allowance nor
        // a connection the allowed feed left in the pool lets it through.
        await().atMost(Duration.ofSeconds(10)).until(() -> states.load("other").errorCount >= 2);
        assertThat(states.load("other").lastError).contains("non-public address");
        assertThat(server.requests("/other")).isEmpty();
        assertThat(OutDir.items(hub.out())).hasSize(2);
        // The subscriber without allowPrivate is refused at delivery, while the one with it is served.
        await().atMost(Duration.ofSeconds(10)).until(() -> lastError(hub.hub(), "plain-hook") != null);
        assertThat(lastError(hub.hub(), "plain-hook")).contains("non-public address");
        assertThat(rx.at("/refused")).isEmpty();
    }

    static final String[] VOCABULARY = ("harbour minister flood bronze marathon strike ferry rates museum delta cattle "
            + "export union crew storm dawn record statue ceremony inflation train village bridge court election vaccine "
            + "drought festival airline factory border treaty satellite orchestra glacier refinery typhoon senate coral "
            + "wheat copper tunnel volcano rice pilgrims telescope verdict tariff lantern monsoon canal mayor clinic").split(" ");

    /** {@code n} words drawn for story {@code seed}: unrelated stories, so dedupe keeps each one. */
    static String words(int seed, int n) {
        java.util.Random r = new java.util.Random(seed * 7919L);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(VOCABULARY[r.nextInt(VOCABULARY.length)]);
        }
        return sb.toString();
    }

    /** The next attempt of each pending delivery to the subscriber. */
    static List<Instant> nextAttempts(Hub hub, String subscriber) throws Exception {
        try (Connection c = hub.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT next_attempt_at FROM delivery WHERE subscriber_id = ? AND status = ?")) {
            ps.setString(1, subscriber);
            ps.setString(2, Outbox.PENDING);
            List<Instant> next = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    next.add(rs.getTimestamp(1).toInstant());
                }
            }
            return next;
        }
    }

    static String lastError(Hub hub, String subscriber) throws Exception {
        try (Connection c = hub.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(last_error) FROM delivery WHERE subscriber_id = ?")) {
            ps.setString(1, subscriber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
