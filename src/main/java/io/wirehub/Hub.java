package io.wirehub;

import io.wirehub.ingest.FeedPolling;
import io.wirehub.publish.Delivery;
import io.wirehub.store.Database;
import io.wirehub.store.StoreConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher of the running hub: camel-main with the route files of
 * {@code camel.main.routes-include-pattern} and the stage configurations of
 * {@code camel.main.configuration-classes}, each of which binds its own stage's beans (store,
 * enrich, normalize, dedupe, ingest, publish, api). This class only starts and stops camel-main and
 * gives tests and commands a handle on what runs.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    /**
     * The stage configurations, in the order they bind (each finds what the ones before bound):
     * the default of {@code camel.main.configuration-classes}.
     */
    public static final String STAGE_CONFIGURATIONS = String.join(",",
            "io.wirehub.ops.MetricsConfiguration",
            "io.wirehub.gazetteer.EnrichConfiguration",
            "io.wirehub.store.StoreConfiguration",
            "io.wirehub.normalize.NormalizeConfiguration",
            "io.wirehub.dedupe.DedupeConfiguration",
            "io.wirehub.ingest.IngestConfiguration",
            "io.wirehub.publish.PublishConfiguration",
            "io.wirehub.api.ApiConfiguration",
            "io.wirehub.ops.OpsConfiguration");

    private final HubConfig cfg;
    private final Main main;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Hub(HubConfig cfg, Main main) {
        this.cfg = cfg;
        this.main = main;
    }

    /** Starts the hub and returns once its routes run; {@link #close()} stops it. */
    public static Hub start(HubConfig cfg) throws Exception {
        long t0 = System.nanoTime();
        Properties p = new Properties();
        p.putAll(cfg.properties());
        p.putIfAbsent("camel.main.configuration-classes", STAGE_CONFIGURATIONS);
        Main main = new Main();
        main.setInitialProperties(p);
        main.bind(HubConfig.BEAN, cfg);
        Hub hub = new Hub(cfg, main);
        try {
            main.start();
        } catch (Exception e) {
            // A stage that failed while camel-main initialised leaves Main FAILED, and stopping it
            // then stops nothing: close what the stages before it opened (database file lock, worker).
            hub.close();
            CamelContext ctx = main.getCamelContext();
            if (ctx != null) {
                Delivery d = ctx.getRegistry().lookupByNameAndType(Delivery.BEAN, Delivery.class);
                if (d != null) {
                    d.close();
                }
                Database db = ctx.getRegistry().lookupByNameAndType(StoreConfiguration.DATABASE, Database.class);
                if (db != null) {
                    db.close();
                }
            }
            throw e;
        }
        long now = System.nanoTime();
        FeedPolling polling = hub.camelContext().getRegistry().lookupByNameAndType("feedPolling", FeedPolling.class);
        LOG.info("wirehub started in {} ms ({} ms since JVM start): {} feed(s) polled, inbox {}, output {}",
                (now - t0) / 1_000_000,
                System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime(),
                polling == null ? 0 : polling.feedIds().stream().filter(id -> polling.feed(id).enabled).count(),
                cfg.get("wirehub.inbox.dir", "inbox"), cfg.get("wirehub.out.dir", "out"));
        return hub;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public Database database() {
        return StoreConfiguration.database(camelContext());
    }

    public HubConfig config() {
        return cfg;
    }

    /** Subscribers, outbox and delivery worker. */
    public Delivery delivery() {
        return camelContext().getRegistry().lookupByNameAndType(Delivery.BEAN, Delivery.class);
    }

    /** Blocks until the hub is stopped (Ctrl-C / SIGTERM). */
    public void awaitStop() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "wirehub-shutdown"));
        stopped.await();
    }

    /** Stops camel-main; the stages close their own parts (outbox worker first, database last). */
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
            stopped.countDown();
        }
    }
}
