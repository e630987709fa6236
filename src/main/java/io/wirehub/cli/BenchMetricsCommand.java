package io.wirehub.cli;

import io.wirehub.Hub;
import io.wirehub.HubConfig;
import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.SourceDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code wirehub bench metrics}: the cost of metrics on the hot path. The same generated RSS
 * documents go through a real hub's pipeline (normalize, dedupe, enrich, publish) with metrics off
 * (the baseline: no Micrometer, no route policies) and on (Camel's and wirehub's series), in
 * alternating rounds on fresh databases; prints items/s of each and the cost as a ratio.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Benchmark the cost of metrics on the hot path: items/s with metrics off (baseline) and on, and the ratio.")
public class BenchMetricsCommand implements Callable<Integer> {
    @Option(names = "--items", defaultValue = "20000", description = "Items per round (default ${DEFAULT-VALUE}).")
    int items;
    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each (the best of each counts; default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--feeds", defaultValue = "10", description = "Feeds the documents come from (per-feed series; default ${DEFAULT-VALUE}).")
    int feeds;

    private static final String[] WORDS = ("harvest rice prices weather flood bridge election court budget railway port school hospital"
            + " football concert museum airline factory market storm drought festival satellite vaccine minister parliament strike"
            + " bank tourism Hanoi Paris Kabul Herat Tokyo Lagos Lima Oslo Dakar Hue").split(" ");

    @Override
    public Integer call() throws Exception {
        List<byte[]> docs = documents();
        // warm-up (JIT, class loading), not counted
        run(docs.subList(0, Math.min(docs.size(), 30)), false);
        run(docs.subList(0, Math.min(docs.size(), 30)), true);
        double bestOff = 0;
        double bestOn = 0;
        double cpuOff = 0;
        double cpuOn = 0;
        for (int r = 0; r < rounds; r++) {
            double[] off = run(docs, false);
            double[] on = run(docs, true);
            System.out.printf("round %d: metrics off %.0f items/s (%.0f items per CPU-second), on %.0f items/s (%.0f per CPU-second)%n",
                    r + 1, off[0], off[1], on[0], on[1]);
            bestOff = Math.max(bestOff, off[0]);
            bestOn = Math.max(bestOn, on[0]);
            cpuOff = Math.max(cpuOff, off[1]);
            cpuOn = Math.max(cpuOn, on[1]);
        }
        // Wall-clock items/s swing with whatever else the machine runs; items per CPU-second of this
        // process is what metrics cost the hub itself, and is the figure the goal is checked on.
        double cost = (cpuOff - cpuOn) / cpuOff * 100;
        System.out.printf("bench metrics: %d items x %d rounds, %d feeds: baseline (metrics off) %.0f items/s, %.0f items/CPU-s;"
                        + " metrics on %.0f items/s, %.0f items/CPU-s; ratio %.3f (wall %.3f), cost %.1f%% (goal < 5%%)%n", items, rounds,
                feeds, bestOff, cpuOff, bestOn, cpuOn, cpuOn / cpuOff, bestOn / bestOff, cost);
        return 0;
    }

    /** RSS documents of 100 items each, every item with its own words so dedupe keeps them apart. */
    private List<byte[]> documents() {
        Random rnd = new Random(5);
        List<byte[]> out = new ArrayList<>();
        int n = 0;
        while (n < items) {
            StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bench</title>"
                    + "<link>https://bench.example.org/</link><description>d</description>");
            for (int i = 0; i < 100 && n < items; i++, n++) {
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < 40; k++) {
                    text.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ').append(rnd.nextInt(100000)).append(' ');
                }
                sb.append("<item><title>").append(WORDS[rnd.nextInt(WORDS.length)]).append(' ').append(n).append(' ')
                        .append(text, 0, 60).append("</title><guid>https://bench.example.org/").append(n).append("</guid><description>")
                        .append(text).append("</description><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate></item>");
            }
            out.add(sb.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int countItems(byte[] doc) {
        String s = new String(doc, StandardCharsets.UTF_8);
        int n = 0;
        for (int i = s.indexOf("<item>"); i >= 0; i = s.indexOf("<item>", i + 1)) {
            n++;
        }
        return n;
    }

    /** Items/s (wall clock) and items per CPU-second of this process. */
    private double[] run(List<byte[]> docs, boolean metrics) throws Exception {
        Path dir = Files.createTempDirectory("wirehub-bench-metrics");
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("feeds.yaml"), "feeds: []\n");
        Properties p = new Properties();
        p.load(Files.newBufferedReader(Path.of("config/application.properties")));
        p.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        p.setProperty("wirehub.inbox.dir", dir.resolve("inbox").toString());
        p.setProperty("wirehub.out.enabled", "false");
        p.setProperty("wirehub.samples.enabled", "false");
        // the embedded server stays on (the routes need it), on a free loopback port
        try (java.net.ServerSocket sock = new java.net.ServerSocket(0)) {
            p.setProperty("camel.server.port", Integer.toString(sock.getLocalPort()));
        }
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("camel.metrics.enabled", Boolean.toString(metrics));
        p.setProperty("wirehub.unsubscribe.secret", "bench-unsubscribe-secret-000000");
        Hub hub = Hub.start(HubConfig.of(config, p));
        try {
            // the gazetteer loads in the background at start: wait for it, outside the timing
            io.wirehub.gazetteer.EnrichConfiguration.enricher(hub.camelContext());
            var tpl = hub.camelContext().createProducerTemplate();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < docs.size(); i++) {
                byte[] d = docs.get(i);
                String feed = "bench-" + (i % feeds);
                pool.execute(() -> tpl.sendBody("direct:normalize",
                        SourceDocument.ofBytes(feed, d, "application/rss+xml", FeedContext.of(feed))));
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.MINUTES);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            int n = docs.stream().mapToInt(BenchMetricsCommand::countItems).sum();
            return new double[]{n / wall, n / cpu};
        } finally {
            hub.close();
        }
    }
}
