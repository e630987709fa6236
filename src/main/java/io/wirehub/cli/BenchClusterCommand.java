package io.wirehub.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wirehub.Hub;
import io.wirehub.HubConfig;
import io.wirehub.store.FeedStateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code wirehub bench cluster}: the per-node rates a cluster is sized from, measured on hub nodes
 * in this JVM against a loopback farm of feeds: (0) start-up with the whole farm configured (hub
 * started, first poll, every feed polled once); (1) polls/s when every feed is due more often than
 * the node can poll (most answers {@code 304 Not Modified}, each poll claimed in the database as in
 * cluster mode); on PostgreSQL, the same with {@code --nodes} nodes sharing the farm, against one
 * node as the baseline; (2) a burst of new items published by some of the feeds while the farm
 * keeps being polled: items/s from the feed server to the subscribers' webhooks, and deliveries/s;
 * (3) the feed claim alone: the batch claim statement against a conditional UPDATE per feed (what
 * a timer per feed did), two claimers at once; (4) on PostgreSQL, the outbox claim with
 * {@code FOR UPDATE SKIP LOCKED} against the leases' compare-and-set. The README's cluster
 * projection is computed from these figures.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = {"Per-node rates for sizing a cluster: polls/s against a loopback farm of feeds answering mostly 304, "
                + "then a burst of items end to end (feed server -> hub -> signed webhooks): items/s and deliveries/s.",
                "Run it against the cluster's database (--db-url jdbc:postgresql://...) for the figures that matter."},
        footer = {"", "Examples:", "  java -Xmx1g -jar target/wirehub.jar bench cluster --feeds 10000",
                "  java -Xmx1g -jar target/wirehub.jar bench cluster --db-url jdbc:postgresql://localhost:5432/wirehub --db-user wirehub"})
public class BenchClusterCommand implements Callable<Integer> {
    @Option(names = "--feeds", defaultValue = "10000", description = "Feeds in the farm (default ${DEFAULT-VALUE}).")
    int feeds;
    @Option(names = "--interval", defaultValue = "10s",
            description = "Each feed's interval: short, so the node polls as fast as it can (default ${DEFAULT-VALUE}).")
    String interval;
    @Option(names = "--workers", defaultValue = "32", description = "Poll workers per node, wirehub.fetch.workers (default ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = "--nodes", defaultValue = "2",
            description = "PostgreSQL only: nodes (in this JVM) polling the farm together after the one-node run (default ${DEFAULT-VALUE}; 1 = skip).")
    int nodes;
    @Option(names = "--outbox-rows", defaultValue = "20000",
            description = "PostgreSQL only: pending deliveries claimed by the outbox claim comparison (default ${DEFAULT-VALUE}; 0 = skip).")
    int outboxRows;
    @Option(names = "--claimers", defaultValue = "4",
            description = "Threads claiming at once in the outbox claim comparison, as workers of several nodes (default ${DEFAULT-VALUE}).")
    int claimers;
    @Option(names = "--changed", defaultValue = "5", description = "Percent of polls answered 200 with one new item; the rest 304 (default ${DEFAULT-VALUE}).")
    int changedPercent;
    @Option(names = "--seconds", defaultValue = "30", description = "Length of the polling measurement, after a warm-up (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--burst-feeds", defaultValue = "100", description = "Feeds that publish the burst (default ${DEFAULT-VALUE}).")
    int burstFeeds;
    @Option(names = "--burst-items", defaultValue = "50", description = "New items per burst feed (default ${DEFAULT-VALUE}).")
    int burstItems;
    @Option(names = "--subscribers", defaultValue = "4", description = "Webhook subscribers receiving every item (default ${DEFAULT-VALUE}).")
    int subscribers;
    @Option(names = "--db-url", description = "JDBC URL of the database (default: an H2 file in a temporary folder).")
    String dbUrl;
    @Option(names = "--db-user", defaultValue = "sa", description = "Database user (default ${DEFAULT-VALUE}).")
    String dbUser;
    @Option(names = "--db-password", defaultValue = "", description = "Database password (default: none; or WIREHUB_DB_PASSWORD).")
    String dbPassword;

    private static final String[] VOCAB = RandomWords.vocabulary(11, 6000, 3, 7);
    private static final String NODE_AGENT = "wirehub-bench-node-";
    /** Per feed: items published so far (the ETag is their count). */
    private AtomicIntegerArray published;
    /** Per feed: 1 once it was polled (start-up figure). */
    private AtomicIntegerArray polledOnce;
    private final AtomicInteger distinctPolled = new AtomicInteger();
    /** Per feed: the first item of the burst (items below it are the polling phase's). */
    private volatile int[] burstFrom;
    private final AtomicLong requests = new AtomicLong();
    /** Requests by node (its User-Agent). */
    private final Map<String, AtomicLong> requestsByNode = new ConcurrentHashMap<>();
    private final AtomicLong answered200 = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final Set<String> burstDelivered = ConcurrentHashMap.newKeySet();
    private volatile boolean burst;
    /** When the first burst item reached a subscriber (nanoTime; 0 = not yet). */
    private final AtomicLong firstBurstDelivery = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("wirehub-bench-cluster-");
        published = new AtomicIntegerArray(feeds);
        polledOnce = new AtomicIntegerArray(feeds);
        burstFrom = new int[feeds];
        HttpServer farm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        farm.createContext("/f/", this::feed);
        farm.setExecutor(Executors.newFixedThreadPool(16));
        farm.start();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        receiver.createContext("/hook/", this::hook);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.start();
        boolean postgres = dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
        Path config = Files.createDirectories(dir.resolve("config"));
        StringBuilder y = new StringBuilder("feeds:\n");
        for (int i = 0; i < feeds; i++) {
            y.append("  - {id: f").append(i).append(", url: \"http://127.0.0.1:").append(farm.getAddress().getPort())
                    .append("/f/").append(i).append("\", interval: ").append(interval).append(", allowPrivate: true}\n");
        }
        Files.writeString(config.resolve("feeds.yaml"), y.toString());
        StringBuilder s = new StringBuilder("subscribers:\n");
        for (int i = 0; i < subscribers; i++) {
            s.append("  - id: bench-").append(i).append("\n    channels:\n      - type: webhook\n        url: http://127.0.0.1:")
                    .append(receiver.getAddress().getPort()).append("/hook/").append(i)
                    .append("\n        secrets: [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]\n        allowPrivate: true\n");
        }
        Files.writeString(config.resolve("subscribers.yaml"), s.toString());
        String db = dbUrl == null ? "H2 (embedded file)" : dbUrl.replaceAll("//[^/@]*@", "//");
        System.out.printf(Locale.ROOT, "bench cluster: %d feeds every %s (%d%% of polls answered 200 with a new item, the rest 304),"
                + " %d poll workers a node, %d webhook subscriber(s), database %s, %d cores, heap %d MB, load average %.2f%n", feeds, interval,
                changedPercent, workers, subscribers, db, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Properties p = nodeSettings(dir, 1);
        String jdbc = dbUrl != null ? dbUrl : "jdbc:h2:file:" + dir.resolve("data").toAbsolutePath().resolve("wirehub")
                + io.wirehub.store.StoreConfiguration.H2_OPTIONS;
        io.wirehub.Logging.apply(HubConfig.of(config, p)); // the per-feed lines off, as the settings say
        long t0 = System.nanoTime();
        try (Hub hub = Hub.start(HubConfig.of(config, p))) {
            double started = (System.nanoTime() - t0) / 1e9;
            while (requests.get() == 0 && System.nanoTime() - t0 < 600_000_000_000L) {
                Thread.sleep(10);
            }
            double first = (System.nanoTime() - t0) / 1e9;
            while (distinctPolled.get() < feeds && System.nanoTime() - t0 < 900_000_000_000L) {
                Thread.sleep(20);
            }
            System.out.printf(Locale.ROOT, "start-up with %d feeds: hub started in %.1f s, first poll at %.1f s, every feed polled once"
                    + " at %.1f s (a timer route per feed, before: about 150 ms a feed, %.0f s to start)%n", feeds, started, first,
                    (System.nanoTime() - t0) / 1e9, feeds * 0.15);
            Thread.sleep(Math.min(15, seconds) * 1000L); // warm-up: JIT
            Map<String, Double> one = measurePolls("one node");
            double onePolls = one.values().stream().mapToDouble(Double::doubleValue).sum();
            if (postgres && nodes > 1) {
                List<Hub> more = new ArrayList<>();
                try {
                    for (int n = 2; n <= nodes; n++) {
                        Path nd = Files.createDirectories(dir.resolve("node-" + n));
                        more.add(Hub.start(HubConfig.of(config, nodeSettings(nd, n))));
                    }
                    Thread.sleep(Math.min(15, seconds) * 1000L);
                    Map<String, Double> all = measurePolls(nodes + " nodes");
                    double total = all.values().stream().mapToDouble(Double::doubleValue).sum();
                    System.out.printf(Locale.ROOT, "ratio %d nodes / one node: %.2fx polls/s (%d nodes in one JVM on %d cores: they share the CPU)%n",
                            nodes, total / onePolls, nodes, Runtime.getRuntime().availableProcessors());
                } finally {
                    for (Hub h : more) {
                        h.close();
                    }
                }
            }
            burst();
        } finally {
            farm.stop(0);
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) farm.getExecutor()).shutdownNow();
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        }
        try (io.wirehub.store.Database d = new io.wirehub.store.Database(jdbc, p.getProperty("wirehub.db.user"),
                p.getProperty("wirehub.db.password"), 8)) {
            claimBench(d);
            if (postgres && outboxRows > 0) {
                outboxBench(d);
            }
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    /** The settings of node {@code n} (its folder, port, name and User-Agent), on the bench's database. */
    private Properties nodeSettings(Path dir, int n) throws IOException {
        Properties p = BenchE2eCommand.hubSettings(dir);
        if (dbUrl != null) {
            p.setProperty("wirehub.db.url", dbUrl);
            p.setProperty("wirehub.db.user", dbUser);
            String pw = System.getenv("WIREHUB_DB_PASSWORD");
            p.setProperty("wirehub.db.password", pw != null && dbPassword.isEmpty() ? pw : dbPassword);
        }
        p.setProperty("wirehub.out.enabled", "false");
        p.setProperty("wirehub.fetch.workers", Integer.toString(workers));
        // one loopback host serves the whole farm: the per-host cap would measure the cap, not the node
        p.setProperty("wirehub.fetch.max-connections", Integer.toString(workers * 2));
        p.setProperty("wirehub.fetch.max-connections-per-host", Integer.toString(workers * 2));
        p.setProperty("wirehub.fetch.user-agent", NODE_AGENT + n);
        p.setProperty("wirehub.metrics.per-feed", "false");
        p.setProperty("wirehub.cluster.node-id", "bench-node-" + n);
        // a line per fetched feed would be most of the work measured
        p.setProperty("wirehub.log.level.io.wirehub.ingest.FeedPolling", "warn");
        return p;
    }

    /** Polls/s by node over {@code --seconds}, printed with items/s and deliveries/s. */
    private Map<String, Double> measurePolls(String label) throws InterruptedException {
        Map<String, Long> r0 = new java.util.TreeMap<>();
        requestsByNode.forEach((k, v) -> r0.put(k, v.get()));
        long ok0 = answered200.get();
        long d0 = deliveries.get();
        long m0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double secs = (System.nanoTime() - m0) / 1e9;
        Map<String, Double> rates = new java.util.TreeMap<>();
        requestsByNode.forEach((k, v) -> {
            double r = (v.get() - r0.getOrDefault(k, 0L)) / secs;
            if (r > 0) {
                rates.put(k.startsWith(NODE_AGENT) ? "node-" + k.substring(NODE_AGENT.length()) : k, r);
            }
        });
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        long items = answered200.get() - ok0;
        System.out.printf(Locale.ROOT, "polls, %s: %.0f polls/s in %.1f s %s (%.1f items/s answered 200 with a new item;"
                        + " %.0f deliveries/s); the farm asks for %.0f polls/s%n", label, total, secs,
                rates.size() > 1 ? rates.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ", "(", ")")) : "",
                items / secs, (deliveries.get() - d0) / secs, feeds / (double) HubConfig.parseDuration(interval).toSeconds());
        return rates;
    }

    /** The burst: some feeds publish many items at once; the polling goes on meanwhile. */
    private void burst() throws InterruptedException {
        int total = burstFeeds * burstItems;
        int[] from = new int[feeds];
        for (int i = 0; i < Math.min(burstFeeds, feeds); i++) {
            from[i] = published.get(i);
        }
        burstFrom = from;
        long b0 = System.nanoTime();
        burst = true;
        long expected = (long) total * subscribers;
        long lastGrowth = System.nanoTime();
        int last = 0;
        while (burstDelivered.size() < expected && System.nanoTime() - lastGrowth < 60_000_000_000L) {
            Thread.sleep(20);
            if (burstDelivered.size() > last) {
                last = burstDelivered.size();
                lastGrowth = System.nanoTime();
            }
        }
        double bs = (lastGrowth - b0) / 1e9;
        // from the first burst delivery: the wait for the feeds' next poll is not the node's speed
        double flow = (lastGrowth - firstBurstDelivery.get()) / 1e9;
        System.out.printf(Locale.ROOT, "burst: %d items from %d feeds, %d deliveries of %d made %.1f s after publication,"
                        + " %.1f s from the first to the last: %.0f items/s end to end (feed server to every subscriber), %.0f deliveries/s%n",
                total, burstFeeds, burstDelivered.size(), expected, bs, flow,
                burstDelivered.size() / (double) subscribers / flow, burstDelivered.size() / flow);
    }

    /**
     * The feed claim alone, on the farm's rows, every feed due: the batch claim the scheduler uses
     * ({@link FeedStateStore#claimDue}), the portable batch ({@link FeedStateStore#claimDueEach}) and
     * a conditional UPDATE per feed (what each feed's timer did before the scheduler), two claimers at
     * once as two nodes; claims/s of each and the ratio.
     */
    private void claimBench(io.wirehub.store.Database d) throws Exception {
        FeedStateStore st = new FeedStateStore(d.dataSource(), d.isPostgres());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < feeds; i++) {
            ids.add("f" + i);
        }
        double batch = timeClaims(d, (node, now) -> drain(() -> st.claimDue(node, now, now.plusSeconds(60), 100)));
        double each = timeClaims(d, (node, now) -> drain(() -> st.claimDueEach(node, now, now.plusSeconds(60), 100)));
        double single = timeClaims(d, (node, now) -> {
            int n = 0;
            for (String id : ids) {
                n += st.claim(id, node, now, now.plusSeconds(10), now.plusSeconds(60), false) ? 1 : 0;
            }
            return n;
        });
        System.out.printf(Locale.ROOT, "feed claims, %d due feeds, 2 claimers at once: batch claim %s %.0f claims/s; select + conditional"
                        + " UPDATE batch %.0f claims/s; one conditional UPDATE per feed (a timer per feed, before) %.0f claims/s;"
                        + " ratio batch claim / per feed %.1fx%n", feeds, d.isPostgres() ? "(UPDATE ... FOR UPDATE SKIP LOCKED RETURNING)"
                        : "(on H2: select + conditional UPDATE batch)", batch, each, single, batch / single);
    }

    private interface Claimer {
        int claimAll(String node, Instant now) throws Exception;
    }

    private static int drain(java.util.concurrent.Callable<List<String>> claim) throws Exception {
        int n = 0;
        for (List<String> got = claim.call(); !got.isEmpty(); got = claim.call()) {
            n += got.size();
        }
        return n;
    }

    /** Every farm feed due and free, then two threads claim them all: claims/s (checks that each was claimed once). */
    private double timeClaims(io.wirehub.store.Database d, Claimer claimer) throws Exception {
        Instant now = Instant.now();
        try (java.sql.Connection c = d.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET next_attempt_at=?, leased_by=NULL, lease_until=NULL")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(now.minusSeconds(1)));
            ps.executeUpdate();
        }
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long t0 = System.nanoTime();
            var a = pool.submit(() -> claimer.claimAll("claimer-a", now));
            var b = pool.submit(() -> claimer.claimAll("claimer-b", now));
            int n = a.get() + b.get();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (n != feeds) {
                System.out.printf(Locale.ROOT, "  (claimed %d of %d feeds: a claim was lost or doubled)%n", n, feeds);
            }
            return n / secs;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The outbox claim on PostgreSQL: {@code --outbox-rows} pending deliveries drained by
     * {@code --claimers} threads claiming 50 at a time and recording them delivered in one
     * statement a batch (as the group commit does), with the leases' compare-and-set alone and with
     * {@code FOR UPDATE SKIP LOCKED}; deliveries/s of each, and how many claims came back short.
     */
    private void outboxBench(io.wirehub.store.Database d) throws Exception {
        Instant created = Instant.now().minusSeconds(60);
        try (java.sql.Connection c = d.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement ev = c.prepareStatement("INSERT INTO delivery_event (id, event, item_uri, body, created_at) "
                    + "VALUES ('bench-ev', 'item.new', 'urn:bench', '{}', ?)")) {
                ev.setTimestamp(1, java.sql.Timestamp.from(created));
                ev.executeUpdate();
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO delivery (id, subscriber_id, channel, event_id, status, "
                    + "next_attempt_at, created_at) VALUES (?, ?, 0, 'bench-ev', 'pending', ?, ?)")) {
                for (int i = 0; i < outboxRows; i++) {
                    ps.setString(1, "bench-" + i);
                    ps.setString(2, "s" + (i % 100));
                    ps.setTimestamp(3, java.sql.Timestamp.from(created.plusMillis(i)));
                    ps.setTimestamp(4, java.sql.Timestamp.from(created));
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        double[] leases = drainOutbox(d, false);
        double[] skip = drainOutbox(d, true);
        System.out.printf(Locale.ROOT, "outbox claims, %d pending deliveries, %d claimers of 50: leases (compare-and-set) %.0f deliveries/s,"
                        + " %.0f%% of claims short; FOR UPDATE SKIP LOCKED %.0f deliveries/s, %.0f%% short; ratio SKIP LOCKED / leases %.2fx%n",
                outboxRows, claimers, leases[0], leases[1], skip[0], skip[1], skip[0] / leases[0]);
        try (java.sql.Connection c = d.dataSource().getConnection();
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM delivery WHERE event_id = 'bench-ev'");
            st.executeUpdate("DELETE FROM delivery_event WHERE id = 'bench-ev'");
        }
    }

    /** {deliveries/s, percent of claims that returned fewer than 50 rows while rows were left}. */
    private double[] drainOutbox(io.wirehub.store.Database d, boolean skipLocked) throws Exception {
        try (java.sql.Connection c = d.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE delivery SET status='pending', next_attempt_at=created_at "
                     + "WHERE event_id = 'bench-ev'")) {
            ps.executeUpdate();
        }
        io.wirehub.publish.Outbox outbox = new io.wirehub.publish.Outbox(d.dataSource());
        outbox.skipLocked(skipLocked);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger claims = new AtomicInteger();
        AtomicInteger shortClaims = new AtomicInteger();
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(claimers);
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < claimers; t++) {
            fs.add(pool.submit(() -> {
                while (done.get() < outboxRows) {
                    Instant now = Instant.now();
                    List<io.wirehub.publish.Outbox.Claimed> got = outbox.claim(io.wirehub.publish.Outbox.PENDING, now,
                            now.plusSeconds(120), 50, List.of(), sub -> Integer.MAX_VALUE);
                    claims.incrementAndGet();
                    if (got.size() < 50 && done.get() + got.size() < outboxRows) {
                        shortClaims.incrementAndGet();
                    }
                    if (got.isEmpty()) {
                        continue;
                    }
                    try (java.sql.Connection c = d.dataSource().getConnection();
                         java.sql.PreparedStatement ps = c.prepareStatement("UPDATE delivery SET status='delivered', delivered_at=? WHERE id=?")) {
                        for (io.wirehub.publish.Outbox.Claimed cl : got) {
                            ps.setTimestamp(1, java.sql.Timestamp.from(now));
                            ps.setString(2, cl.id());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    done.addAndGet(got.size());
                }
                return null;
            }));
        }
        for (var f : fs) {
            f.get();
        }
        pool.shutdownNow();
        double secs = (System.nanoTime() - t0) / 1e9;
        return new double[]{done.get() / secs, 100.0 * shortClaims.get() / Math.max(1, claims.get())};
    }

    /** A feed of the farm: mostly unchanged (304); sometimes one new item; during the burst, its burst items. */
    private void feed(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String agent = ex.getRequestHeaders().getFirst("User-Agent");
            requestsByNode.computeIfAbsent(agent == null ? "?" : agent, k -> new AtomicLong()).incrementAndGet();
            int f = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
            if (polledOnce.compareAndSet(f, 0, 1)) {
                distinctPolled.incrementAndGet();
            }
            int[] from = burstFrom;
            if (burst && f < burstFeeds && published.get(f) < from[f] + burstItems) {
                published.set(f, from[f] + burstItems);
            } else if (java.util.concurrent.ThreadLocalRandom.current().nextInt(100) < changedPercent) {
                published.incrementAndGet(f);
            }
            int n = published.get(f);
            String etag = "\"v" + n + "\"";
            ex.getResponseHeaders().set("ETag", etag);
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            answered200.incrementAndGet();
            StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Farm ")
                    .append(f).append("</title><link>https://farm.example/</link><description>bench</description>\n");
            // the newest items only (a burst feed: all of its burst)
            int window = Math.max(3, burst && f < burstFeeds ? burstItems + 3 : 3);
            for (int i = n - 1; i >= Math.max(0, n - window); i--) {
                Random rnd = new Random(f * 1_000_003L + i);
                x.append("<item><guid isPermaLink=\"false\">farm-").append(f).append('-').append(i).append("</guid><title>")
                        .append(RandomWords.words(rnd, VOCAB, 8)).append("</title><description>").append(RandomWords.words(rnd, VOCAB, 60)).append("</description><pubDate>")
                        .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atZone(ZoneOffset.UTC))).append("</pubDate></item>\n");
            }
            byte[] b = x.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
    }

    /** A webhook receiver: counts deliveries, and those of burst items (guid farm-f-i with i in the burst). */
    private void hook(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.incrementAndGet();
            if (burst) {
                java.util.regex.Matcher m = GUID.matcher(body);
                if (m.find()) {
                    int f = Integer.parseInt(m.group(1));
                    int i = Integer.parseInt(m.group(2));
                    int[] from = burstFrom;
                    if (f < burstFeeds && i >= from[f] && i < from[f] + burstItems) {
                        burstDelivered.add(ex.getRequestURI().getPath() + " " + f + "-" + i);
                        firstBurstDelivery.compareAndSet(0, System.nanoTime());
                    }
                }
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile("farm-(\\d+)-(\\d+)");

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
