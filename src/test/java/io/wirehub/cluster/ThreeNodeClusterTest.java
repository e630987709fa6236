package io.wirehub.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.testing.ChildHub;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three hub processes on one PostgreSQL (embedded), as the README's cluster recipe runs them: a
 * subscriber is created through the API of node A and is in force on B and C within seconds; ten
 * loopback feeds publish a burst of 3,200 items over several polls; node B is killed with SIGKILL
 * in the middle of the burst. Afterwards every item has reached the subscriber's webhook (signed),
 * a repeat is only a delivery the killed node held (same webhook-id), each feed was fetched at most
 * once per interval across the cluster, and items ingested by B and C reached the subscriber made on A.
 */
class ThreeNodeClusterTest {
    static final int FEEDS = 10;
    static final int ITEMS_PER_FEED = 320;
    /** Items a feed publishes per step, and a step's length: 16 steps, the burst lasts about 32 s. */
    static final int BATCH = 20;
    static final long STEP_MS = 2000;
    /**
     * Newest items a feed document holds: all of them, so an item can only be missed by the hub,
     * never pushed out of the feed by a slow poll (three JVMs share two cores with other builds).
     */
    static final int WINDOW = ITEMS_PER_FEED;
    static final Duration INTERVAL = Duration.ofSeconds(3);
    static final String TOKEN = "cluster-test-token";
    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("cluster-test-secret-32-bytes-long".getBytes());
    static final String HOOK = "/hooks/desk";

    @TempDir
    Path root;

    /** One request a feed answered: when, by which node (User-Agent), status, new items it carried. */
    record Fetch(int feed, Instant at, String node, int status, List<String> items) {
    }

    private final List<Fetch> fetches = new CopyOnWriteArrayList<>();
    private volatile long burstStart = Long.MAX_VALUE;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void threeNodesShareTheFeedsAndTheOutboxAndLoseNothingWhenOneIsKilled() throws Exception {
        long t0 = System.nanoTime();
        String[] vocab = io.wirehub.cli.RandomWords.vocabulary(16, 5000, 3, 7);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             FeedServer feeds = new FeedServer();
             WebhookReceiver hooks = new WebhookReceiver()) {
            // a receiver that takes a little time, so deliveries are in flight when a node dies
            hooks.verifying(HOOK, SECRET).slow(HOOK, 20);
            for (int f = 0; f < FEEDS; f++) {
                int feed = f;
                feeds.on("/feed/" + f + ".xml", ex -> serve(feed, vocab, ex));
            }
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            Map<String, Node> nodes = new LinkedHashMap<>();
            for (String name : List.of("node-a", "node-b", "node-c")) {
                nodes.put(name, new Node(name, freePort()));
            }
            for (Node n : nodes.values()) {
                n.start(jdbc, feeds);
            }
            try {
                for (Node n : nodes.values()) {
                    await(n.name + " started").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                            .until(() -> !n.hub.isAlive() || get(n, "/api/subscribers").statusCode() == 200);
                    assertThat(n.hub.isAlive()).as("%s running; log:%n%s", n.name, n.hub.output()).isTrue();
                }
                System.out.printf("three nodes up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

                // A subscriber made through node A's API is in force on B and C within seconds.
                Node a = nodes.get("node-a");
                String spec = "{\"id\": \"desk\", \"channels\": [{\"type\": \"webhook\", \"url\": \"" + hooks.url(HOOK)
                        + "\", \"secrets\": [\"" + SECRET + "\"]}]}";
                HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(a.url("/api/subscribers")))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
                long madeAt = System.nanoTime();
                for (String other : List.of("node-b", "node-c")) {
                    Node n = nodes.get(other);
                    await("subscriber desk known on " + other).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                            .until(() -> get(n, "/api/subscribers/desk").statusCode() == 200);
                }
                System.out.printf("subscriber made on node-a in force on node-b and node-c after %d ms%n",
                        (System.nanoTime() - madeAt) / 1_000_000);

                // The burst: each feed publishes BATCH items every STEP_MS until it has ITEMS_PER_FEED.
                burstStart = System.currentTimeMillis();
                int total = FEEDS * ITEMS_PER_FEED;
                await("part of the burst delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> distinctItems(hooks).size() >= total / 4
                                || System.currentTimeMillis() - burstStart > STEP_MS * ITEMS_PER_FEED / BATCH / 2);
                Node b = nodes.get("node-b");
                b.hub.kill();
                Instant killedAt = Instant.now();
                // The killed node's outbox leases stay in the table until they run out (5 s): these rows are
                // every delivery it held, the only ones that may reach the receiver twice.
                Set<String> leasedAtKill = leasedDeliveries(jdbc, killedAt);
                long burstMs = System.currentTimeMillis() - burstStart;
                System.out.printf("node-b killed (SIGKILL) %d ms into the burst, %d of %d items delivered; %d deliveries leased%n",
                        burstMs, distinctItems(hooks).size(), total, leasedAtKill.size());
                assertThat(burstMs).as("killed in the middle of the burst").isLessThan(STEP_MS * ITEMS_PER_FEED / BATCH);
                

                await("every item delivered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> distinctItems(hooks).size() >= total
                                || !nodes.get("node-a").hub.isAlive() || !nodes.get("node-c").hub.isAlive());
                // a moment for any late repeat to show
                Thread.sleep(1500);

                List<WebhookReceiver.Received> accepted = hooks.accepted(HOOK);
                assertThat(hooks.at(HOOK)).as("every request signed with the subscriber's secret").allMatch(r -> r.status() == 200);
                Set<String> items = distinctItems(hooks);
                assertThat(items).as("every item reached the receiver").hasSize(total);
                Map<String, Set<String>> eventsById = new HashMap<>();
                Set<String> eventIds = new HashSet<>();
                Map<String, Integer> perId = new HashMap<>();
                for (WebhookReceiver.Received r : accepted) {
                    String event = r.json().path("id").asText();
                    eventIds.add(event);
                    eventsById.computeIfAbsent(r.id(), k -> new HashSet<>()).add(event);
                    perId.merge(r.id(), 1, Integer::sum);
                }
                assertThat(eventIds).as("distinct event ids = items").hasSize(total);
                assertThat(eventsById.values()).as("one webhook-id per event, across nodes and retries").allMatch(s -> s.size() == 1);
                Set<String> repeated = perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
                System.out.printf("%d deliveries for %d items: %d repeated webhook-id(s), all among the %d leased at the kill%n",
                        accepted.size(), total, repeated.size(), leasedAtKill.size());
                assertThat(leasedAtKill).as("repeats only of deliveries held when node-b died").containsAll(repeated);
                assertThat(accepted.size() - perId.size()).as("repeats at most the killed node's in-flight count")
                        .isLessThanOrEqualTo(leasedAtKill.size());

                // Each feed fetched at most once per interval across the cluster.
                long minGap = Long.MAX_VALUE;
                for (int f = 0; f < FEEDS; f++) {
                    int feed = f;
                    List<Instant> at = fetches.stream().filter(x -> x.feed() == feed).map(Fetch::at).sorted().toList();
                    for (int i = 1; i < at.size(); i++) {
                        minGap = Math.min(minGap, Duration.between(at.get(i - 1), at.get(i)).toMillis());
                    }
                    long span = Duration.between(at.get(0), at.get(at.size() - 1)).toMillis();
                    assertThat((long) at.size()).as("feed %d: fetches over %d ms", f, span)
                            .isLessThanOrEqualTo(span / INTERVAL.toMillis() + 1);
                }
                Map<String, Long> byNode = fetches.stream().collect(Collectors.groupingBy(Fetch::node, Collectors.counting()));
                System.out.printf("%d feed fetches in all (%s), shortest gap between two fetches of one feed %d ms (interval %d ms)%n",
                        fetches.size(), byNode, minGap, INTERVAL.toMillis());
                // The claims are an interval apart; what reaches the server may be closer when the earlier
                // request left its node later (three JVMs on two busy cores). Without the lease, three
                // nodes would fetch each feed three times an interval, often within milliseconds.
                assertThat(minGap).as("no feed fetched twice within its interval").isGreaterThanOrEqualTo(INTERVAL.toMillis() / 2);

                // Items ingested by B and C reached the subscriber made on A. Which node claims a feed is a
                // race: B may be killed before it first fetched a new item, so only B and C together
                // must have ingested some.
                int ingestedElsewhere = 0;
                for (String other : List.of("node-b", "node-c")) {
                    Set<String> first = firstServedTo(other);
                    assertThat(items).as("items ingested by %s delivered", other).containsAll(first);
                    ingestedElsewhere += first.size();
                    System.out.printf("%s ingested %d item(s) first%n", other, first.size());
                }
                assertThat(ingestedElsewhere).as("items first fetched by node-b or node-c").isPositive();
                assertThat(nodes.get("node-a").hub.isAlive()).isTrue();
                assertThat(nodes.get("node-c").hub.isAlive()).isTrue();
            } finally {
                for (Node n : nodes.values()) {
                    n.hub.close();
                    // kept for a look after a failure (the temporary folder goes)
                    Path keep = Path.of("target", "cluster-test", n.name + ".log");
                    Files.createDirectories(keep.getParent());
                    Files.writeString(keep, n.hub.output());
                }
            }
            System.out.printf("three-node test: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Item guids whose first 200 response went to this node. */
    private Set<String> firstServedTo(String node) {
        Set<String> seen = new HashSet<>();
        Set<String> mine = new HashSet<>();
        for (Fetch x : fetches.stream().sorted((p, q) -> p.at().compareTo(q.at())).toList()) {
            for (String g : x.items()) {
                if (seen.add(g) && x.node().endsWith(node)) {
                    mine.add(g);
                }
            }
        }
        return mine;
    }

    private Set<String> distinctItems(WebhookReceiver hooks) {
        Set<String> out = new HashSet<>();
        for (WebhookReceiver.Received r : hooks.accepted(HOOK)) {
            for (JsonNode alt : r.item().path("altIds")) {
                if ("guid".equals(alt.path("role").asText())) {
                    out.add(alt.path("value").asText());
                }
            }
        }
        return out;
    }

    /** Deliveries leased now (pending, due later than now: the receiver never fails, so no retry waits). */
    private static Set<String> leasedDeliveries(String jdbc, Instant now) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = java.sql.DriverManager.getConnection(jdbc, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT id FROM delivery WHERE status = 'pending' AND next_attempt_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** A feed of the farm: its newest WINDOW items, an ETag per item count, 304 when unchanged. */
    private void serve(int feed, String[] vocab, com.sun.net.httpserver.HttpExchange ex) throws IOException {
        long started = burstStart;
        long now = System.currentTimeMillis();
        int published = now < started ? 0 : (int) Math.min(ITEMS_PER_FEED, ((now - started) / STEP_MS + 1) * BATCH);
        String etag = "\"v" + published + "\"";
        String node = String.valueOf(ex.getRequestHeaders().getFirst("User-Agent"));
        ex.getResponseHeaders().set("ETag", etag);
        if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            fetches.add(new Fetch(feed, Instant.now(), node, 304, List.of()));
            ex.sendResponseHeaders(304, -1);
            return;
        }
        List<String> guids = new ArrayList<>();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Cluster wire " + feed + "</title><link>https://wire.example/</link><description>test</description>\n");
        for (int i = published - 1; i >= Math.max(0, published - WINDOW); i--) {
            String guid = "cluster-" + feed + "-" + i;
            guids.add(guid);
            Random rnd = new Random(feed * 100_000L + i);
            x.append("<item><guid isPermaLink=\"false\">").append(guid).append("</guid><title>").append(io.wirehub.cli.RandomWords.words(rnd, vocab, 8))
                    .append("</title><description>").append(io.wirehub.cli.RandomWords.words(rnd, vocab, 50)).append("</description><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(started + i * 100L).atZone(ZoneOffset.UTC)))
                    .append("</pubDate></item>\n");
        }
        x.append("</channel></rss>\n");
        fetches.add(new Fetch(feed, Instant.now(), node, 200, guids));
        FeedServer.send(ex, 200, "application/rss+xml", x.toString());
    }

    private HttpResponse<String> get(Node n, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(n.url(path))).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FailedResponse();
        }
    }

    /** One hub process of the cluster: its own folder, port and name; the shared database. */
    private final class Node {
        final String name;
        final int port;
        ChildHub hub;

        Node(String name, int port) {
            this.name = name;
            this.port = port;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        void start(String jdbc, FeedServer feeds) throws IOException {
            Path dir = root.resolve(name);
            Map<String, String> p = new LinkedHashMap<>();
            p.put("wirehub.db.url", jdbc);
            p.put("wirehub.db.user", "postgres");
            p.put("wirehub.db.password", "");
            p.put("wirehub.db.pool-size", "6");
            p.put("camel.server.port", Integer.toString(port));
            p.put("wirehub.cluster.node-id", name);
            p.put("wirehub.cluster.poll-lease", "6s");
            p.put("wirehub.fetch.tick", "250ms");
            p.put("wirehub.fetch.user-agent", "wirehub-cluster-test " + name);
            // the feeds and the receiver are on loopback
            p.put("wirehub.fetch.allowed-hosts", "127.0.0.1");
            p.put("wirehub.api.token", TOKEN);
            // the subscriber is the output; out/ would be split between the nodes' folders
            p.put("wirehub.out.enabled", "false");
            // a dead node's deliveries are taken over after this
            p.put("wirehub.delivery.lease", "5s");
            p.put("wirehub.unsubscribe.secret", "cluster-test-unsubscribe");
            Path config = ChildHub.configure(dir, p);
            StringBuilder y = new StringBuilder("feeds:\n");
            for (int f = 0; f < FEEDS; f++) {
                y.append("  - id: wire-").append(f).append("\n    url: ").append(feeds.url("/feed/" + f + ".xml"))
                        .append("\n    interval: ").append(INTERVAL.toSeconds()).append("s\n    agency: TEST\n    language: en\n");
            }
            Files.writeString(config.resolve("feeds.yaml"), y.toString(), StandardCharsets.UTF_8);
            hub = ChildHub.start(config, dir.resolve("hub.log"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A response for a request that did not get one (the node not listening yet). */
    private static final class FailedResponse implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 0;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (k, v) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
