package io.wirehub.ingest;

import io.wirehub.HubConfig;
import io.wirehub.Routes;
import io.wirehub.store.Database;
import io.wirehub.store.FeedStateStore;
import io.wirehub.store.StoreConfiguration;
import io.wirehub.store.WebSubStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.Registry;

import java.time.Duration;
import java.util.List;

/**
 * Wiring of ingest: the guarded {@code http} component every outbound request goes through
 * ({@link OutboundHttp}), feed polling ({@code feedPolling}, one {@code feed-poll-<id>} route per
 * enabled feed of {@code wirehub.feeds.file}, added once Camel has started), agency push
 * ({@code pushIngest}), the WebSub subscriber ({@code webSub}) and the inbox ({@code inboxFiles}).
 */
public class IngestConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        Registry reg = ctx.getRegistry();
        Database db = StoreConfiguration.database(ctx);
        List<FeedConfig> feeds = FeedConfig.load(cfg.configDir().resolve(cfg.get("wirehub.feeds.file", "feeds.yaml")));
        // Global allowances only: a feed's or subscriber's allowPrivate holds for its own requests (OutboundHttp).
        PrivateAddressGuard guard = HttpClients.guard(cfg);
        reg.bind("http", OutboundHttp.component(cfg, guard));
        reg.bind("privateAddressGuard", guard);
        FeedStateStore feedStates = new FeedStateStore(db.dataSource());
        FeedPolling polling = new FeedPolling(cfg, feedStates, feeds);
        int held = feedStates.releaseAll(polling.node());
        if (held > 0) {
            org.slf4j.LoggerFactory.getLogger(IngestConfiguration.class)
                    .info("node {}: {} feed poll(s) left held by this node's previous run freed", polling.node(), held);
        }
        reg.bind("feedPolling", polling);
        polling.metrics(io.wirehub.ops.HubMetrics.from(ctx));
        // POST /api/feeds/{id}/poll: the feed's route runs once more, now, on a thread of its own
        java.util.concurrent.ExecutorService pollNow = ctx.getExecutorServiceManager().newSingleThreadExecutor(this, "feed-poll-now");
        polling.pollNowBy(id -> pollNow.submit(() -> {
            org.apache.camel.Route r = ctx.getRoute(Routes.FEED_POLL_PREFIX + id);
            if (r == null) {
                return;
            }
            org.apache.camel.Exchange ex = r.getEndpoint().createExchange();
            try {
                r.getConsumer().getProcessor().process(ex);
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(IngestConfiguration.class).warn("feed {}: poll now failed: {}", id, e.getMessage());
            }
        }));
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
        reg.bind("pushIngest", new PushIngest(PushFeed.load(cfg.configDir().resolve(cfg.get("wirehub.push.file", "push.yaml"))),
                cfg.getLong("wirehub.push.max-bytes", 10_000_000L), cfg.getPath("wirehub.push.rejected-dir", "data/rejected")));
        WebSub webSub = new WebSub(cfg, new WebSubStore(db.dataSource()), polling);
        polling.setIntervalPolicy(webSub::pollInterval);
        reg.bind("webSub", webSub);
        reg.bind("inboxFiles", new InboxFiles(cfg.getLong("wirehub.inbox.max-bytes", 200_000_000L)));
        reg.bind("samplesReport", new SamplesReport(cfg.getPath("wirehub.samples.dir", "samples/inbox"), cfg.getPath("wirehub.out.dir", "out")));
        ctx.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the feed-poll template is loaded with the route files; instances are added once all run
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                addFeedRoutes(context, cfg, feeds);
            }
        });
    }

    /** One instance of the {@code feed-poll} template per enabled feed; its timer ticks at most every {@code wirehub.fetch.tick}. */
    static void addFeedRoutes(CamelContext ctx, HubConfig cfg, List<FeedConfig> feeds) throws Exception {
        Duration maxTick = cfg.getDuration("wirehub.fetch.tick", Duration.ofSeconds(15));
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
        }
    }
}
