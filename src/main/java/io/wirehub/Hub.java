package io.wirehub;

import io.wirehub.dedupe.Dedupe;
import io.wirehub.dedupe.DedupeSettings;
import io.wirehub.ingest.FeedConfig;
import io.wirehub.ingest.FeedPolling;
import io.wirehub.ingest.HttpClients;
import io.wirehub.ingest.InboxFiles;
import io.wirehub.ingest.PrivateAddressGuard;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NormalizeStage;
import io.wirehub.normalize.Normalizer;
import io.wirehub.publish.FileSink;
import io.wirehub.store.Database;
import io.wirehub.store.FeedStateStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
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
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Hub(HubConfig cfg, Main main, Database db) {
        this.cfg = cfg;
        this.main = main;
        this.db = db;
    }

    /** Starts the hub and returns once its routes run; {@link #close()} stops it. */
    public static Hub start(HubConfig cfg) throws Exception {
        Path dataDir = cfg.getPath("wirehub.data.dir", "data");
        Files.createDirectories(dataDir);
        String url = cfg.get("wirehub.db.url", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("wirehub"));
        Database db = new Database(url, cfg.get("wirehub.db.user", "sa"), cfg.get("wirehub.db.password", ""),
                cfg.getInt("wirehub.db.pool-size", 8));
        List<FeedConfig> feeds = FeedConfig.load(cfg.configDir().resolve(cfg.get("wirehub.feeds.file", "feeds.yaml")));

        Main main = new Main();
        main.setInitialProperties(cfg.properties());
        PrivateAddressGuard guard = HttpClients.guard(cfg);
        for (FeedConfig f : feeds) {
            if ("true".equalsIgnoreCase(f.overrides.get("allowPrivate"))) {
                guard.allowHost(URI.create(f.url).getHost());
            }
        }
        HttpComponent http = new HttpComponent();
        http.setClientConnectionManager(HttpClients.connectionManager(cfg, guard));
        main.bind("http", http);
        main.bind("privateAddressGuard", guard);
        main.bind("database", db);
        main.bind("feedPolling", new FeedPolling(cfg, new FeedStateStore(db.dataSource()), feeds));
        main.bind("inboxFiles", new InboxFiles(cfg.getLong("wirehub.inbox.max-bytes", 200_000_000L)));
        main.bind("normalizeStage", new NormalizeStage(new Normalizer()));
        main.bind("dedupe", new Dedupe(db.dataSource(), DedupeSettings.from(cfg)));
        main.bind("enricher", enricher(cfg));
        main.bind("fileSink", new FileSink(cfg.getPath("wirehub.out.dir", "out")));

        Hub hub = new Hub(cfg, main, db);
        main.start();
        CamelContext ctx = main.getCamelContext();
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
        LOG.info("wirehub started: {} feed(s) polled, inbox {}, output {}", n, cfg.get("wirehub.inbox.dir", "inbox"),
                cfg.get("wirehub.out.dir", "out"));
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
            main.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping: {}", e.getMessage());
        } finally {
            db.close();
            stopped.countDown();
        }
    }

    /**
     * The enrich stage's bean (bound as {@code enricher}, method {@code enrich(NinjsItem)}); also what
     * the {@code process} command calls, so both run the same stage.
     */
    public static PassThrough enricher(HubConfig cfg) {
        return new PassThrough();
    }

    /** Until the gazetteer is bundled, the enrich stage passes items through unchanged. */
    public static final class PassThrough {
        public NinjsItem enrich(NinjsItem item) {
            return item;
        }
    }
}
