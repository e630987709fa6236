package io.wirehub;

import io.wirehub.ingest.FeedPolling;
import io.wirehub.publish.Delivery;
import io.wirehub.store.Database;
import io.wirehub.store.StoreConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
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
            "io.wirehub.cluster.ClusterConfiguration",
            "io.wirehub.api.ApiConfiguration",
            "io.wirehub.ops.OpsConfiguration");

    private final HubConfig cfg;
    private final Main main;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Hub(HubConfig cfg, Main main) {
        this.cfg = cfg;
        this.main = main;
    }

    /** The routes shipped in the jar; a user adds a folder of their own with ",file:myroutes/*.camel.yaml". */
    public static final String ROUTES = "classpath:routes/*.camel.yaml";
    /** The route files served by the embedded HTTP server (left out when camel.server.enabled=false). */
    public static final String HTTP_ROUTES = String.join(",", "**/api-*.camel.yaml", "**/feed-atom.camel.yaml",
            "**/ops-*.camel.yaml", "**/push-ingest.camel.yaml", "**/unsubscribe.camel.yaml", "**/websub-callback.camel.yaml");
    /** What application.properties said before the routes shipped in the jar (works only from the project folder). */
    private static final String OLD_ROUTES = "file:routes/*.camel.yaml";

    /**
     * Starts the hub and returns once its routes run; {@link #close()} stops it.
     *
     * @throws ConfigException listing every mistake of the configuration (nothing started)
     */
    public static Hub start(HubConfig cfg) throws Exception {
        long t0 = System.nanoTime();
        ConfigCheck.warnings(cfg).forEach(LOG::warn);
        java.util.List<String> problems = ConfigCheck.startProblems(cfg);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Properties p = new Properties();
        p.putAll(cfg.properties());
        p.putIfAbsent("camel.main.configuration-classes", STAGE_CONFIGURATIONS);
        p.putIfAbsent("camel.main.routes-include-pattern", ROUTES);
        // Camel's summary of every property is noise at each start; the hub prints its own lines below.
        p.putIfAbsent("camel.main.auto-configuration-log-summary", "false");
        if (OLD_ROUTES.equals(p.getProperty("camel.main.routes-include-pattern")) && !Files.isDirectory(Path.of("routes"))) {
            p.setProperty("camel.main.routes-include-pattern", ROUTES);
        }
        if (!cfg.getBool("camel.server.enabled", true)) {
            // No embedded server: the routes it would serve are not loaded (their platform-http
            // endpoints cannot even be created without it); ingest, the stages and delivery run.
            p.putIfAbsent("camel.main.routes-exclude-pattern", HTTP_ROUTES);
        }
        Path samples = cfg.getPath("wirehub.samples.dir", "samples/inbox");
        if (cfg.getBool("wirehub.samples.enabled", true) && !Files.isDirectory(samples)) {
            // Run from another folder: no samples there (and none created).
            LOG.info("no sample folder {}: samples not read", samples.toAbsolutePath().normalize());
            p.setProperty("wirehub.samples.enabled", "false");
            cfg.properties().setProperty("wirehub.samples.enabled", "false");
        }
        Main main = new Main();
        main.setInitialProperties(p);
        main.bind(HubConfig.BEAN, cfg);
        Hub hub = new Hub(cfg, main);
        try {
            main.start();
        } catch (Exception e) {
            // A stage that failed while camel-main initialised leaves Main FAILED, and stopping it
            // then stops nothing: close what the stages before it opened (database file lock, worker).
            hub.stopped.countDown();
            try {
                main.stop();
            } catch (Exception ignored) {
                // already failed
            }
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
            ConfigException ce = ConfigException.in(e);
            if (ce != null) {
                throw ce;
            }
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof org.apache.camel.PropertyBindingException b) {
                    // a camel.* key camel-main does not know, or a value it cannot take
                    String key = b.getOptionPrefix() != null && b.getOptionKey() != null
                            ? (b.getOptionPrefix().endsWith(".") ? b.getOptionPrefix() : b.getOptionPrefix() + ".") + b.getOptionKey()
                            : b.getPropertyName();
                    throw new ConfigException((cfg.configDir() == null ? "" : cfg.configDir().resolve("application.properties") + ": ")
                            + key + "=" + b.getValue() + ": Camel has no such setting or cannot take this value"
                            + (c.getCause() != null && c.getCause().getMessage() != null ? " (" + c.getCause().getMessage() + ")" : "")
                            + "; Camel's settings: https://camel.apache.org/components/latest/others/main.html");
                }
                if (c.getCause() == c) {
                    break;
                }
            }
            throw e;
        }
        hub.startLines(p, (System.nanoTime() - t0) / 1_000_000);
        return hub;
    }

    /** The version of this build ({@code wirehub/version.properties}, filled in by Maven), else "dev". */
    public static String version() {
        try (java.io.InputStream in = Hub.class.getResourceAsStream("/wirehub/version.properties")) {
            if (in != null) {
                Properties v = new Properties();
                v.load(in);
                String s = v.getProperty("version", "");
                if (!s.isBlank() && !s.startsWith("${")) {
                    return s;
                }
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        String v = Hub.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The few lines an operator reads at start: version, port, feeds, subscribers, folders, database. */
    private void startLines(Properties p, long ms) {
        String server = Boolean.parseBoolean(p.getProperty("camel.server.enabled", "false"))
                ? "listening on http://" + p.getProperty("camel.server.host", "0.0.0.0") + ":" + p.getProperty("camel.server.port", "8080")
                  + " (API /api, push /ingest/<feed>)"
                : "no HTTP server (camel.server.enabled=false)";
        LOG.info("wirehub {} started in {} ms, {}", version(), ms, server);
        FeedPolling polling = camelContext().getRegistry().lookupByNameAndType("feedPolling", FeedPolling.class);
        long feeds = polling == null ? 0 : polling.feedIds().stream().filter(id -> polling.feed(id).enabled).count();
        Delivery d = delivery();
        long subs = d == null ? 0 : d.subscribers().all().stream().filter(io.wirehub.publish.Subscriber::enabled).count();
        LOG.info("{} feed{} polled, {} subscriber{}; configuration {}", feeds, feeds == 1 ? "" : "s", subs, subs == 1 ? "" : "s",
                cfg.configDir() == null || !Files.isDirectory(cfg.configDir()) ? "built into the jar"
                        : cfg.configDir().toAbsolutePath().normalize());
        String url = cfg.get("wirehub.db.url", null);
        String db = url == null ? cfg.getPath("wirehub.data.dir", "data").resolve("wirehub.mv.db").toAbsolutePath().normalize() + " (H2)"
                : url.replaceAll("[?;].*", "");
        LOG.info("inbox {}, output {}, database {}", cfg.getPath("wirehub.inbox.dir", "inbox").toAbsolutePath().normalize(),
                cfg.getPath("wirehub.out.dir", "out").toAbsolutePath().normalize(), db);
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

    /**
     * Stops camel-main; the stages close their own parts (outbox worker first, database last). Logs
     * "stopping", then "drained" once the items in flight are written (or that the shutdown timeout
     * cut them short), then "stopped in X ms".
     */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        long t0 = System.nanoTime();
        CamelContext ctx = main.getCamelContext();
        int inflight = ctx == null ? 0 : ctx.getInflightRepository().size();
        LOG.info("stopping: {} document{} in flight", inflight, inflight == 1 ? "" : "s");
        try {
            main.stop();
            if (ctx != null && ctx.getShutdownStrategy().isTimeoutOccurred()) {
                LOG.warn("not drained: the shutdown timeout ({} s) cut items in flight short; they are read again at the next start",
                        ctx.getShutdownStrategy().getTimeout());
            } else {
                LOG.info("drained: every item in flight written, outbox and database closed");
            }
        } catch (Exception e) {
            LOG.warn("error while stopping: {}", e.getMessage());
        } finally {
            LOG.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
            stopped.countDown();
        }
    }
}
