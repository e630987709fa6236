package io.wirehub.cli;

import com.sun.net.httpserver.HttpServer;
import io.wirehub.Hub;
import io.wirehub.HubConfig;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.publish.CompiledFilter;
import io.wirehub.publish.ItemFacts;
import io.wirehub.publish.PlaceLookup;
import io.wirehub.publish.Subscriber;
import io.wirehub.publish.SubscriberIndex;
import io.wirehub.publish.SubscriberSpec;
import io.wirehub.publish.TablePlaceLookup;
import io.wirehub.publish.WebhookSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code wirehub bench delivery}: (1) matching N items against M subscribers through the index,
 * against the naive scan of every subscriber as baseline; (2) signed webhook POSTs from a real hub
 * (outbox, workers, http: producer) to a receiver on loopback that checks every signature, with
 * the count of deliveries lost and the outbox rows written per delivery.
 */
@Command(name = "delivery", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = "Benchmark subscriber matching (index vs scan) and webhook delivery (POSTs/s, lost, outbox rows per delivery).")
public class BenchDeliveryCommand implements Callable<Integer> {
    @Option(names = "--items", defaultValue = "10000", description = "Items to match (default ${DEFAULT-VALUE}).")
    int items;
    @Option(names = "--subscribers", defaultValue = "10000", description = "Subscribers to match against (default ${DEFAULT-VALUE}).")
    int subscribers;
    @Option(names = "--scan-items", defaultValue = "300", description = "Items for the naive-scan baseline (default ${DEFAULT-VALUE}).")
    int scanItems;
    @Option(names = "--webhook-items", defaultValue = "2000", description = "Items published for the webhook run (default ${DEFAULT-VALUE}).")
    int webhookItems;
    @Option(names = "--webhook-subscribers", defaultValue = "10", description = "Webhook subscribers receiving every item (default ${DEFAULT-VALUE}).")
    int webhookSubscribers;
    @Option(names = "--skip-webhooks", description = "Only the matching benchmark.")
    boolean skipWebhooks;
    @Option(names = "--db-url", description = "JDBC URL for the webhook run (default: an H2 file in a temporary folder).")
    String dbUrl;

    private static final String[] VOCAB = RandomWords.vocabulary(7, 5000, 4, 6);

    @Override
    public Integer call() throws Exception {
        matching();
        if (!skipWebhooks) {
            webhooks();
        }
        return 0;
    }

    /** A synthetic world: 200 countries with 20 divisions each and 20 cities per division. */
    private static TablePlaceLookup world() {
        TablePlaceLookup t = new TablePlaceLookup();
        Random r = new Random(11);
        for (int c = 0; c < 200; c++) {
            String cc = "" + (char) ('A' + c / 26) + (char) ('A' + c % 26);
            t.add(new PlaceLookup.PlaceInfo(1_000_000 + c, "country" + c, cc, null, "PCLI", null, null));
            for (int a = 0; a < 20; a++) {
                t.add(new PlaceLookup.PlaceInfo(2_000_000 + c * 100 + a, "adm" + c + "_" + a, cc, "A" + a, "ADM1", null, null));
                for (int p = 0; p < 20; p++) {
                    double lat = -60 + r.nextDouble() * 130;
                    double lon = -180 + r.nextDouble() * 360;
                    t.add(new PlaceLookup.PlaceInfo(3_000_000L + (c * 20L + a) * 20 + p, "city" + c + "_" + a + "_" + p, cc, "A" + a,
                            "PPL", lat, lon));
                }
            }
        }
        return t;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static SubscriberSpec.Filter randomFilter(Random r) {
        SubscriberSpec.Filter f = new SubscriberSpec.Filter();
        switch (r.nextInt(6)) {
            case 0 -> f.places.add(Long.toString(1_000_000 + r.nextInt(200)));
            case 1 -> f.places.add(Long.toString(2_000_000 + r.nextInt(200) * 100 + r.nextInt(20)));
            case 2 -> {
                f.near = new SubscriberSpec.Near();
                f.near.lat = -60 + r.nextDouble() * 130;
                f.near.lon = -180 + r.nextDouble() * 360;
                f.near.km = 50.0 + r.nextInt(200);
            }
            case 3 -> f.keywords = VOCAB[r.nextInt(VOCAB.length)] + " AND " + VOCAB[r.nextInt(VOCAB.length)];
            case 4 -> f.keywords = "\"" + VOCAB[r.nextInt(VOCAB.length)] + " " + VOCAB[r.nextInt(VOCAB.length)] + "\" OR "
                    + VOCAB[r.nextInt(VOCAB.length)];
            default -> {
                f.keywords = VOCAB[r.nextInt(VOCAB.length)] + " NOT " + VOCAB[r.nextInt(VOCAB.length)];
                f.languages.add(r.nextBoolean() ? "fr" : "en");
            }
        }
        return f;
    }

    private static NinjsItem randomItem(Random r, int i) {
        NinjsItem it = new NinjsItem();
        it.uri = "urn:bench:" + i;
        it.language = r.nextBoolean() ? "fr" : "en";
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < 120; k++) {
            body.append(VOCAB[r.nextInt(VOCAB.length)]).append(' ');
        }
        it.headlines.add(new NinjsItem.Text("main", "text/plain", VOCAB[r.nextInt(VOCAB.length)] + " " + VOCAB[r.nextInt(VOCAB.length)]));
        it.bodies.add(new NinjsItem.Text("main", "text/plain", body.toString()));
        for (int k = 0; k < 3; k++) {
            NinjsItem.Place p = new NinjsItem.Place();
            long id = 3_000_000L + r.nextInt(200 * 20 * 20);
            p.uri = "https://sws.geonames.org/" + id + "/";
            p.name = "p" + id;
            it.places.add(p);
        }
        return it;
    }

    private void matching() {
        TablePlaceLookup world = world();
        Random r = new Random(42);
        List<Subscriber> subs = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            SubscriberSpec s = new SubscriberSpec();
            s.id = "s" + i;
            s.filter = randomFilter(r);
            subs.add(new Subscriber(s, CompiledFilter.compile(s.filter, world), true));
        }
        long t0 = System.nanoTime();
        SubscriberIndex index = new SubscriberIndex(subs);
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        List<ItemFacts> facts = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            NinjsItem it = randomItem(r, i);
            // Item places get their coordinates from the world, as the gazetteer would set them.
            for (NinjsItem.Place p : it.places) {
                PlaceLookup.PlaceInfo pi = world.byId(ItemFacts.geonameId(p.uri));
                p.geoJSON = Map.of("type", "Point", "coordinates", List.of(pi.lon(), pi.lat()));
            }
            facts.add(new ItemFacts(it, "item.new", "bench", world));
        }
        // Warm up, then measure the index over every item.
        for (int i = 0; i < Math.min(1000, facts.size()); i++) {
            index.match(facts.get(i), null);
        }
        long[] checks = new long[1];
        long matches = 0;
        t0 = System.nanoTime();
        for (ItemFacts f : facts) {
            matches += index.match(f, checks).size();
        }
        double indexSec = (System.nanoTime() - t0) / 1e9;
        // Baseline: the naive scan over a subset (the full product would take minutes), same results checked.
        int n = Math.min(scanItems, facts.size());
        long scanMatches = 0;
        long indexMatchesSubset = 0;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            scanMatches += index.scan(facts.get(i)).size();
        }
        double scanSec = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < n; i++) {
            indexMatchesSubset += index.match(facts.get(i), null).size();
        }
        double pairs = (double) items * subscribers;
        double indexRate = pairs / indexSec;
        double scanRate = (double) n * subscribers / scanSec;
        System.out.println("== bench delivery: matching ==");
        System.out.printf("subscribers %,d (%,d checked for every item: not indexable), items %,d, index built in %d ms%n",
                subscribers, index.unindexedCount(), items, buildMs);
        System.out.printf("index: %,.0f item-subscriber checks/s (%,d items x %,d subscribers in %.2f s; %,d filters evaluated, %.1f per item; %,d matches)%n",
                indexRate, items, subscribers, indexSec, checks[0], (double) checks[0] / items, matches);
        System.out.printf("naive scan baseline: %,.0f checks/s (%d items) -> index is %.0fx faster; same matches on the subset: %s (%d)%n",
                scanRate, n, indexRate / scanRate, scanMatches == indexMatchesSubset, scanMatches);
    }

    private void webhooks() throws Exception {
        Path dir = Files.createTempDirectory("wirehub-bench-delivery");
        String secret = WebhookSigner.newSecret();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicLong bad = new AtomicLong();
        AtomicLong posts = new AtomicLong();
        AtomicLong firstPost = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastPost = new AtomicLong();
        HttpServer rx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        ExecutorService rxPool = Executors.newFixedThreadPool(16);
        rx.setExecutor(rxPool);
        rx.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            var h = ex.getRequestHeaders();
            String id = h.getFirst("webhook-id");
            String expected = WebhookSigner.sign(secret, id, Long.parseLong(h.getFirst("webhook-timestamp")),
                    new String(body, StandardCharsets.UTF_8));
            if (!h.getFirst("webhook-signature").contains(expected)) {
                bad.incrementAndGet();
            }
            posts.incrementAndGet();
            long now = System.nanoTime();
            firstPost.accumulateAndGet(now, Math::min);
            lastPost.accumulateAndGet(now, Math::max);
            ids.add(id);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        rx.start();
        String url = "http://127.0.0.1:" + rx.getAddress().getPort() + "/hook";
        StringBuilder yaml = new StringBuilder("subscribers:\n");
        for (int i = 0; i < webhookSubscribers; i++) {
            yaml.append("  - id: bench-").append(i).append("\n    channels:\n      - type: webhook\n        url: ").append(url)
                    .append("\n        secrets: [").append(secret).append("]\n");
        }
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("subscribers.yaml"), yaml);
        // the reference settings in the jar: the benchmark runs from any folder, config/ or not
        java.util.Properties p = io.wirehub.HubConfig.defaults();
        p.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        p.setProperty("wirehub.inbox.dir", dir.resolve("inbox").toString());
        if (dbUrl != null) {
            p.setProperty("wirehub.db.url", dbUrl);
        }
        p.setProperty("wirehub.out.enabled", "false");
        p.setProperty("wirehub.samples.enabled", "false");
        p.setProperty("camel.server.port", Integer.toString(freePort()));
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("wirehub.fetch.allowed-hosts", "127.0.0.1");
        // One loopback receiver stands for many subscriber hosts: lift the per-host connection cap.
        p.setProperty("wirehub.fetch.max-connections-per-host", "64");
        p.setProperty("wirehub.fetch.max-connections", "128");
        p.setProperty("wirehub.delivery.workers", "32");
        p.setProperty("wirehub.unsubscribe.secret", "bench-unsubscribe-secret-000000");
        Hub hub = Hub.start(HubConfig.of(config, p));
        try {
            int expected = webhookItems * webhookSubscribers;
            Random r = new Random(3);
            List<NinjsItem> its = new ArrayList<>();
            for (int i = 0; i < webhookItems; i++) {
                its.add(randomItem(r, i));
            }
            ExecutorService submit = Executors.newFixedThreadPool(4);
            var tpl = hub.camelContext().createProducerTemplate();
            long t0 = System.nanoTime();
            for (NinjsItem it : its) {
                submit.execute(() -> tpl.sendBody("direct:item", it));
            }
            submit.shutdown();
            submit.awaitTermination(10, TimeUnit.MINUTES);
            double enqueueSec = (System.nanoTime() - t0) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (ids.size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5); // the benchmark's own progress poll, not a test
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> counts = hub.delivery().outbox().counts();
            while (counts.getOrDefault("delivered", 0L) < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
                counts = hub.delivery().outbox().counts();
            }
            long deliveryRows = counts.values().stream().mapToLong(Long::longValue).sum();
            long eventRows;
            try (var c = hub.database().dataSource().getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM delivery_event")) {
                rs.next();
                eventRows = rs.getLong(1);
            }
            System.out.println("== bench delivery: webhooks ==");
            System.out.printf("%,d items x %,d webhook subscribers = %,d signed POSTs to a loopback receiver%n",
                    webhookItems, webhookSubscribers, expected);
            System.out.printf("delivered %,d distinct webhook-ids in %.2f s (publish of all items took %.2f s): %,.0f POSTs/s%n",
                    ids.size(), sec, enqueueSec, ids.size() / sec);
            System.out.printf("from the first POST to the last: %.2f s, %,.0f POSTs/s (load average at the end: %.1f on %d cores)%n",
                    (lastPost.get() - firstPost.get()) / 1e9, ids.size() / ((lastPost.get() - firstPost.get()) / 1e9),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("lost: %d, re-sent: %d, bad signatures: %d; outbox status counts %s%n",
                    expected - ids.size(), posts.get() - ids.size(), bad.get(), counts);
            System.out.printf("outbox rows per delivery: %.3f (%,d delivery rows + %,d event rows for %,d deliveries)%n",
                    (double) (deliveryRows + eventRows) / expected, deliveryRows, eventRows, expected);
        } finally {
            hub.close();
            rx.stop(0);
            rxPool.shutdownNow();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
