package io.wirehub.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wirehub.Hub;
import io.wirehub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
 * {@code wirehub bench cluster}: the per-node rates a cluster is sized from, measured on one hub
 * node in this JVM against a loopback farm of feeds: (1) polls/s when every feed is due more often
 * than the node can poll (most answers {@code 304 Not Modified}, each poll claimed in the database
 * as in cluster mode); (2) a burst of new items published by some of the feeds while the farm
 * keeps being polled: items/s from the feed server to the subscribers' webhooks, and deliveries/s.
 * The README's cluster projection is computed from these figures.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = {"Per-node rates for sizing a cluster: polls/s against a loopback farm of feeds answering mostly 304, "
                + "then a burst of items end to end (feed server -> hub -> signed webhooks): items/s and deliveries/s.",
                "Run it against the cluster's database (--db-url jdbc:postgresql://...) for the figures that matter."},
        footer = {"", "Examples:", "  java -Xmx1g -jar target/wirehub.jar bench cluster",
                "  java -Xmx1g -jar target/wirehub.jar bench cluster --db-url jdbc:postgresql://localhost:5432/wirehub --db-user wirehub"})
public class BenchClusterCommand implements Callable<Integer> {
    @Option(names = "--feeds", defaultValue = "1000", description = "Feeds in the farm, one route each (default ${DEFAULT-VALUE}; each route takes about 150 ms to add here, see docs/cluster.md).")
    int feeds;
    @Option(names = "--interval", defaultValue = "1s",
            description = "Each feed's interval: short, so the node polls as fast as it can (default ${DEFAULT-VALUE}).")
    String interval;
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

    private static final String[] VOCAB = vocab();
    /** Per feed: items published so far (the ETag is their count). */
    private AtomicIntegerArray published;
    /** Per feed: the first item of the burst (items below it are the polling phase's). */
    private volatile int[] burstFrom;
    private final AtomicLong requests = new AtomicLong();
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
        burstFrom = new int[feeds];
        HttpServer farm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        farm.createContext("/f/", this::feed);
        farm.setExecutor(Executors.newFixedThreadPool(16));
        farm.start();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        receiver.createContext("/hook/", this::hook);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.start();
        Properties p = BenchE2eCommand.hubSettings(dir);
        if (dbUrl != null) {
            p.setProperty("wirehub.db.url", dbUrl);
            p.setProperty("wirehub.db.user", dbUser);
            String pw = System.getenv("WIREHUB_DB_PASSWORD");
            p.setProperty("wirehub.db.password", pw != null && dbPassword.isEmpty() ? pw : dbPassword);
        }
        p.setProperty("wirehub.out.enabled", "false");
        p.setProperty("wirehub.fetch.tick", "1s");
        // one loopback host serves the whole farm: the per-host cap would measure the cap, not the node
        p.setProperty("wirehub.fetch.max-connections", "64");
        p.setProperty("wirehub.fetch.max-connections-per-host", "64");
        p.setProperty("wirehub.metrics.per-feed", "false");
        p.setProperty("wirehub.cluster.node-id", "bench-node");
        // a line per fetched feed would be most of the work measured
        p.setProperty("wirehub.log.level.io.wirehub.ingest.FeedPolling", "warn");
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
        System.out.printf(Locale.ROOT, "bench cluster: one node, %d feeds every %s (%d%% of polls answered 200 with a new item, the rest 304),"
                + " %d webhook subscriber(s), database %s, %d cores, heap %d MB%n", feeds, interval, changedPercent, subscribers, db,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        long t0 = System.nanoTime();
        try (Hub hub = Hub.start(HubConfig.of(config, p))) {
            // the feed routes are added once Camel has started; the first polls show they run
            while (requests.get() < Math.min(feeds, 1000) && System.nanoTime() - t0 < 600_000_000_000L) {
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "hub started, %d feed routes added, polling after %.1f s%n", feeds, (System.nanoTime() - t0) / 1e9);
            Thread.sleep(Math.min(15, seconds) * 1000L); // warm-up: every feed polled once, JIT
            long r0 = requests.get();
            long ok0 = answered200.get();
            long d0 = deliveries.get();
            long m0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double secs = (System.nanoTime() - m0) / 1e9;
            long polls = requests.get() - r0;
            long items = answered200.get() - ok0;
            System.out.printf(Locale.ROOT, "polls: %d in %.1f s = %.0f polls/s (%d answered 200 with a new item = %.1f items/s;"
                            + " %.0f deliveries/s); the farm asks for %.0f polls/s%n", polls, secs, polls / secs, items, items / secs,
                    (deliveries.get() - d0) / secs, feeds / (double) HubConfig.parseDuration(interval).toSeconds());

            // The burst: some feeds publish many items at once; the polling goes on meanwhile.
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
        } finally {
            farm.stop(0);
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) farm.getExecutor()).shutdownNow();
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
            deleteTree(dir);
        }
        return 0;
    }

    /** A feed of the farm: mostly unchanged (304); sometimes one new item; during the burst, its burst items. */
    private void feed(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            int f = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
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
                        .append(words(rnd, 8)).append("</title><description>").append(words(rnd, 60)).append("</description><pubDate>")
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

    private static String words(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(VOCAB[rnd.nextInt(VOCAB.length)]);
        }
        return sb.toString();
    }

    private static String[] vocab() {
        Random r = new Random(11);
        String[] v = new String[6000];
        for (int i = 0; i < v.length; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 3 + r.nextInt(7);
            for (int k = 0; k < len; k++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            v[i] = sb.toString();
        }
        return v;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
