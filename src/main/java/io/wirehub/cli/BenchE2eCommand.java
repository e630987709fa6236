package io.wirehub.cli;

import com.sun.net.httpserver.HttpServer;
import io.wirehub.Hub;
import io.wirehub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench e2e}: the whole hub on a generated agency burst (one RSS file of N items dropped in
 * the inbox → normalize → dedupe → geotag → publish/outbox → the hub's ninjs files and NDJSON), and
 * in the same call the naive Camel route of {@link NaiveRouteBaseline} in a child JVM, with the
 * ratio. Latency of an item is from the file's arrival in the inbox to its line in the NDJSON: for
 * a burst, p50 is when half the items were out.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = {"Benchmark the whole hub end to end on a generated burst dropped in the inbox, against a naive "
                + "Camel route (file -> camel-rss -> split -> Jackson -> one file per item) run in a child JVM in the same call.",
                "Prints items/s, time to the first item out, p50/p99 latency from the inbox, CPU seconds, live heap after GC, and the ratio."},
        footer = {"", "Examples:", "  java -Xmx256m -jar target/wirehub.jar bench e2e",
                "  java -Xmx256m -jar target/wirehub.jar bench e2e --subscribers"})
public class BenchE2eCommand implements Callable<Integer> {
    @Option(names = "--items", description = "Items in the generated feed (default: ${DEFAULT-VALUE}).", defaultValue = "20000")
    int items;

    @Option(names = "--subscribers", description = "Also deliver every item to one webhook subscriber (a loopback receiver) "
            + "and one NDJSON file subscriber, and report deliveries/s.")
    boolean subscribers;

    @Option(names = "--skip-baseline", description = "Do not run the naive Camel route.")
    boolean skipBaseline;

    @Option(names = "--warmup", description = "Items of another generated burst that the hub and the naive route each "
            + "process first, unmeasured (a hub that has been running when the burst comes; 0: both cold, the default).",
            defaultValue = "0")
    int warmup;

    @Option(names = "--baseline-heap", description = "Heap of the baseline's JVM (default: ${DEFAULT-VALUE}; ROME holds the whole feed).",
            defaultValue = "1536m")
    String baselineHeap;

    private Path warmFeed;

    /** Figures of one run. */
    record Figures(long items, double secs, double first, double p50, double p99, double cpu, long liveMb, long maxMb) {
        double rate() {
            return items / secs;
        }
    }

    @Override
    public Integer call() throws Exception {
        Path feed = BenchNormalizeCommand.generate(items);
        // Other stories and ids: nothing of the warm-up is a copy of the measured burst for dedupe.
        warmFeed = warmup > 0 ? BenchNormalizeCommand.generate(warmup, 7, "warm-") : null;
        System.out.printf(Locale.ROOT, "workload: %d generated RSS items, %.1f MB; cores: %d; %s%n", items, Files.size(feed) / 1e6,
                Runtime.getRuntime().availableProcessors(),
                warmup > 0 ? "both first process a warm-up burst of " + warmup + " other items, not measured" : "both cold");
        Figures base = skipBaseline ? null : baseline(feed);
        if (base != null) {
            print("naive Camel route", base);
        }
        Figures hub = hub(feed);
        print("wirehub end to end", hub);
        if (base != null) {
            System.out.printf(Locale.ROOT, "ratio wirehub / naive route: %.2fx items/s, %.2fx CPU seconds per item%n",
                    hub.rate() / base.rate(), (hub.cpu / hub.items) / (base.cpu / base.items));
        }
        Files.deleteIfExists(feed);
        if (warmFeed != null) {
            Files.deleteIfExists(warmFeed);
        }
        return 0;
    }

    private static void print(String name, Figures f) {
        System.out.printf(Locale.ROOT, "%-20s %6d items in %6.1f s  %6.0f items/s  first item %5.2f s  p50 %6.2f s  p99 %6.2f s"
                        + "  CPU %6.1f s  live heap after GC %4d MB of %d MB%n",
                name, f.items, f.secs, f.rate(), f.first, f.p50, f.p99, f.cpu, f.liveMb, f.maxMb);
    }

    /** The naive route in its own JVM, with this jar's classes. */
    private Figures baseline(Path feed) throws Exception {
        Path work = Files.createTempDirectory("wirehub-bench-naive-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + baselineHeap, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", NaiveRouteBaseline.class.getName(),
                feed.toString(), work.toString(), Integer.toString(items),
                warmFeed == null ? "" : warmFeed.toString(), Integer.toString(warmup))
                .redirectErrorStream(true).start();
        String line = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (l.startsWith("BASELINE ")) {
                    line = l;
                }
            }
        }
        p.waitFor();
        deleteTree(work);
        if (line == null) {
            System.out.println("naive Camel route: no result (exit " + p.exitValue() + ")");
            return null;
        }
        Map<String, String> kv = new HashMap<>();
        for (String part : line.substring("BASELINE ".length()).split(" ")) {
            int eq = part.indexOf('=');
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return new Figures(Long.parseLong(kv.get("items")), Double.parseDouble(kv.get("secs")), Double.parseDouble(kv.get("first")),
                Double.parseDouble(kv.get("p50")), Double.parseDouble(kv.get("p99")), Double.parseDouble(kv.get("cpu")),
                Long.parseLong(kv.get("live")), Long.parseLong(kv.get("max")));
    }

    /** The running hub on a temporary folder, in this JVM (the heap bar is this JVM's -Xmx). */
    private Figures hub(Path feed) throws Exception {
        Path dir = Files.createTempDirectory("wirehub-bench-e2e-");
        AtomicLong webhooks = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiver.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            webhooks.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        receiver.start();
        Properties p = hubSettings(dir);
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("feeds.yaml"), "feeds: []\n");
        Path subscriberFiles = dir.resolve("subscriber-files");
        if (subscribers) {
            Files.writeString(config.resolve("subscribers.yaml"), """
                    subscribers:
                      - id: bench-webhook
                        channels:
                          - type: webhook
                            url: http://127.0.0.1:%d/hook?bench=1
                            secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
                            allowPrivate: true
                      - id: bench-files
                        channels:
                          - type: file
                            dir: %s
                            format: ndjson
                    """.formatted(receiver.getAddress().getPort(), subscriberFiles));
        } else {
            Files.writeString(config.resolve("subscribers.yaml"), "subscribers: []\n");
        }
        try (Hub hub = Hub.start(HubConfig.of(config, p))) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            BenchNormalizeCommand.LineCounter hubOut = new BenchNormalizeCommand.LineCounter();
            BenchNormalizeCommand.LineCounter subOut = new BenchNormalizeCommand.LineCounter();
            long warmLines = 0;
            long warmDeliveries = 0;
            if (warmFeed != null) {
                warmLines = warm(inbox, dir.resolve("out").resolve("ndjson"), hubOut);
                warmDeliveries = subscribers ? awaitQuiet(() -> webhooks.get() + subOut.count(subscriberFiles)) : 0;
                System.out.printf(Locale.ROOT, "warm-up: %d items out, %d deliveries%n", warmLines, warmDeliveries);
            }
            System.gc();
            Files.copy(feed, inbox.resolve("burst.xml.part"));
            long cpu0 = NaiveRouteBaseline.cpuNanos();
            Map<String, Long> threads0 = threadCpu();
            Map<String, Long> native0 = nativeThreadCpu();
            long allocated0 = allocatedBytes();
            long gc0 = gcMillis();
            long t0 = System.nanoTime();
            Files.move(inbox.resolve("burst.xml.part"), inbox.resolve("burst.xml"));
            Path done = inbox.resolve("done").resolve("burst.xml");
            Path error = inbox.resolve("error").resolve("burst.xml");
            List<long[]> progress = new ArrayList<>(); // [nanos since t0, items out]
            long lines = 0;
            long lastGrowth = System.nanoTime();
            long maxLive = 0;
            long midRunLive = -1;
            long deliveriesExpected = subscribers ? 2L * items : 0;
            while (!Files.exists(error) && System.nanoTime() - t0 < 900_000_000_000L) {
                Thread.sleep(20);
                maxLive = Math.max(maxLive, liveAfterGc());
                long now = hubOut.count(dir.resolve("out").resolve("ndjson")) - warmLines;
                if (midRunLive < 0 && now >= items / 2) {
                    // One full collection half-way: the live set itself, where the pools' after-GC
                    // figures still count garbage the young collections did not reach.
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    midRunLive = rt.totalMemory() - rt.freeMemory();
                }
                if (now > lines) {
                    lines = now;
                    lastGrowth = System.nanoTime();
                    progress.add(new long[]{lastGrowth - t0, lines});
                }
                long delivered = subscribers ? webhooks.get() + subOut.count(subscriberFiles) - warmDeliveries : 0;
                if (lines >= items && delivered >= deliveriesExpected) {
                    break;
                }
                if (Files.exists(done) && System.nanoTime() - lastGrowth > 15_000_000_000L) {
                    break; // what is missing was folded into a story or failed: the count says so
                }
            }
            double secs = (progress.isEmpty() ? System.nanoTime() - t0 : progress.get(progress.size() - 1)[0]) / 1e9;
            double cpu = (NaiveRouteBaseline.cpuNanos() - cpu0) / 1e9;
            printThreadCpu(threads0, native0, gcMillis() - gc0, cpu);
            System.out.printf(Locale.ROOT, "wirehub allocated %d MB on the heap during the burst, %.0f KB per item out%n",
                    (allocatedBytes() - allocated0) >> 20, (allocatedBytes() - allocated0) / 1024.0 / Math.max(1, lines));
            if (subscribers) {
                double all = (System.nanoTime() - t0) / 1e9;
                long delivered = webhooks.get() + subOut.count(subscriberFiles) - warmDeliveries;
                System.out.printf(Locale.ROOT, "subscribers: %d webhook POSTs + %d file lines = %d deliveries in %.1f s, %.0f deliveries/s%n",
                        webhooks.get(), delivered - webhooks.get(), delivered, all, delivered / all);
            }
            if (Files.exists(error)) {
                System.out.println("the burst file was refused: see " + error);
            }
            System.out.printf(Locale.ROOT, "wirehub heap: %d MB live half-way (after a full GC), %d MB at most in use after young collections%n",
                    midRunLive >> 20, maxLive >> 20);
            return new Figures(lines, secs, at(progress, 1), at(progress, Math.max(1, lines / 2)), at(progress, Math.max(1, lines * 99 / 100)),
                    cpu, maxLive >> 20, Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
            deleteTree(dir);
        }
    }

    /**
     * A benchmark hub's settings: the reference settings in the jar (it runs from any folder,
     * config/ or not), folders under {@code dir}, no samples, a quick inbox, and the embedded HTTP
     * server on a free loopback port (8080 may be taken by a running hub).
     */
    static Properties hubSettings(Path dir) throws IOException {
        Properties p = HubConfig.defaults();
        p.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        p.setProperty("wirehub.inbox.dir", dir.resolve("inbox").toString());
        p.setProperty("wirehub.out.dir", dir.resolve("out").toString());
        p.setProperty("wirehub.samples.enabled", "false");
        p.setProperty("wirehub.inbox.min-age", "100");
        p.setProperty("wirehub.inbox.poll-delay", "100");
        p.setProperty("camel.server.host", "127.0.0.1");
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            p.setProperty("camel.server.port", Integer.toString(free.getLocalPort()));
        }
        return p;
    }

    /** CPU nanoseconds so far of each live thread, by name with its numbers taken out (pools add up). */
    static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            long ns = t == null ? -1 : mx.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                cpu.merge(t.getThreadName().replaceAll("\\d+", "N").replaceAll("file:///\\S+", "file:..."), ns, Long::sum);
            }
        }
        return cpu;
    }

    /**
     * Bytes the live threads have allocated so far (HotSpot's per-thread counters; threads that ended
     * are not counted): the work per item the collector then pays for, steadier than CPU seconds on a
     * shared machine.
     */
    static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean hs) || !hs.isThreadAllocatedMemorySupported()) {
            return 0;
        }
        long sum = 0;
        for (long b : hs.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Milliseconds the collectors reported so far (their own threads do not show as Java threads). */
    static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** Where the CPU went: the busiest threads during the run (which stage is the bottleneck). */
    private static void printThreadCpu(Map<String, Long> before, Map<String, Long> nativeBefore, long gcMs, double processCpu) {
        List<Map.Entry<String, Long>> busy = new ArrayList<>();
        threadCpu().forEach((name, ns) -> busy.add(Map.entry(name, ns - before.getOrDefault(name, 0L))));
        busy.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder b = new StringBuilder("wirehub CPU by thread:");
        for (Map.Entry<String, Long> e : busy.subList(0, Math.min(8, busy.size()))) {
            b.append(String.format(Locale.ROOT, " %s %.1f s;", e.getKey(), e.getValue() / 1e9));
        }
        double javaThreads = busy.stream().mapToLong(Map.Entry::getValue).sum() / 1e9;
        // The JIT compilers and the collector's workers are not Java threads: the rest of the process's CPU.
        b.append(String.format(Locale.ROOT, " all Java threads %.1f s; JIT, collector and VM threads %.1f s"
                + " (collector pauses %.1f s)", javaThreads, processCpu - javaThreads, gcMs / 1e3));
        Map<String, Long> after = nativeThreadCpu();
        if (!after.isEmpty()) {
            b.append(" =");
            after.forEach((kind, ns) -> b.append(String.format(Locale.ROOT, " %s %.1f s;", kind,
                    (ns - nativeBefore.getOrDefault(kind, 0L)) / 1e9)));
        }
        System.out.println(b);
    }

    /**
     * CPU nanoseconds of the JVM's own threads by kind (JIT compilers, collector, the rest), read from
     * Linux's /proc/self/task, since ThreadMXBean does not see them; empty elsewhere. Threads that
     * ended since the first reading are missing from the second, so this is a lower bound.
     */
    static Map<String, Long> nativeThreadCpu() {
        Map<String, Long> kinds = new java.util.TreeMap<>();
        Set<String> javaNames = new HashSet<>();
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                // /proc shows at most 15 characters of a thread's name
                String n = t.getThreadName();
                javaNames.add(n.length() > 15 ? n.substring(0, 15) : n);
            }
        }
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return kinds;
        }
        try (java.util.stream.Stream<Path> all = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) all::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (javaNames.contains(name)) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields 14 and 15 of stat (utime, stime) in clock ticks of 10 ms
                    long ns = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
                    String kind = name.contains("Compiler") ? "JIT compilers"
                            : name.startsWith("G1") || name.startsWith("GC ") || name.contains("GC Thr") ? "collector"
                            : "other VM threads";
                    kinds.merge(kind, ns, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return kinds;
    }

    /** Drops the warm-up burst and waits until its items are out and no more come; returns how many. */
    private long warm(Path inbox, Path ndjson, BenchNormalizeCommand.LineCounter out) throws Exception {
        Files.copy(warmFeed, inbox.resolve("warm.xml.part"));
        Files.move(inbox.resolve("warm.xml.part"), inbox.resolve("warm.xml"));
        Path done = inbox.resolve("done").resolve("warm.xml");
        long t0 = System.nanoTime();
        while (!Files.exists(done) && System.nanoTime() - t0 < 600_000_000_000L) {
            Thread.sleep(100);
        }
        return awaitQuiet(() -> out.count(ndjson));
    }

    /** A count that grows while work drains, read until it has not moved for two seconds. */
    private static long awaitQuiet(java.util.concurrent.Callable<Long> count) throws Exception {
        long last = -1;
        long since = System.nanoTime();
        while (true) {
            long n = count.call();
            if (n != last) {
                last = n;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 2_000_000_000L) {
                return n;
            }
            Thread.sleep(100);
        }
    }

    /** Seconds until at least {@code n} items were out. */
    private static double at(List<long[]> progress, long n) {
        for (long[] p : progress) {
            if (p[1] >= n) {
                return p[0] / 1e9;
            }
        }
        return Double.NaN;
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Heap still in use right after the last collection of each pool: the live set, garbage excluded. */
    /** The heap's pools, looked up once: the figures are read every 20 ms inside the measured process. */
    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();

    static long liveAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : HEAP_POOLS) {
            sum += pool.getCollectionUsage().getUsed();
        }
        return sum;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
