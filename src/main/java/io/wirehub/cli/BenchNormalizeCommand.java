package io.wirehub.cli;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.ItemReader;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.Normalizer;
import io.wirehub.normalize.SourceDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code wirehub bench normalize}: wirehub's normalize (parse, sanitize, ninjs mapping) against plain
 * ROME parsing, on the same generated RSS 2.0 bytes, in the same JVM.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = {"Benchmark the normalize stage against plain ROME parsing on a generated RSS 2.0 feed.",
                "Prints items/s, MB/s, per-item latency percentiles and peak heap for each, and the ratio."},
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar bench normalize",
                "  java -Xmx256m -jar target/wirehub.jar bench normalize --items 20000 --rounds 5"})
public class BenchNormalizeCommand implements Callable<Integer> {
    @Option(names = "--items", description = "Items in the generated feed (default: ${DEFAULT-VALUE}).", defaultValue = "20000")
    int items;

    @Option(names = "--rounds", description = "Measured rounds after one warm-up round (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int rounds;

    @Option(names = "--file", description = "Use this feed file instead of generating one.")
    Path file;

    @Option(names = "--skip-rome", description = "Do not run the ROME baseline (it needs about 1 GB of heap for 20,000 items).")
    boolean skipRome;

    @Option(names = "--e2e", description = {"Also start the whole hub and print the time from start to the first poll of a loopback feed "
            + "(the hub on a burst, against a naive Camel route: bench e2e)."})
    boolean e2e;

    @Override
    public Integer call() throws Exception {
        Path feed = file != null ? file : generate(items);
        long bytes = Files.size(feed);
        System.out.printf(Locale.ROOT, "workload: %s, %.1f MB, %s%n", feed, bytes / 1e6, file != null ? "given" : items + " generated items");
        System.out.printf(Locale.ROOT, "max heap: %d MB, cores: %d%n", Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        Normalizer normalizer = new Normalizer();
        Result wh = run("wirehub normalize", () -> wirehub(normalizer, feed), bytes);
        Result rome = null;
        if (!skipRome) {
            try {
                rome = run("ROME parse (baseline)", () -> rome(feed), bytes);
            } catch (OutOfMemoryError e) {
                System.out.println("ROME parse (baseline): out of memory at this heap size");
            }
        }
        if (rome != null) {
            System.out.printf(Locale.ROOT, "ratio: wirehub normalize is %.2fx ROME's parse speed (items/s), peak heap %.2fx%n",
                    wh.itemsPerSec / rome.itemsPerSec, (double) wh.peakHeap / rome.peakHeap);
        }
        if (e2e) {
            endToEnd(feed);
        }
        if (file == null) {
            Files.deleteIfExists(feed);
        }
        return 0;
    }

    /** The running hub on a temporary folder: start to first poll. */
    private void endToEnd(Path feed) throws Exception {
        Path dir = Files.createTempDirectory("wirehub-bench-e2e-");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 16);
        java.util.concurrent.CountDownLatch firstPoll = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/feed.xml", ex -> {
            firstPoll.countDown();
            byte[] b = ("<rss version=\"2.0\"><channel><title>t</title><link>https://bench.wirehub.invalid/</link><description>d</description>"
                    + "<item><title>first poll</title><guid>p1</guid></item></channel></rss>").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        java.util.Properties p = BenchE2eCommand.hubSettings(dir);
        p.setProperty("wirehub.fetch.allowed-hosts", "127.0.0.1");
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("feeds.yaml"), "feeds:\n  - id: bench\n    url: http://127.0.0.1:"
                + server.getAddress().getPort() + "/feed.xml\n    interval: 1h\n");
        long t0 = System.nanoTime();
        try (io.wirehub.Hub hub = io.wirehub.Hub.start(io.wirehub.HubConfig.of(config, p))) {
            firstPoll.await(30, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "hub start to first poll: %d ms (the whole hub on a burst: bench e2e)%n",
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            server.stop(0);
        }
    }

    private record Result(double itemsPerSec, long peakHeap) {
    }

    private interface Job {
        long[] run() throws Exception; // per-item latencies in ns
    }

    private Result run(String name, Job job, long bytes) throws Exception {
        job.run(); // warm-up
        double best = 0;
        long[] lat = null;
        long peak = 0;
        double secsBest = 0;
        for (int r = 0; r < rounds; r++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            long[] l = job.run();
            double secs = (System.nanoTime() - t0) / 1e9;
            peak = Math.max(peak, peakHeap());
            double ips = l.length / secs;
            if (ips > best) {
                best = ips;
                lat = l;
                secsBest = secs;
            }
        }
        Arrays.sort(lat);
        System.out.printf(Locale.ROOT, "%-24s %9.0f items/s  %7.1f MB/s  latency/item p50 %6.1f us  p99 %7.1f us  peak heap %5d MB  (%d items, best of %d)%n",
                name, best, bytes / 1e6 / secsBest, pct(lat, 0.50) / 1e3, pct(lat, 0.99) / 1e3, peak >> 20, lat.length, rounds);
        return new Result(best, peak);
    }

    private static long[] wirehub(Normalizer normalizer, Path feed) throws Exception {
        long[] lat = new long[1024];
        int n = 0;
        long sink = 0;
        try (ItemReader r = normalizer.open(SourceDocument.ofFile(feed, new FeedContext("bench", "BENCH", null, null, null)))) {
            long t = System.nanoTime();
            while (r.hasNext()) {
                NinjsItem item = r.next();
                sink += NinjsJson.write(item).length(); // the mapping is only done once serialized
                long now = System.nanoTime();
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = now - t;
                t = now;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return Arrays.copyOf(lat, n);
    }

    private static long[] rome(Path feed) throws Exception {
        long t0 = System.nanoTime();
        SyndFeed f;
        try (XmlReader reader = new XmlReader(feed.toFile())) {
            f = new SyndFeedInput().build(reader);
        }
        int n = 0;
        long sink = 0;
        for (SyndEntry e : f.getEntries()) {
            sink += e.getTitle() == null ? 0 : e.getTitle().length();
            n++;
        }
        if (sink == 42) {
            System.out.print("");
        }
        long avg = (System.nanoTime() - t0) / Math.max(1, n);
        long[] lat = new long[n];
        Arrays.fill(lat, avg); // ROME parses the whole feed at once: per-item latency is the average
        return lat;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static final String[] WORDS = ("le la les de des du un une et à en pour sur dans avec par gouvernement province "
            + "ministre réunion accord frontière économie croissance élection sécurité Hanoï Hérat Kaboul Paris talibans "
            + "the of and to in on for with government province minister talks agreement border economy growth election "
            + "security Hanoi Herat Kabul officials said Monday Tuesday report forces city police trade exports").split(" ");

    /** Counts NDJSON lines incrementally (only bytes appended since the last call are read). */
    static final class LineCounter {
        private final java.util.Map<Path, long[]> seen = new java.util.HashMap<>(); // [position, lines]
        /** One buffer for every read: the count runs every 20 ms inside the measured process. */
        private final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);

        long count(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            long total = 0;
            try (var s = Files.walk(dir)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    long[] st = seen.computeIfAbsent(f, k -> new long[2]);
                    try (var ch = java.nio.channels.FileChannel.open(f)) {
                        ch.position(st[0]);
                        buf.clear();
                        int n;
                        while ((n = ch.read(buf)) > 0) {
                            for (int i = 0; i < n; i++) {
                                if (buf.get(i) == '\n') {
                                    st[1]++;
                                }
                            }
                            st[0] += n;
                            buf.clear();
                        }
                    }
                    total += st[1];
                }
            }
            return total;
        }
    }

    /** A deterministic RSS 2.0 feed of n items with about 1.5 KB of text each. */
    public static Path generate(int n) throws IOException {
        return generate(n, 42, "bench-");
    }

    /** {@link #generate(int)} with other stories and ids: {@code seed} for the text, {@code idPrefix} for guids and links. */
    public static Path generate(int n, long seed, String idPrefix) throws IOException {
        Path f = Files.createTempFile("wirehub-bench-", ".xml");
        Random rnd = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                    + "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n<title>bench</title>\n"
                    + "<link>https://bench.wirehub.invalid/</link>\n<description>generated</description>\n<language>fr</language>\n");
            for (int i = 0; i < n; i++) {
                w.write("<item>\n<title>" + words(rnd, 9) + " " + i + "</title>\n");
                w.write("<link>https://bench.wirehub.invalid/news/" + idPrefix + i + ".html</link>\n");
                w.write("<guid isPermaLink=\"false\">" + idPrefix + i + "</guid>\n");
                w.write("<pubDate>Mon, 23 Nov 2026 08:" + String.format("%02d", i % 60) + ":00 +0000</pubDate>\n");
                w.write("<dc:creator>Desk " + (i % 17) + "</dc:creator>\n<category>World</category>\n");
                StringBuilder body = new StringBuilder();
                for (int p = 0; p < 4; p++) {
                    body.append("<p>").append(words(rnd, 30)).append(" <a href=\"/news/").append(rnd.nextInt(n))
                            .append(".html\">").append(words(rnd, 3)).append("</a> &amp; ").append(words(rnd, 22)).append(".</p>");
                }
                w.write("<description><![CDATA[" + body + "]]></description>\n</item>\n");
            }
            w.write("</channel>\n</rss>\n");
        }
        return f;
    }

    private static final String[] SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split(" ");

    /**
     * Words of news-like text: common words mixed with pseudo-words from a vocabulary of ~125,000,
     * so that generated items are distinct stories (the dedupe stage would fold look-alike copies).
     */
    private static String words(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (rnd.nextInt(3) == 0) {
                sb.append(WORDS[rnd.nextInt(WORDS.length)]);
            } else {
                for (int k = 0; k < 3; k++) {
                    sb.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
                }
            }
        }
        return sb.toString();
    }
}
