package io.wirehub.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wirehub.HubConfig;
import io.wirehub.gazetteer.EnrichConfiguration;
import io.wirehub.gazetteer.Enricher;
import io.wirehub.ingest.FeedHealth;
import io.wirehub.ingest.FeedPolling;
import io.wirehub.publish.Outbox;
import io.wirehub.store.Database;
import io.wirehub.store.StoreConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Wiring of operations, last of the stage configurations (it watches the others): the health
 * checks (database, disk space, gazetteer, feeds), the gauges read at each scrape (outbox depth by
 * state, feeds by health state, seconds since each feed's last success), the operations API
 * ({@code opsApi}) and page ({@code opsPage}), and the feed owners' alerts ({@code feedAlerts}).
 */
public class OpsConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        Registry reg = ctx.getRegistry();
        Database db = StoreConfiguration.database(ctx);
        FeedPolling polling = reg.lookupByNameAndType("feedPolling", FeedPolling.class);
        if (polling == null) {
            throw new IllegalStateException("no feedPolling bound: list io.wirehub.ingest.IngestConfiguration before "
                    + OpsConfiguration.class.getName() + " in camel.main.configuration-classes");
        }
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("data", cfg.getPath("wirehub.data.dir", "data"));
        dirs.put("out", cfg.getPath("wirehub.out.dir", "out"));
        reg.bind("wirehubDatabaseCheck", new HubHealthChecks.DatabaseCheck(db));
        reg.bind("wirehubDiskSpaceCheck", new HubHealthChecks.DiskSpaceCheck(dirs, cfg.getLong("wirehub.health.min-free-bytes", 100_000_000L)));
        @SuppressWarnings("unchecked")
        CompletableFuture<Enricher> loading = reg.lookupByNameAndType(EnrichConfiguration.LOADING, CompletableFuture.class);
        reg.bind("wirehubGazetteerCheck", new HubHealthChecks.GazetteerCheck(loading));
        reg.bind("wirehubFeedsCheck", new HubHealthChecks.FeedsCheck(polling));

        HubMetrics metrics = HubMetrics.from(ctx);
        if (metrics.enabled()) {
            gauges(metrics, polling, db);
        }
        reg.bind("opsApi", new OpsApi(polling, db.dataSource(), cfg.get("wirehub.api.token", "")));
        reg.bind("opsPage", new OpsPage());
        io.wirehub.publish.Delivery delivery = reg.lookupByNameAndType(io.wirehub.publish.Delivery.BEAN, io.wirehub.publish.Delivery.class);
        if (delivery != null) {
            reg.bind("feedAlerts", new FeedAlerts(cfg, polling, delivery.subscribers(), delivery.outbox(), db.dataSource(), delivery::wake));
        }
    }

    private static void gauges(HubMetrics metrics, FeedPolling polling, Database db) {
        MeterRegistry r = metrics.registry();
        OutboxDepth depth = new OutboxDepth(db);
        for (String state : List.of(Outbox.PENDING, Outbox.DIGEST, Outbox.DEAD)) {
            Gauge.builder("wirehub.outbox.depth", depth, d -> d.count(state))
                    .description("Deliveries waiting in the outbox by state (pending, digest, dead)").tag("state", state).register(r);
        }
        for (String state : FeedHealth.STATES) {
            Gauge.builder("wirehub.feeds", polling, p -> p.feedIds().stream().filter(id -> state.equals(p.health(id).state())).count())
                    .description("Configured feeds by health state").tag("state", state).register(r);
        }
        if (metrics.perFeed()) {
            for (String id : polling.feedIds()) {
                Gauge.builder("wirehub.feed.last.success.age", polling, p -> OpsApi.secondsSince(p.health(id).lastSuccessAt()))
                        .description("Seconds since the feed's last successful poll (NaN: never)").baseUnit("seconds")
                        .tag("feed", id).register(r);
            }
        } else {
            Gauge.builder("wirehub.feed.last.success.age", polling, p -> p.feedIds().stream()
                            .mapToDouble(id -> OpsApi.secondsSince(p.health(id).lastSuccessAt())).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN))
                    .description("Seconds since the last successful poll of the stalest feed (per-feed labels are off)")
                    .baseUnit("seconds").tag("feed", HubMetrics.ALL_FEEDS).register(r);
        }
    }

    /** Outbox rows by state, counted at most every 10 s whatever the scrape rate (a count is a scan). */
    static final class OutboxDepth {
        private final Database db;
        private volatile Map<String, Long> counts = Map.of();
        private volatile long at;

        OutboxDepth(Database db) {
            this.db = db;
        }

        double count(String state) {
            long now = System.currentTimeMillis();
            if (now - at > 10_000) {
                Map<String, Long> m = new LinkedHashMap<>();
                try (Connection c = db.dataSource().getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM delivery WHERE status IN (?, ?, ?) GROUP BY status")) {
                    ps.setString(1, Outbox.PENDING);
                    ps.setString(2, Outbox.DIGEST);
                    ps.setString(3, Outbox.DEAD);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            m.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                } catch (Exception e) {
                    return Double.NaN;
                }
                counts = m;
                at = now;
            }
            return counts.getOrDefault(state, 0L);
        }
    }
}
