package io.wirehub.cluster;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.timer.TimerEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Periodic jobs that must run on one node of a cluster per period, whichever (WebSub lease renewals,
 * owner alerts, the dedupe purge). Every node's timer route still ticks; at each tick the route's
 * first step asks {@link #claim(Exchange)}, and one conditional UPDATE of the job's row in
 * {@code cluster_job} lets one node through: it moves {@code next_run_at} nine tenths of a period on,
 * so the node that ran the job wins its next tick too, and when that node dies another node's timer
 * wins within one period. The same statement on H2 lets the single node through at every tick.
 */
public final class ClusterJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);
    /** Registry name of this bean, as the routes name it. */
    public static final String BEAN = "clusterJobs";

    private final DataSource ds;
    private final String node;

    public ClusterJobs(DataSource ds, String node) {
        this.ds = ds;
        this.node = node;
    }

    /**
     * A timer route's tick: true when this node runs the job now. The job is named after the route
     * and its period is the route's timer period.
     */
    public boolean claim(Exchange ex) {
        Endpoint from = ex.getFromEndpoint();
        Duration period = from instanceof TimerEndpoint t ? Duration.ofMillis(t.getPeriod()) : Duration.ofMinutes(1);
        return claim(ex.getFromRouteId(), period, Instant.now());
    }

    /**
     * Claims this run of {@code job} for this node: true on one node per period.
     *
     * @param period how often the job runs
     */
    public boolean claim(String job, Duration period, Instant now) {
        Instant next = now.plus(period.multipliedBy(9).dividedBy(10));
        try (Connection c = ds.getConnection()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE cluster_job SET next_run_at=?, run_by=?, run_at=? "
                        + "WHERE name=? AND (next_run_at IS NULL OR next_run_at <= ?)")) {
                    ps.setTimestamp(1, Timestamp.from(next));
                    ps.setString(2, node);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setString(4, job);
                    ps.setTimestamp(5, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) {
                        return true;
                    }
                }
                if (attempt > 0) {
                    return false;
                }
                // the job's first run anywhere: its row is created (by one node; the other's insert fails and it claims as usual)
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO cluster_job (name) VALUES (?)")) {
                    ins.setString(1, job);
                    ins.executeUpdate();
                } catch (SQLException exists) {
                    return false;
                }
            }
            return false;
        } catch (SQLException e) {
            // the database away for a moment: skip this run, the next tick tries again
            LOG.warn("node {}: cannot claim job {}: {}", node, job, e.getMessage());
            return false;
        }
    }
}
