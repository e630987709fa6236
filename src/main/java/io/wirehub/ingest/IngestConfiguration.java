package io.wirehub.ingest;

import io.wirehub.HubConfig;
import io.wirehub.Routes;
import io.wirehub.store.Database;
import io.wirehub.store.FeedStateStore;
import io.wirehub.store.StoreConfiguration;
import io.wirehub.store.WebSubStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import java.util.List;

/**
 * Wiring of ingest: the guarded {@code http} component every outbound request goes through
 * ({@link OutboundHttp}), feed polling ({@code feedPolling}: the {@code feed-scheduler} route claims
 * due feeds of {@code wirehub.feeds.file} and the {@code feed-poll} route's workers poll them;
 * {@code feeds-reload} picks up changes to the file), agency push
 * ({@code pushIngest}), the WebSub subscriber ({@code webSub}) and the inbox ({@code inboxFiles}).
 */
public class IngestConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        Registry reg = ctx.getRegistry();
        Database db = StoreConfiguration.database(ctx);
        java.nio.file.Path feedsFile = cfg.configDir().resolve(cfg.get("wirehub.feeds.file", "feeds.yaml"));
        List<FeedConfig> feeds = FeedConfig.load(feedsFile);
        // Global allowances only: a feed's or subscriber's allowPrivate holds for its own requests (OutboundHttp).
        PrivateAddressGuard guard = HttpClients.guard(cfg);
        reg.bind("http", OutboundHttp.component(cfg, guard));
        reg.bind("privateAddressGuard", guard);
        FeedStateStore feedStates = new FeedStateStore(db.dataSource(), db.isPostgres());
        FeedPolling polling = new FeedPolling(cfg, feedStates, feeds);
        int held = feedStates.releaseAll(polling.node());
        if (held > 0) {
            org.slf4j.LoggerFactory.getLogger(IngestConfiguration.class)
                    .info("node {}: {} feed poll(s) left held by this node's previous run freed", polling.node(), held);
        }
        reg.bind("feedPolling", polling);
        polling.metrics(io.wirehub.ops.HubMetrics.from(ctx));
        polling.workers(cfg.getInt("wirehub.fetch.workers", 16), cfg.getInt("wirehub.fetch.claim-batch", 100));
        polling.watch(feedsFile);
        // the database learns which feeds exist now (new ones are due at once, removed ones never claimed)
        polling.syncTable();
        // Leases of the polls running on this node are renewed every third of their length (cluster mode).
        long renewMs = Math.max(100, polling.pollLease().toMillis() / 3);
        ctx.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "feed-lease").scheduleWithFixedDelay(() -> {
            try {
                polling.renewLeases();
            } catch (RuntimeException e) {
                if (!ctx.isStopping() && !ctx.isStopped()) {
                    org.slf4j.LoggerFactory.getLogger(IngestConfiguration.class).warn("node {}: {}", polling.node(), e.getMessage());
                }
            }
        }, renewMs, renewMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        java.nio.file.Path pushFile = cfg.configDir().resolve(cfg.get("wirehub.push.file", "push.yaml"));
        PushIngest push = new PushIngest(PushFeed.load(pushFile),
                cfg.getLong("wirehub.push.max-bytes", 10_000_000L), cfg.getPath("wirehub.push.rejected-dir", "data/rejected"));
        push.watch(pushFile);
        reg.bind("pushIngest", push);
        WebSub webSub = new WebSub(cfg, new WebSubStore(db.dataSource()), polling);
        polling.setIntervalPolicy(webSub::pollInterval);
        reg.bind("webSub", webSub);
        reg.bind("inboxFiles", new InboxFiles(cfg.getLong("wirehub.inbox.max-bytes", 200_000_000L)));
        reg.bind("samplesReport", new SamplesReport(cfg.getPath("wirehub.samples.dir", "samples/inbox"), cfg.getPath("wirehub.out.dir", "out")));
    }
}
