package io.wirehub.ingest;

import io.wirehub.store.FeedStateStore;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.Ninjs;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Black-box tests of the running hub (camel-main with the real routes/ folder): feeds served on
 * loopback in, ninjs files out. Good and hostile feeds run side by side, and the good ones keep
 * flowing whatever the others do.
 */
class FeedPollingRoutesTest {
    @RegisterExtension
    FeedServer server = FeedServer.start();
    WirehubExtension hub;

    /**
     * The hub on these feeds; only 127.0.0.1 is an allowed private host, so {@code localhost}
     * stands for any other private address.
     */
    WirehubExtension start(String feedsYaml) throws Exception {
        hub = WirehubExtension.builder().feeds(feedsYaml).property("wirehub.fetch.allowed-hosts", "127.0.0.1").start();
        return hub;
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static String rss(String guidPrefix, int n, String extra) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
                + "<link>https://good.example/</link><description>d</description><language>en</language>");
        for (int i = 0; i < n; i++) {
            sb.append("<item><title>Story ").append(guidPrefix).append(' ').append(i).append(extra).append("</title><guid isPermaLink=\"false\">")
                    .append(guidPrefix).append('-').append(i).append("</guid><link>https://good.example/").append(guidPrefix).append('/').append(i)
                    .append(".html</link><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><description>Body of story ")
                    .append(i).append(".</description></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    FeedStateStore.State health(String feedId) {
        return new FeedStateStore(hub.hub().database().dataSource()).load(feedId);
    }

    @Test
    void goodFeedIsPolledWithConditionalGetAndSurvivesRestart() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        server.on("/good.xml", ex -> {
            fetches.incrementAndGet();
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            ex.getResponseHeaders().set("Last-Modified", "Mon, 23 Nov 2026 08:00:00 GMT");
            FeedServer.send(ex, 200, "application/rss+xml", rss("good", 3, ""));
        });
        start("feeds:\n  - id: good\n    url: " + server.url("/good.xml") + "\n    interval: 1s\n    agency: WIRE\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.items(hub.out()).size() == 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.requests("/good.xml").size() >= 3);
        var reqs = server.requests("/good.xml");
        assertThat(reqs.get(0).header("User-Agent")).contains("wirehub");
        assertThat(reqs.get(0).header("If-None-Match")).isNull();
        assertThat(reqs.get(reqs.size() - 1).header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(reqs.get(reqs.size() - 1).header("If-Modified-Since")).isEqualTo("Mon, 23 Nov 2026 08:00:00 GMT");
        OutDir.items(hub.out()).forEach(Ninjs::assertValid);
        assertThat(OutDir.items(hub.out()).get(0).path("infoSources").path(0).path("name").asText()).isEqualTo("WIRE");
        assertThat(health("good").lastSuccessAt).isNotNull();

        hub.stopHub();
        int before = server.requests("/good.xml").size();
        hub.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.requests("/good.xml").size() > before);
        // the validators were persisted: the first poll after the restart is conditional
        assertThat(server.requests("/good.xml").get(before).header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(OutDir.ndjson(hub.out())).hasSize(3);
    }

    @Test
    void hostileAndBrokenFeedsFailAloneWhileTheGoodOneFlows() throws Exception {
        // a gzip bomb: 1 GB of zeros, about 1 MB on the wire
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                gz.write(zeros);
            }
        }
        byte[] bombBytes = bomb.toByteArray();
        server.on("/bomb.xml", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, bombBytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bombBytes);
            }
        });
        // a server that never finishes the body
        server.on("/trickle.xml", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, 0);
            OutputStream o = ex.getResponseBody();
            o.write("<rss version=\"2.0\"><channel>".getBytes());
            trickle(o, 600); // bounded: 60 s at most, the client gives up long before
        });
        // a redirect to a loopback name that is not allowed (stands for any private address)
        server.on("/redirect.xml", ex -> {
            ex.getResponseHeaders().set("Location", "http://localhost:" + server.port() + "/good.xml");
            ex.sendResponseHeaders(302, -1);
        });
        server.on("/html.xml", ex -> FeedServer.send(ex, 200, "text/html", "<!DOCTYPE html><html><body>Moved</body></html>"));
        server.on("/empty.xml", ex -> FeedServer.send(ex, 200, "application/rss+xml", ""));
        server.on("/xxe.xml", ex -> FeedServer.send(ex, 200, "application/rss+xml",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel>"
                        + "<title>x</title><link>https://x.example/</link><description>d</description><item><title>leak &xxe;</title>"
                        + "<guid>xxe-1</guid><description>nothing</description></item></channel></rss>"));
        server.on("/xxe-http.xml", ex -> FeedServer.send(ex, 200, "application/rss+xml",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + server.url("/secret") + "\">]><rss version=\"2.0\"><channel>"
                        + "<title>x</title><link>https://x.example/</link><description>d</description><item><title>remote &xxe;</title>"
                        + "<guid>xxe-2</guid></item></channel></rss>"));
        server.serve("/secret", "text/plain", "TOP-SECRET");
        server.on("/laughs.xml", ex -> FeedServer.send(ex, 200, "application/rss+xml", laughs()));
        server.on("/hostile-html.xml", ex -> FeedServer.send(ex, 200, "application/rss+xml",
                "<rss version=\"2.0\"><channel><title>h</title><link>https://h.example/</link><description>d</description><item>"
                        + "<title>Hostile</title><guid>h-1</guid><description><![CDATA[<p onmouseover=\"x()\">Hi<script>steal()</script>"
                        + "<iframe src=\"https://evil.example/\"></iframe><img src=\"a.png\" onerror=\"steal()\">"
                        + "<a href=\"javascript:steal()\">click</a></p>]]></description></item></channel></rss>"));
        server.on("/sloppy.xml", ex -> FeedServer.send(ex, 200, "application/rss+xml",
                "<rss version=\"2.0\"><channel><title>S & S</title><link>https://s.example/</link><description>d</description>"
                        + "<item><title>Sloppy&nbsp;one</title><guid>s-1</guid><content:encoded>Text</content:encoded></item>"
                        + "<item><title>Sloppy dup</title><guid>s-1</guid></item></channel></rss> garbage"));
        AtomicInteger limited = new AtomicInteger();
        server.on("/limited.xml", ex -> {
            if (limited.incrementAndGet() == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                ex.sendResponseHeaders(429, -1);
                return;
            }
            FeedServer.send(ex, 200, "application/rss+xml", rss("limited", 1, ""));
        });
        server.serve("/good.xml", "application/rss+xml", rss("good", 2, ""));
        String feeds = "feeds:\n"
                + feed("good", "/good.xml", "")
                + feed("bomb", "/bomb.xml", "    overrides: { maxBytes: '5000000' }\n")
                + feed("trickle", "/trickle.xml", "    overrides: { readTimeout: 2s, totalTimeout: 3s }\n")
                + feed("redirect", "/redirect.xml", "")
                + feed("html", "/html.xml", "")
                + feed("empty", "/empty.xml", "")
                + feed("xxe", "/xxe.xml", "")
                + feed("limited", "/limited.xml", "")
                + feed("xxe-http", "/xxe-http.xml", "")
                + feed("laughs", "/laughs.xml", "")
                + feed("hostile-html", "/hostile-html.xml", "")
                + feed("sloppy", "/sloppy.xml", "")
                + "  - id: unreachable\n    url: http://127.0.0.1:1/feed.xml\n    interval: 1h\n";
        start(feeds);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(health("bomb").lastError).contains("exceeds 5000000 bytes once decoded");
            assertThat(health("trickle").lastError).isNotNull();
            assertThat(health("redirect").lastError).contains("refused").contains("localhost");
            assertThat(health("html").lastError).contains("HTML page, not a feed");
            assertThat(health("empty").lastError).contains("empty document");
            assertThat(health("unreachable").lastError).isNotNull();
            assertThat(health("limited").lastSuccessAt).isNotNull();
            assertThat(OutDir.headlines(hub.out())).contains("Story good 0", "Story good 1", "Story limited 0", "leak &xxe;",
                    "remote &xxe;", "Hostile", "Sloppy one");
            assertThat(health("sloppy").malformedCount).isPositive();
            assertThat(health("laughs").lastSuccessAt).isNotNull();
        });
        // external entities were never fetched, entities never expanded
        assertThat(server.requests("/secret")).isEmpty();
        assertThat(OutDir.items(hub.out()).toString()).doesNotContain("TOP-SECRET").doesNotContain("lollollol");
        String hostile = OutDir.items(hub.out()).stream().filter(i -> i.path("headlines").path(0).path("value").asText().equals("Hostile"))
                .findFirst().orElseThrow().toString();
        assertThat(hostile).doesNotContain("script").doesNotContain("steal").doesNotContain("iframe").doesNotContain("onerror")
                .doesNotContain("onmouseover").doesNotContain("javascript:").contains("https://h.example/a.png");
        assertThat(OutDir.headlines(hub.out())).doesNotContain("Sloppy dup");
        assertThat(health("limited").errorCount).isZero();
        assertThat(health("unreachable").errorCount).isGreaterThanOrEqualTo(1);
        // the redirect target was never requested: the guard refused the hop before connecting
        assertThat(server.requests("/good.xml").stream().filter(r -> r.header("Host") != null && r.header("Host").startsWith("localhost"))).isEmpty();
        assertThat(OutDir.items(hub.out()).toString()).doesNotContain("root:");
        OutDir.items(hub.out()).forEach(Ninjs::assertValid);
    }

    @Test
    void feedsFileChangesTakeEffectWithoutRestart() throws Exception {
        server.serve("/a.xml", "application/rss+xml", rss("alpha", 1, ""));
        server.serve("/b.xml", "application/rss+xml", rss("beta", 1, ""));
        server.serve("/b2.xml", "application/rss+xml", rss("gamma", 1, ""));
        hub = WirehubExtension.builder().feeds("feeds:\n" + feed("a", "/a.xml", ""))
                .property("wirehub.fetch.allowed-hosts", "127.0.0.1").property("wirehub.feeds.reload-interval", "250ms").start();
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.headlines(hub.out()).contains("Story alpha 0"));
        java.nio.file.Path file = hub.configDir().resolve("feeds.yaml");

        // a feed added, the other removed: the new one is polled, the removed one no longer
        java.nio.file.Files.writeString(file, "feeds:\n" + feed("b", "/b.xml", ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.headlines(hub.out()).contains("Story beta 0"));
        int aPolls = server.requests("/a.xml").size();
        // a file with a mistake changes nothing: b goes on being polled
        java.nio.file.Files.writeString(file, "feeds:\n  - id: b\n    url: " + server.url("/b.xml") + "\n    interval: soon\n");
        int bPolls = server.requests("/b.xml").size();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.requests("/b.xml").size() >= bPolls + 3);
        // an edit: b's address changed, polled there from its next poll
        java.nio.file.Files.writeString(file, "feeds:\n" + feed("b", "/b2.xml", ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.headlines(hub.out()).contains("Story gamma 0"));
        assertThat(server.requests("/a.xml").size()).as("polls of the removed feed").isLessThanOrEqualTo(aPolls + 1);
        assertThat(hub.get("/api/feeds/a", hub.apiAuth()).statusCode()).isEqualTo(404);
        assertThat(hub.get("/api/feeds/b", hub.apiAuth()).body()).contains("/b2.xml");
    }

    @Test
    void aSlowFeedHoldsOneWorkerWhileTheOthersAreStillPolled() throws Exception {
        server.serve("/good.xml", "application/rss+xml", rss("good", 1, ""));
        java.util.concurrent.CountDownLatch slowStarted = new java.util.concurrent.CountDownLatch(1);
        server.on("/slow.xml", ex -> {
            slowStarted.countDown();
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, 0);
            trickle(ex.getResponseBody(), 150); // the feed's total timeout (8 s) ends it
        });
        hub = WirehubExtension.builder().feeds("feeds:\n" + feed("slow", "/slow.xml", "    overrides: { totalTimeout: 8s }\n")
                        + feed("good", "/good.xml", ""))
                .property("wirehub.fetch.allowed-hosts", "127.0.0.1").property("wirehub.fetch.workers", "2").start();
        assertThat(slowStarted.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        int before = server.requests("/good.xml").size();
        // while the slow feed's one poll runs (8 s), the good feed (every 1 s, plus up to a tick) keeps being polled on the other worker
        await().atMost(Duration.ofSeconds(6)).until(() -> server.requests("/good.xml").size() >= before + 2);
        assertThat(health("slow").lastError).isNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> health("slow").lastError != null);
        assertThat(health("slow").lastError).contains("total timeout");
    }

    /** A server that never finishes the body: a space every 100 ms, {@code n} times. */
    static void trickle(OutputStream o, int n) throws java.io.IOException {
        for (int i = 0; i < n; i++) {
            o.write(' ');
            o.flush();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String laughs() {
        StringBuilder d = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            d.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        return d.append("]><rss version=\"2.0\"><channel><title>l</title><link>https://l.example/</link><description>d</description>"
                + "<item><title>laughs &lol9;</title><guid>lol</guid></item></channel></rss>").toString();
    }

    private String feed(String id, String path, String extra) {
        return "  - id: " + id + "\n    url: " + server.url(path) + "\n    interval: 1s\n" + extra;
    }
}
