package io.wirehub.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * wirehub's own series on the Micrometer registry that camel-micrometer-prometheus serves at
 * {@code /observe/metrics}. Stages look it up with {@link #from(CamelContext)}; where it is not
 * bound (a subset of routes, a command) they get {@link #DISABLED}, whose calls return at once.
 *
 * <p>Labels stay bounded: feed ids (or {@code all} when {@code wirehub.metrics.per-feed=false}),
 * formats, decisions, stages, channel types and outcomes; never an item id. Meters are looked up
 * once per label set and cached, so the hot path is a map lookup and an atomic add.
 */
public final class HubMetrics {
    /** The registry name of the bound instance. */
    public static final String BEAN = "hubMetrics";
    /** Calls do nothing: no registry bound. */
    public static final HubMetrics DISABLED = new HubMetrics(null, false);
    /** The feed label when per-feed labels are off. */
    public static final String ALL_FEEDS = "all";

    private final MeterRegistry reg;
    private final boolean perFeed;
    private final Map<String, Counter> documents = new ConcurrentHashMap<>();
    private final Map<String, Counter> items = new ConcurrentHashMap<>();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Timer> stages = new ConcurrentHashMap<>();
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Counter> missed = new ConcurrentHashMap<>();
    private final Counter geotagged;
    private final DistributionSummary placesPerItem;
    private final Timer deliveryLatency;

    /**
     * @param reg     the registry (Camel's {@code metricsRegistry}); null = disabled
     * @param perFeed label series by feed id; false = one {@code all} label for every feed
     */
    public HubMetrics(MeterRegistry reg, boolean perFeed) {
        this.reg = reg;
        this.perFeed = perFeed;
        if (reg == null) {
            geotagged = null;
            placesPerItem = null;
            deliveryLatency = null;
            return;
        }
        geotagged = Counter.builder("wirehub.items.geotagged").description("Items the enrich stage found at least one place in")
                .register(reg);
        placesPerItem = DistributionSummary.builder("wirehub.item.places").description("Places resolved per enriched item")
                .serviceLevelObjectives(1, 2, 3, 5, 10, 20).register(reg);
        // Buckets from a second to a day: deliveries retried on the schedule land in the upper ones.
        deliveryLatency = Timer.builder("wirehub.delivery.latency")
                .description("Time from an item's arrival in the hub (outbox row written) to its delivery")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                        Duration.ofHours(2), Duration.ofHours(24))
                .register(reg);
    }

    /** The bound instance, or {@link #DISABLED}. */
    public static HubMetrics from(CamelContext ctx) {
        HubMetrics m = ctx == null ? null : ctx.getRegistry().lookupByNameAndType(BEAN, HubMetrics.class);
        return m == null ? DISABLED : m;
    }

    public boolean enabled() {
        return reg != null;
    }

    /** The registry, null when disabled. */
    public MeterRegistry registry() {
        return reg;
    }

    /** The label a feed's series carry. */
    public String feedLabel(String feedId) {
        return perFeed && feedId != null ? feedId : ALL_FEEDS;
    }

    public boolean perFeed() {
        return perFeed;
    }

    /** A document (poll, push, inbox file) was opened by the normalize stage. */
    public void documentIn(String feedId, String format) {
        if (reg == null) {
            return;
        }
        String f = feedLabel(feedId);
        String fmt = format == null ? "unknown" : format;
        documents.computeIfAbsent(f + '\n' + fmt, k -> Counter.builder("wirehub.documents.in")
                .description("Documents read (polled, pushed or dropped in the inbox), by feed and format")
                .tags("feed", f, "format", fmt).register(reg)).increment();
    }

    /** A document yielded {@code n} items. */
    public void itemsIn(String feedId, String format, int n) {
        if (reg == null || n <= 0) {
            return;
        }
        String f = feedLabel(feedId);
        String fmt = format == null ? "unknown" : format;
        items.computeIfAbsent(f + '\n' + fmt, k -> Counter.builder("wirehub.items.in")
                .description("Items read from documents, by feed and format").tags("feed", f, "format", fmt).register(reg))
                .increment(n);
    }

    /** A dedupe decision: new, updated, duplicate, canceled or dropped. */
    public void dedupe(String decision) {
        if (reg == null) {
            return;
        }
        decisions.computeIfAbsent(decision, d -> Counter.builder("wirehub.dedupe.decisions")
                .description("Dedupe decisions: new, updated, duplicate, canceled, dropped (same version seen again)")
                .tag("decision", d).register(reg)).increment();
    }

    /** The enrich stage resolved {@code places} places in an item. */
    public void enriched(int places) {
        if (reg == null) {
            return;
        }
        if (places > 0) {
            geotagged.increment();
        }
        placesPerItem.record(places);
    }

    /** Time one stage took for one item (dedupe, enrich, publish) or document (normalize). */
    public void stage(String stage, long nanos) {
        if (reg == null) {
            return;
        }
        stages.computeIfAbsent(stage, s -> Timer.builder("wirehub.stage.latency")
                .description("Time spent in a pipeline stage: per document for normalize, per item for the others")
                .tag("stage", s).register(reg)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A delivery attempt ended: channel type (webhook, mail, file, atom) and outcome (delivered, failed, dead, dropped). */
    public void delivery(String channel, String outcome) {
        if (reg == null) {
            return;
        }
        deliveries.computeIfAbsent(channel + '\n' + outcome, k -> Counter.builder("wirehub.deliveries")
                .description("Delivery attempts by channel type and outcome (delivered, failed, dead)")
                .tags("channel", channel, "outcome", outcome).register(reg)).increment();
    }

    /** A delivery succeeded {@code latency} after its item reached the outbox. */
    public void delivered(Duration latency) {
        if (reg == null || latency == null) {
            return;
        }
        deliveryLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** A poll found the feed had pushed out unseen items since the poll before (missed-item detection). */
    public void missedItems(String feedId) {
        if (reg == null) {
            return;
        }
        String f = feedLabel(feedId);
        missed.computeIfAbsent(f, k -> Counter.builder("wirehub.feed.overflows")
                .description("Polls that found none of the previous poll's items: items were probably missed between polls")
                .tag("feed", f).register(reg)).increment();
    }
}
