package io.wirehub.dedupe;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.store.Database;
import io.wirehub.store.GroupCommit;
import io.wirehub.store.StoreMaintenance;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The dedupe benchmark behind {@code wirehub bench dedupe}: a store pre-loaded with generated items
 * (bulk insert), then id lookups, same-story lookups and sustained dedupe (decide, then record
 * through the hub's {@link GroupCommit} in documents of {@value #DOC_ITEMS} items, as the publish
 * route does), with baselines run alongside: a linear scan for the same-story lookup, a commit per
 * item for the sustained rate. Generated text: pseudo-words, stories of a headline and a 120-word
 * body; "copies" have a tenth of their words replaced and a sentence cut, as republications do.
 */
public final class DedupeBenchmark {
    private final PrintStream out;
    private final Random rnd = new Random(20240603);
    private final String[] vocab = new String[20_000];
    private final Instant now = Instant.parse("2024-06-05T00:00:00Z");
    private final DedupeSettings settings = DedupeSettings.defaults();
    /** Items per generated feed document (a wire feed fetch holds 20 to 100). */
    static final int DOC_ITEMS = 50;
    /** The hub's group commit policy (its defaults) is what is measured. */
    private final int commitItems = GroupCommit.DEFAULT_MAX_ITEMS;
    private final java.time.Duration commitDelay = GroupCommit.DEFAULT_MAX_DELAY;

    public DedupeBenchmark(PrintStream out) {
        this.out = out;
        for (int i = 0; i < vocab.length; i++) {
            StringBuilder w = new StringBuilder();
            int len = 3 + rnd.nextInt(8);
            for (int k = 0; k < len; k++) {
                w.append((char) ('a' + rnd.nextInt(26)));
            }
            vocab[i] = w.toString();
        }
    }

    private String[] dbUrl;

    /** Runs against this database (an empty PostgreSQL database, say) instead of an H2 file. */
    public DedupeBenchmark database(String url, String user, String password) {
        this.dbUrl = new String[]{url, user, password};
        return this;
    }

    /** Runs the whole benchmark on a database under {@code dir}; {@code items} items are pre-loaded. */
    public void run(Path dir, int items, int lookups, int sustained, int textItems) throws Exception {
        long t0 = System.nanoTime();
        java.lang.management.MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        // The hub's own H2 settings (its write delay, flushed at the end of each document), unless told otherwise.
        String url = dbUrl != null ? dbUrl[0]
                : "jdbc:h2:file:" + dir.toAbsolutePath().resolve("wirehub") + System.getProperty("wirehub.bench.h2-options", io.wirehub.store.StoreConfiguration.H2_OPTIONS);
        out.printf("dedupe benchmark: %s; %,d items pre-loaded: %,d generated stories (the targets of the copies)"
                + " arrived within the %s window, %,d others with random sketches arrived over the %s retention%n",
                dbUrl != null ? url : "H2 file " + dir, items, textItems, settings.window(), items - textItems, settings.retention());
        out.printf("%s; group commit: %d items or %d ms, and at the end of each %d-item document%n",
                dbUrl != null ? "PostgreSQL" : "H2 options " + url.substring(url.indexOf(';')), commitItems, commitDelay.toMillis(), DOC_ITEMS);
        List<String[]> stories = new ArrayList<>();
        long l0 = System.nanoTime();
        try (Database pre = dbUrl != null ? new Database(url, dbUrl[1], dbUrl[2], 4) : new Database(url, "sa", "", 4)) {
            loadGenerated(pre, textItems, items);
            loadStories(pre, textItems, stories);
            out.printf("pre-load: %,d items in %.1f s (bulk SQL insert)%n", items, (System.nanoTime() - l0) / 1e9);
        }
        if (dbUrl == null) {
            // Bulk inserts leave an H2 file mostly dead space; a hub's file is compacted as it grows
            // (store maintenance), so the measurements start from a compacted file: H2's full rewrite,
            // SHUTDOWN COMPACT, on its own connection once the pre-load's pool is closed.
            l0 = System.nanoTime();
            try (Connection c = java.sql.DriverManager.getConnection(url, "sa", ""); java.sql.Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            out.printf("pre-load compacted (as store maintenance keeps a hub's file) in %.1f s: %,d MB%n",
                    (System.nanoTime() - l0) / 1e9, h2FileSize(dir) >> 20);
        }
        try (Database db = dbUrl != null ? new Database(url, dbUrl[1], dbUrl[2], 4) : new Database(url, "sa", "", 4)) {
            l0 = System.nanoTime();
            // The stage's clock starts at the generated data's "now" and runs, as a hub's does (a fixed
            // clock would give every new story one time, which no hub sees).
            Dedupe dedupe = new Dedupe(db.dataSource(), settings, Clock.offset(Clock.systemUTC(), java.time.Duration.between(Instant.now(), now)));
            out.printf("start-up: same-story index rebuilt from the store with the %,d items of the window in %.1f s%n",
                    dedupe.indexedItems(), (System.nanoTime() - l0) / 1e9);

            double[] id = idLookups(db, dedupe, items, lookups);
            out.printf("id lookup (%,d stored, %,d lookups, half hits): p50 %.3f ms  p99 %.3f ms%n", items, lookups, id[0], id[1]);
            double[] story = storyLookups(db, dedupe, stories, lookups);
            out.printf("same-story lookup (%,d stored, %,d in the window, %,d lookups, half copies): p50 %.3f ms  p99 %.3f ms%n",
                    items, dedupe.indexedItems(), lookups, story[0], story[1]);
            double[] scan = scanBaseline(db, stories, Math.max(10, lookups / 200));
            out.printf("  baseline: comparing with every sketch of the window read from the table (no LSH): p50 %.1f ms,"
                    + " %.0fx the LSH lookup; it grows with the window, the LSH lookup does not%n", scan[0], scan[0] / story[0]);

            GroupCommit perItem = new GroupCommit(db.dataSource(), 1, java.time.Duration.ZERO);
            GroupCommit grouped = new GroupCommit(db.dataSource(), commitItems, commitDelay);
            // The hub's store maintenance runs alongside, as in the hub (its compaction holds H2's store lock: part of the cost).
            StoreMaintenance maintenance = new StoreMaintenance(db.dataSource(), StoreMaintenance.DEFAULT_FILL_RATE, StoreMaintenance.DEFAULT_MAX_BYTES);
            Thread compactor = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(StoreMaintenance.DEFAULT_INTERVAL_MS);
                        maintenance.compact();
                    } catch (InterruptedException e) {
                        return;
                    } catch (java.sql.SQLException e) {
                        out.println("  store maintenance failed: " + e.getMessage());
                        return;
                    }
                }
            }, "store-maintenance");
            compactor.setDaemon(true);
            compactor.start();
            long fileBefore = h2FileSize(dir);
            // The hub's policy first; the baseline after it (its thousands of small commits leave H2's
            // file in a state that would slow whatever runs next).
            double rate1 = sustainedRun(dedupe, grouped, stories, sustained, 1, false);
            double rate2 = sustainedRun(dedupe, grouped, stories, sustained, 2, false);
            // (a quarter of the items: at a few hundred microseconds a commit, enough for a steady rate)
            double base1 = sustainedRun(dedupe, perItem, stories, Math.max(2000, sustained / 4), 1, true);
            double base2 = sustainedRun(dedupe, perItem, stories, Math.max(2000, sustained / 4), 2, true);
            out.printf("sustained dedupe (decide + record, group commit, 1 thread): %,d items at %,.0f items/s;"
                    + " baseline with each item committed and stored alone %,.0f items/s (%.1fx)%n", sustained, rate1, base1, rate1 / base1);
            out.printf("sustained dedupe (decide + record, group commit, 2 threads as two feeds): %,d items at %,.0f items/s;"
                    + " baseline with each item committed and stored alone %,.0f items/s (%.1fx)%n", sustained, rate2, base2, rate2 / base2);
            long[] st = grouped.stats();
            out.printf("  group commit: %,d items in %,d transactions (%.0f items each)%n", st[1], st[0], st[1] / (double) Math.max(1, st[0]));
            compactor.interrupt();
            compactor.join();
            if (!db.isPostgres()) {
                long[] m = maintenance.stats();
                out.printf("  H2 file: %,d MB before the sustained runs, %,d MB after them (%d%% of its chunks live); store maintenance:"
                        + " %d of %d steps moved chunks%n", fileBefore >> 20, h2FileSize(dir) >> 20,
                        StoreMaintenance.chunksFillRate(db.dataSource()), m[1], m[0]);
            }
            perItem.close();
            grouped.close();
        }
        sampler.interrupt();
        out.printf("peak heap used: %.0f MB (sampled every 50 ms; includes H2's page cache; max heap %.0f MB); total time %.0f s%n",
                peak.get() / 1e6, Runtime.getRuntime().maxMemory() / 1e6, (System.nanoTime() - t0) / 1e9);
    }

    private static long h2FileSize(Path dir) {
        try {
            return java.nio.file.Files.size(dir.resolve("wirehub.mv.db"));
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- generated data

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(i % 15 == 0 ? ". " : " ");
            }
            sb.append(vocab[rnd.nextInt(vocab.length)]);
        }
        return sb.append('.').toString();
    }

    private String[] story() {
        return new String[]{words(10), words(120)};
    }

    /** A republication: one word in ten replaced, the second sentence cut. */
    private String[] copyOf(String[] s) {
        String[] w = s[1].split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            if (i >= 15 && i < 30) {
                continue;
            }
            sb.append(i == 0 ? "" : " ").append(rnd.nextInt(10) == 0 ? vocab[rnd.nextInt(vocab.length)] : w[i]);
        }
        return new String[]{s[0], sb.toString()};
    }

    private NinjsItem item(String feed, String guid, String[] text, Instant t) {
        NinjsItem i = new NinjsItem();
        i.uri = "urn:bench:" + feed + ":" + guid;
        i.version = "1";
        i.language = "en";
        i.firstCreated = t.toString();
        i.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", text[0]));
        i.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", text[1]));
        i.setAltId("guid", guid);
        i.setAltId("feed", feed);
        NinjsItem.Concept c = new NinjsItem.Concept(feed.toUpperCase(), null, null);
        i.infoSources.add(c);
        return i;
    }

    private static String genKey(long i) {
        return ItemKeys.key("bench|gen", "g" + i);
    }

    /** The same rows in PostgreSQL's SQL (sha256() and generate_series; a sketch of 16 md5s). */
    private static final String PG_GENERATE = "INSERT INTO dedupe_item (item_key, scope, uri, content_hash, text_fp, sketch, language_tag, version,"
            + " pub_status, story_id, is_copy, item_time, last_seen, key_hash, fp_hash) "
            + "SELECT k, 'bench|gen', 'urn:bench:gen:g' || x, k, fp,"
            + " CASE WHEN t >= CAST(? AS TIMESTAMP) THEN '00000064' || (SELECT string_agg(md5(x::text || random()::text || i), '')"
            + " FROM generate_series(1, 16) i) END,"
            + " 'en', 1, NULL, 'urn:wirehub:story:' || left(k, 32), FALSE, t, t,"
            + " ('x' || substr(encode(sha256(convert_to(k, 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint,"
            + " ('x' || substr(encode(sha256(convert_to(fp, 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint"
            + " FROM (SELECT x, encode(sha256(convert_to('bench|gen' || chr(10) || 'g' || x, 'UTF8')), 'hex') AS k,"
            + " encode(sha256(convert_to('fp' || x, 'UTF8')), 'hex') AS fp,"
            + " (random() * ?) * INTERVAL '-1 millisecond' + CAST(? AS TIMESTAMP) AS t FROM generate_series(?::bigint, ?::bigint) x) g ORDER BY k";

    /** {@link ItemKeys#hash64} in H2's SQL: the first 8 bytes of the SHA-256 of the string's UTF-8. */
    private static final String HASH64 = "CAST(SUBSTRING(HASH('SHA-256', STRINGTOUTF8(%s)) FROM 1 FOR 8) AS BIGINT)";

    /**
     * Items [from, to) generated in SQL (H2's SYSTEM_RANGE, 100,000 rows a statement): keys as the
     * stage computes them, random sketches, arrival spread over the retention.
     */
    private void loadGenerated(Database db, int from, int to) throws Exception {
        String sql = db.isPostgres() ? PG_GENERATE : "INSERT INTO dedupe_item (item_key, scope, uri, content_hash, text_fp, sketch, language_tag, version, pub_status,"
                + " story_id, is_copy, item_time, last_seen, key_hash, fp_hash) "
                + "SELECT k, 'bench|gen', 'urn:bench:gen:g' || X, k, fp,"
                // sketches are kept while the item is in the window (the purge clears them after it)
                + " CASE WHEN t >= CAST(? AS TIMESTAMP) THEN '00000064' || LOWER(RAWTOHEX(SECURE_RAND(256))) END,"
                + " 'en', 1, NULL, 'urn:wirehub:story:' || LEFT(k, 32), FALSE, t, t, " + HASH64.formatted("k") + ", " + HASH64.formatted("fp")
                + " FROM (SELECT X, LOWER(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8('bench|gen' || CHAR(10) || 'g' || X)))) AS k,"
                + " LOWER(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8('fp' || X)))) AS fp,"
                + " DATEADD(MILLISECOND, -CAST(RAND() * ? AS BIGINT), CAST(? AS TIMESTAMP)) AS t FROM SYSTEM_RANGE(?, ?)) AS g ORDER BY k";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            long t0 = System.nanoTime();
            for (long a = from; a < to; a += 100_000) {
                ps.setTimestamp(1, Timestamp.from(now.minus(settings.window())));
                ps.setLong(2, settings.retention().toMillis());
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setLong(4, a);
                ps.setLong(5, Math.min(to, a + 100_000) - 1);
                ps.executeUpdate();
                out.printf("  pre-load: %,d items (%.0f s)%n", Math.min(to, a + 100_000), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Items [0, n): generated stories, inserted row by row as the stage records them, arrived within the window. */
    private void loadStories(Database db, int n, List<String[]> stories) throws Exception {
        long window = settings.window().toMillis();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement pi = c.prepareStatement("INSERT INTO dedupe_item (item_key, scope, uri, content_hash, text_fp, sketch,"
                    + " version, pub_status, story_id, is_copy, item_time, last_seen, language_tag, key_hash, fp_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO dedupe_story (story_id, sources, copies, first_seen, last_seen, story_hash)"
                         + " VALUES (?,?,?,?,?,?)")) {
                for (int i = 0; i < n; i++) {
                    String key = genKey(i);
                    String[] st = story();
                    stories.add(st);
                    StorySketch sk = StorySketch.of(st[0], st[1]);
                    Timestamp t = Timestamp.from(now.minusMillis((long) (rnd.nextDouble() * window * 0.9)));
                    String story = ItemKeys.storyId(t.getTime(), key);
                    pi.setString(1, key);
                    pi.setString(2, "bench|gen");
                    pi.setString(3, "urn:bench:gen:g" + i);
                    pi.setString(4, key);
                    String fp = TextFingerprint.of(st[1]);
                    pi.setString(5, fp);
                    pi.setString(6, sk.encode());
                    pi.setInt(7, 1);
                    pi.setString(8, null);
                    pi.setString(9, story);
                    pi.setBoolean(10, false);
                    pi.setTimestamp(11, t);
                    pi.setTimestamp(12, t);
                    pi.setString(13, "en");
                    pi.setLong(14, ItemKeys.hash64(key));
                    pi.setLong(15, ItemKeys.hash64(fp));
                    pi.addBatch();
                    ps.setString(1, story);
                    ps.setString(2, "GEN");
                    ps.setInt(3, 1);
                    ps.setTimestamp(4, t);
                    ps.setTimestamp(5, t);
                    ps.setLong(6, ItemKeys.storyHash(story));
                    ps.addBatch();
                    if ((i + 1) % 2000 == 0 || i == n - 1) {
                        pi.executeBatch();
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
        }
    }

    // ---------------------------------------------------------------- measurements

    private double[] idLookups(Database db, Dedupe dedupe, int items, int n) throws Exception {
        long[] ns = new long[n];
        try (Connection c = db.dataSource().getConnection()) {
            for (int i = 0; i < n + 2000; i++) {
                String key = i % 2 == 0 ? genKey(rnd.nextInt(items)) : ItemKeys.key("bench|gen", "absent" + i);
                long t = System.nanoTime();
                Dedupe.Row r = dedupe.findItem(c, key);
                long d = System.nanoTime() - t;
                if (i % 2 == 0 && r == null) {
                    throw new IllegalStateException("stored key not found: " + key);
                }
                if (i >= 2000) { // the first 2,000 warm the JIT and the cache
                    ns[i - 2000] = d;
                }
            }
        }
        return percentiles(ns);
    }

    private double[] storyLookups(Database db, Dedupe dedupe, List<String[]> stories, int n) throws Exception {
        long[] ns = new long[n];
        int hits = 0;
        int copies = 0;
        try (Connection c = db.dataSource().getConnection()) {
            for (int i = 0; i < n + 1000; i++) {
                boolean copy = i % 2 == 0;
                String[] text = copy ? copyOf(stories.get(rnd.nextInt(stories.size()))) : story();
                StorySketch sk = StorySketch.of(text[0], text[1]);
                Instant t = now;
                long s = System.nanoTime();
                Dedupe.Match m = dedupe.bestMatch(c, "en", sk, t, "");
                long d = System.nanoTime() - s;
                if (i >= 1000) {
                    ns[i - 1000] = d;
                    if (copy) {
                        copies++;
                        if (m != null) {
                            hits++;
                        }
                    } else if (m != null) {
                        throw new IllegalStateException("a new generated story matched " + m.row().uri());
                    }
                }
            }
        }
        out.printf("  same-story lookups: %d of %d copies found their story, 0 false matches among %d new stories%n", hits, copies, n - copies);
        return percentiles(ns);
    }

    /** The naive way: compare with every stored sketch in the window (what LSH avoids). */
    private double[] scanBaseline(Database db, List<String[]> stories, int n) throws Exception {
        long[] ns = new long[n];
        try (Connection c = db.dataSource().getConnection()) {
            for (int i = 0; i < n; i++) {
                String[] text = copyOf(stories.get(rnd.nextInt(stories.size())));
                StorySketch sk = StorySketch.of(text[0], text[1]);
                long s = System.nanoTime();
                double best = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT sketch FROM dedupe_item WHERE last_seen >= ?")) {
                    ps.setTimestamp(1, Timestamp.from(now.minus(settings.window())));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            best = Math.max(best, sk.similarity(StorySketch.decode(rs.getString(1))));
                        }
                    }
                }
                ns[i] = System.nanoTime() - s;
            }
        }
        return percentiles(ns);
    }

    private final java.util.concurrent.atomic.AtomicLong decideNs = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong recordNs = new java.util.concurrent.atomic.AtomicLong();

    /** One feed document: its items decided and recorded in turn, then the document finished (its ticket committed). */
    /** One document through decide + record; {@code perItem}: every item committed and stored on its own (the baseline). */
    private void document(Dedupe dedupe, GroupCommit commits, List<NinjsItem> items, int[] events, boolean perItem) throws Exception {
        GroupCommit.Ticket ticket = commits.begin();
        for (NinjsItem item : items) {
            long a = System.nanoTime();
            DedupeDecision d = dedupe.decide(item);
            long b = System.nanoTime();
            if (d.event() != null) {
                commits.write(perItem ? null : ticket, d::record, d::committed);
            }
            decideNs.addAndGet(b - a);
            recordNs.addAndGet(System.nanoTime() - b);
            synchronized (events) {
                events[d.event() == null ? 0 : switch (d.event()) {
                    case DedupeDecision.NEW -> 1;
                    case DedupeDecision.DUPLICATE -> 2;
                    case DedupeDecision.UPDATED -> 3;
                    default -> 4;
                }]++;
            }
        }
        long b = System.nanoTime();
        commits.finish(ticket);
        recordNs.addAndGet(System.nanoTime() - b);
    }

    private double sustainedRun(Dedupe dedupe, GroupCommit commits, List<String[]> stories, int n, int threads, boolean perItem) throws Exception {
        List<NinjsItem> batch = new ArrayList<>(n);
        List<String[]> fresh = new ArrayList<>();
        String run = Integer.toString(++runs);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            Instant t = now.plusMillis(i);
            if (kind < 7 || fresh.isEmpty() || kind == 9 && i <= 200) { // 70 % new stories
                String[] s = story();
                fresh.add(s);
                batch.add(item("wire", "s" + run + "-" + i, s, t));
            } else if (kind < 9) { // 20 % copies from another outlet
                batch.add(item("outlet", "c" + run + "-" + i, copyOf(rnd.nextBoolean() ? fresh.get(rnd.nextInt(fresh.size()))
                        : stories.get(rnd.nextInt(stories.size()))), t));
            } else { // 10 % re-sent as they were (an item well before, not one still in flight)
                int j = rnd.nextInt(i - 100);
                NinjsItem prev = batch.get(j);
                batch.add(item(prev.altId("feed"), prev.altId("guid"), new String[]{prev.headline(), prev.bodyText()},
                        Instant.parse(prev.firstCreated)));
            }
        }
        List<List<NinjsItem>> docs = new ArrayList<>();
        for (int i = 0; i < n; i += DOC_ITEMS) {
            docs.add(batch.subList(i, Math.min(n, i + DOC_ITEMS)));
        }
        int warmDocs = Math.min(2000, n / 5) / DOC_ITEMS;
        int[] events = new int[5];
        for (int i = 0; i < warmDocs; i++) {
            document(dedupe, commits, docs.get(i), events, perItem);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(warmDocs);
        List<Thread> workers = new ArrayList<>();
        List<Exception> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        decideNs.set(0);
        recordNs.set(0);
        java.util.Arrays.fill(events, 0);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < docs.size()) {
                    try {
                        document(dedupe, commits, docs.get(i), events, perItem);
                    } catch (Exception e) {
                        errors.add(e);
                    }
                }
            });
            th.start();
            workers.add(th);
        }
        for (Thread th : workers) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        int measured = n - warmDocs * DOC_ITEMS;
        out.printf("  %d thread(s), %s: new %d, duplicate %d, updated %d, canceled %d, dropped %d; per item: decide %.0f us,"
                + " record %.0f us%n", threads, "run " + run, events[1], events[2], events[3], events[4], events[0],
                decideNs.get() / 1e3 / measured, recordNs.get() / 1e3 / measured);
        return measured / secs;
    }

    private int runs;

    private static double[] percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return new double[]{s[s.length / 2] / 1e6, s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6};
    }

}
