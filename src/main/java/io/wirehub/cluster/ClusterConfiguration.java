package io.wirehub.cluster;

import io.wirehub.HubConfig;
import io.wirehub.publish.Delivery;
import io.wirehub.publish.SubscriberStore;
import io.wirehub.store.StoreConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wiring of cluster mode (several nodes on one PostgreSQL; docs/cluster.md). Feed polls are
 * claimed in the database by {@code feedPolling}, periodic jobs by {@link ClusterJobs} and the
 * outbox leases its rows, so nothing here is needed for those; this configuration keeps each node's in-memory subscribers (and their
 * index) in step with the database: every {@code wirehub.cluster.sync-interval} it reads the
 * subscribers' change counter and, when another node changed one, re-reads the changed rows
 * ({@link SubscriberStore#refresh()}) and wakes the outbox worker. A single node runs the same
 * (one indexed read a second), so nothing differs between one node and many.
 */
public class ClusterConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        SubscriberStore subscribers = ctx.getRegistry().lookupByNameAndType("subscriberStore", SubscriberStore.class);
        Delivery delivery = ctx.getRegistry().lookupByNameAndType(Delivery.BEAN, Delivery.class);
        if (subscribers == null) {
            return; // a subset of the stages without delivery: nothing to keep in step
        }
        String node = ClusterNode.id(cfg);
        Duration every = cfg.getDuration("wirehub.cluster.sync-interval", Duration.ofSeconds(1));
        if (delivery != null) {
            subscribers.onChange(delivery::wake);
        }
        ScheduledExecutorService timer = ctx.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "cluster-sync");
        timer.scheduleWithFixedDelay(() -> {
            try {
                subscribers.refresh();
            } catch (RuntimeException e) {
                if (ctx.isStopping() || ctx.isStopped()) {
                    return; // the database closes as the hub stops
                }
                // the database away for a moment: the next round catches up (versions are kept in the table)
                LOG.warn("node {}: cannot read the subscribers' changes: {}", node, e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        if (StoreConfiguration.database(ctx).isPostgres()) {
            LOG.info("node {}: cluster mode on PostgreSQL: due feeds claimed in the database every {} (lease {}, {} poll workers),"
                            + " subscribers synced every {}, periodic jobs on one node", node, cfg.get("wirehub.fetch.tick", "1s"),
                    cfg.get("wirehub.cluster.poll-lease", "1m"), cfg.get("wirehub.fetch.workers", "16"),
                    cfg.get("wirehub.cluster.sync-interval", "1s"));
        }
    }
}
