package io.wirehub.store;

import io.wirehub.HubConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wiring of the store: the hub's database (embedded H2 in {@code wirehub.data.dir} unless
 * {@code wirehub.db.url} names one; schema migrated by Flyway) as bean {@code database}, and the
 * embedded file's compaction ({@code storeMaintenance}, route {@code store-maintenance}), and the
 * claims of periodic cluster-wide jobs ({@code clusterJobs}, {@link io.wirehub.cluster.ClusterJobs}). Every
 * other stage finds the database here, so this configuration comes first.
 */
public class StoreConfiguration implements CamelConfiguration {
    /** Registry name of the {@link Database}. */
    public static final String DATABASE = "database";

    /**
     * Options of the embedded H2 database. WRITE_DELAY=100: H2's writer stores commits within 100 ms
     * (H2's default is 500), and whatever the hub does outside the database on the strength of a
     * commit (an inbox file moved, a delivery sent, an API call answered) waits for a
     * {@link Durability#flush() flush} first, so a killed process (kill -9) loses no item, outbox
     * row or subscription it acted on. Storing at every commit instead (WRITE_DELAY=0) made each
     * feed's commit write its pages inside the ingest lock, and cut the dedupe rate
     * ({@code bench dedupe}). QUERY_CACHE_SIZE: the stages use a few dozen statements per
     * connection, more than H2's default of 8, which would parse them again on every item.
     */
    public static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100;QUERY_CACHE_SIZE=64";

    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        Path dataDir = cfg.getPath("wirehub.data.dir", "data");
        Files.createDirectories(dataDir);
        String url = cfg.get("wirehub.db.url", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("wirehub") + H2_OPTIONS);
        Database db = new Database(url, cfg.get("wirehub.db.user", "sa"), cfg.get("wirehub.db.password", ""),
                cfg.getInt("wirehub.db.pool-size", 8));
        ctx.getRegistry().bind(DATABASE, db);
        // Closed after the routes stopped (services stop after routes), under the launcher or plain camel-main.
        ctx.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        }, true, true);
        // periodic cluster-wide jobs (routes websub-renew, feed-alerts, dedupe-retention) run on one node per period
        ctx.getRegistry().bind(io.wirehub.cluster.ClusterJobs.BEAN,
                new io.wirehub.cluster.ClusterJobs(db.dataSource(), io.wirehub.cluster.ClusterNode.id(cfg)));
        ctx.getRegistry().bind("storeMaintenance", new StoreMaintenance(db.dataSource(),
                cfg.getInt("wirehub.store.compact-fill-rate", StoreMaintenance.DEFAULT_FILL_RATE),
                (int) cfg.getLong("wirehub.store.compact-max-bytes", StoreMaintenance.DEFAULT_MAX_BYTES)));
    }

    /** The database bound by this configuration. */
    public static Database database(CamelContext ctx) {
        Database db = ctx.getRegistry().lookupByNameAndType(DATABASE, Database.class);
        if (db == null) {
            throw new IllegalStateException("no database bound: list " + StoreConfiguration.class.getName()
                    + " first in camel.main.configuration-classes");
        }
        return db;
    }
}
