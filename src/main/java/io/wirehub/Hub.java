package io.wirehub;

import io.wirehub.dedupe.Dedupe;
import io.wirehub.dedupe.DedupeSettings;
import io.wirehub.gazetteer.Enricher;
import io.wirehub.ingest.FeedConfig;
import io.wirehub.ingest.FeedPolling;
import io.wirehub.ingest.HttpClients;
import io.wirehub.ingest.InboxFiles;
import io.wirehub.ingest.OutboundHttp;
import io.wirehub.ingest.PrivateAddressGuard;
import io.wirehub.ingest.PushFeed;
import io.wirehub.ingest.PushIngest;
import io.wirehub.ingest.WebSub;
import io.wirehub.normalize.NormalizeStage;
import io.wirehub.normalize.Normalizer;
import io.wirehub.publish.Delivery;
import io.wirehub.publish.GazetteerPlaceLookup;
import io.wirehub.store.Database;
import io.wirehub.store.FeedStateStore;
import io.wirehub.store.StoreMaintenance;
import io.wirehub.store.WebSubStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The running hub: camel-main with the routes of {@code routes/}, the stage beans bound in its
 * registry, and one {@code feed-poll} route per enabled feed of {@code config/feeds.yaml}.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final HubConfig cfg;
    private final Main main;
    private final Database db;
    private final Delivery delivery;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Closed after Camel has stopped, in order. */
    private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

    private Hub(HubConfig cfg, Main main, Database db, Delivery delivery) {
        this.cfg = cfg;
        this.main = main;
        this.db = db;
        this.delivery = delivery;
    }

    /**
     * Options of the embedded H2 database. WRITE_DELAY=100: H2's writer stores commits within 100 ms
     * (H2's default is 500), and whatever the hub does outside the database on the strength of a
     * commit (an inbox file moved, a delivery sent, an API call answered) waits for a
     * {@link io.wirehub.store.Durability#flush() flush} first, so a killed process (kill -9) loses
     * no item, outbox row or subscription it acted on. Storing at every commit instead (WRITE_DELAY=0)
     * made each feed's commit write its pages inside the ingest lock, and cut the dedupe rate
     * ({@code bench dedupe}). QUERY_CACHE_SIZE: the stages use a few dozen statements per
     * connection, more than H2's default of 8, which would parse them again on every item.
     */
    public static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100;QUERY_CACHE_SIZE=64";

    /** Starts the hub and returns once its routes run; {@link #close()} stops it. */
    public static Hub start(HubConfig cfg) throws Exception {
        long t0 = System.nanoTime();
        // The gazetteer loads on another core while the database migrates and Camel boots.
        java.util.concurrent.CompletableFuture<Enricher> enricherLoad =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> Enricher.fromProperties(cfg.properties()));
        Path dataDir = cfg.getPath("wirehub.data.dir", "data");
        Files.createDirectories(dataDir);
        String url = cfg.get("wirehub.db.url", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("wirehub") + H2_OPTIONS);
        Database db = new Database(url, cfg.get("wirehub.db.user", "sa"), cfg.get("wirehub.db.password", ""),
                cfg.getInt("wirehub.db.pool-size", 8));
        List<FeedConfig> feeds = FeedConfig.load(cfg.configDir().resolve(cfg.get("wirehub.feeds.file", "feeds.yaml")));
        long tDb = System.nanoTime();

        Main main = new Main();
        main.setInitialProperties(cfg.properties());
        // Global allowances only: a feed's or subscriber's allowPrivate holds for its own requests (OutboundHttp).
        PrivateAddressGuard guard = HttpClients.guard(cfg);
        main.bind("http", OutboundHttp.component(cfg, guard));
        main.bind("privateAddressGuard", guard);
        main.bind("database", db);
        main.bind("storeMaintenance", new StoreMaintenance(db.dataSource(),
                cfg.getInt("wirehub.store.compact-fill-rate", StoreMaintenance.DEFAULT_FILL_RATE),
                (int) cfg.getLong("wirehub.store.compact-max-bytes", StoreMaintenance.DEFAULT_MAX_BYTES)));
        FeedPolling polling = new FeedPolling(cfg, new FeedStateStore(db.dataSource()), feeds);
        main.bind("feedPolling", polling);
        // Agency push (POST /ingest/{feedId}) and the WebSub subscriber (callback /websub/{feedId}).
        main.bind("pushIngest", new PushIngest(PushFeed.load(cfg.configDir().resolve(cfg.get("wirehub.push.file", "push.yaml"))),
                cfg.getLong("wirehub.push.max-bytes", 10_000_000L), cfg.getPath("wirehub.push.rejected-dir", "data/rejected")));
        WebSub webSub = new WebSub(cfg, new WebSubStore(db.dataSource()), polling);
        polling.setIntervalPolicy(webSub::pollInterval);
        main.bind("webSub", webSub);
        main.bind("inboxFiles", new InboxFiles(cfg.getLong("wirehub.inbox.max-bytes", 200_000_000L)));
        main.bind("normalizeStage", new NormalizeStage(new Normalizer()));
        // The dedupe stage: decides in direct:dedupe; the publish stage records the decision in the transaction of its outbox rows.
        main.bind("dedupe", new Dedupe(db.dataSource(), DedupeSettings.from(cfg)));
        // The enrich stage: places resolved by the GeoNames gazetteer (loaded once per JVM).
        Enricher enricher = enricherLoad.join();
        main.bind("enricher", enricher);
        // Subscribers, outbox, channels; subscriber place filters use the same gazetteer. The hub's
        // own out/ folder is the built-in subscriber "hub" of the delivery side.
        Delivery delivery = Delivery.bind(main, cfg, db, guard, new GazetteerPlaceLookup(enricher.tagger().gazetteer()));

        Hub hub = new Hub(cfg, main, db, delivery);
        main.start();
        CamelContext ctx = main.getCamelContext();
        delivery.start(ctx);
        Duration maxTick = cfg.getDuration("wirehub.fetch.tick", Duration.ofSeconds(15));
        int n = 0;
        for (FeedConfig f : feeds) {
            if (!f.enabled) {
                continue;
            }
            Duration tick = f.intervalDuration().compareTo(maxTick) < 0 ? f.intervalDuration() : maxTick;
            TemplatedRouteBuilder.builder(ctx, Routes.FEED_POLL_TEMPLATE)
                    .routeId(Routes.FEED_POLL_PREFIX + f.id)
                    .parameter("feedId", f.id)
                    .parameter("tick", Long.toString(tick.toMillis()))
                    .parameter("readTimeout", Long.toString(HubConfig.parseDuration(
                            f.setting(cfg, "readTimeout", "wirehub.fetch.read-timeout", "30s")).toMillis()))
                    .add();
            n++;
        }
        long now = System.nanoTime();
        LOG.info("wirehub started in {} ms (database {} ms, routes {} ms; {} ms since JVM start): {} feed(s) polled, inbox {}, output {}",
                (now - t0) / 1_000_000, (tDb - t0) / 1_000_000, (now - tDb) / 1_000_000,
                System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime(),
                n, cfg.get("wirehub.inbox.dir", "inbox"), cfg.get("wirehub.out.dir", "out"));
        return hub;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public Database database() {
        return db;
    }

    public HubConfig config() {
        return cfg;
    }

    /** Subscribers, outbox and delivery worker. */
    public Delivery delivery() {
        return delivery;
    }

    /** Blocks until the hub is stopped (Ctrl-C / SIGTERM). */
    public void awaitStop() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "wirehub-shutdown"));
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            delivery.close();
            main.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping: {}", e.getMessage());
        } finally {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("error while closing: {}", e.getMessage());
                }
            }
            db.close();
            stopped.countDown();
        }
    }
}
