package io.wirehub.cli;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.dataformat.rss.RssDataFormat;
import org.apache.camel.impl.DefaultCamelContext;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline of {@code bench e2e}: the route a Camel user would write first, run in its own JVM
 * (it needs about 1 GB of heap for a 20,000-item file, ROME builds the whole feed in memory).
 * file → camel-rss data format → split the entries → each entry as a small map → camel-jackson
 * JSON → one file per item. No dedupe, no geotagging, no sanitizing, no durability. Prints one
 * {@code BASELINE} line that {@link BenchE2eCommand} reads.
 */
public final class NaiveRouteBaseline {
    private NaiveRouteBaseline() {
    }

    /**
     * Arguments: the feed file, a work folder, the number of items expected; optionally a warm-up
     * feed and its item count, processed first and not measured.
     */
    public static void main(String[] args) throws Exception {
        Path feed = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int expected = Integer.parseInt(args[2]);
        Path warmFeed = args.length > 4 && !args[3].isEmpty() ? Path.of(args[3]) : null;
        int warmItems = warmFeed == null ? 0 : Integer.parseInt(args[4]);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path out = Files.createDirectories(work.resolve("out"));
        long[] doneAt = new long[expected];
        AtomicInteger written = new AtomicInteger(-warmItems); // the warm-up's items count below zero
        CountDownLatch warmed = new CountDownLatch(warmItems == 0 ? 0 : 1);
        CountDownLatch all = new CountDownLatch(1);
        CamelContext ctx = new DefaultCamelContext();
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + inbox + "?delete=true&readLock=none&initialDelay=0&delay=50")
                        .routeId("naive")
                        .unmarshal(new RssDataFormat())
                        .split(simple("${body.entries}"))
                        .process(e -> e.getMessage().setBody(asMap(e.getMessage().getBody(SyndEntry.class))))
                        .marshal(new JacksonDataFormat())
                        .to("file:" + out + "?fileName=${exchangeId}.json")
                        .process(e -> {
                            int i = written.getAndIncrement();
                            if (i == -1) {
                                warmed.countDown();
                            }
                            if (i >= 0 && i < doneAt.length) {
                                doneAt[i] = System.nanoTime();
                            }
                            if (i + 1 == expected) {
                                all.countDown();
                            }
                        });
            }
        });
        ctx.start();
        if (warmFeed != null) {
            Files.copy(warmFeed, work.resolve("warm.part"));
            Files.move(work.resolve("warm.part"), inbox.resolve("warm.xml"));
            warmed.await(10, TimeUnit.MINUTES);
        }
        System.gc();
        long cpu0 = cpuNanos();
        Files.copy(feed, work.resolve("feed.part"));
        long t0 = System.nanoTime();
        Files.move(work.resolve("feed.part"), inbox.resolve("feed.xml"));
        boolean complete = all.await(10, TimeUnit.MINUTES);
        long t1 = System.nanoTime();
        long cpu = cpuNanos() - cpu0;
        long live = BenchE2eCommand.liveAfterGc();
        ctx.stop();
        int n = Math.max(0, Math.min(written.get(), expected));
        long[] lat = Arrays.copyOf(doneAt, n);
        for (int i = 0; i < n; i++) {
            lat[i] -= t0;
        }
        Arrays.sort(lat);
        System.out.printf(Locale.ROOT, "BASELINE items=%d complete=%b secs=%.3f first=%.3f p50=%.3f p99=%.3f cpu=%.2f live=%d max=%d%n",
                n, complete, (t1 - t0) / 1e9, n == 0 ? 0 : lat[0] / 1e9, BenchE2eCommand.pct(lat, 0.50) / 1e9,
                BenchE2eCommand.pct(lat, 0.99) / 1e9, cpu / 1e9, live >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** What a first route keeps of an entry: ROME's object graph does not serialize as it is. */
    static Map<String, Object> asMap(SyndEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", e.getUri());
        m.put("title", e.getTitle());
        m.put("link", e.getLink());
        m.put("published", e.getPublishedDate() == null ? null : e.getPublishedDate().toInstant().toString());
        m.put("author", e.getAuthor());
        m.put("description", e.getDescription() == null ? null : e.getDescription().getValue());
        List<SyndContent> contents = e.getContents();
        m.put("content", contents.isEmpty() ? null : contents.get(0).getValue());
        return m;
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
