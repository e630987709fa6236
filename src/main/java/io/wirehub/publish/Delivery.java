package io.wirehub.publish;

import io.wirehub.HubConfig;
import io.wirehub.store.Database;
import io.wirehub.store.GroupCommit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Assembles the delivery side of the hub: subscribers (config/subscribers.yaml + database), the
 * publish stage, the outbox worker, the channel beans used by the deliver-* routes and the API
 * beans used by the api-* routes. Bean names: {@code publishStage}, {@code webhookChannel},
 * {@code mailChannel}, {@code subscriberApi}, {@code publicEndpoints}.
 *
 * <p>The hub's own output (out/items + out/ndjson) is the built-in subscriber {@code hub}: a file
 * channel in the {@code hub} format, written by the publish step before each commit
 * ({@link OwnOutputLane}), with the outbox retrying the writes that fail. Off with
 * {@code wirehub.out.enabled=false}.
 */
public final class Delivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    /** Id of the built-in subscriber writing the hub's out/ folder. */
    public static final String HUB_SUBSCRIBER = "hub";

    private final HubConfig cfg;
    private final SubscriberStore store;
    private final Outbox outbox;
    private final PublishStage publish;
    private DeliveryWorker worker;
    /** Shared by the publish step's own-output lane and the worker: one lock and line index per day file. */
    private final FileChannel files = new FileChannel();
    private final FileFailureLog fileFailures;
    private final OwnOutputLane ownOutput;

    private Delivery(HubConfig cfg, SubscriberStore store, Outbox outbox, PublishStage publish) {
        this.cfg = cfg;
        this.store = store;
        this.outbox = outbox;
        this.publish = publish;
        this.fileFailures = new FileFailureLog(RetryPolicy.from(cfg));
        this.ownOutput = new OwnOutputLane(files, fileFailures);
        publish.ownOutput(ownOutput);
    }

    /** Registry name of this object. */
    public static final String BEAN = "delivery";

    /**
     * Creates the delivery side's beans and binds them in the registry (before Camel starts):
     * {@code publishStage}, {@code subscriberStore}, {@code outbox}, {@code webhookChannel},
     * {@code mailChannel}, {@code unsubscribeTokens} and this object as {@code delivery}.
     */
    public static Delivery bind(org.apache.camel.spi.Registry registry, HubConfig cfg, Database db, PlaceLookup lookup)
            throws IOException {
        SubscriberStore store = new SubscriberStore(db.dataSource(), lookup);
        if (cfg.getBool("wirehub.out.enabled", true)) {
            SubscriberSpec hub = new SubscriberSpec();
            hub.id = HUB_SUBSCRIBER;
            hub.name = "The hub's own output folder";
            SubscriberSpec.Channel ch = new SubscriberSpec.Channel();
            ch.type = "file";
            ch.format = "hub";
            ch.dir = cfg.get("wirehub.out.dir", "out");
            hub.channels.add(ch);
            store.put(hub, SubscriberStore.BUILTIN);
        } else if (store.get(HUB_SUBSCRIBER) != null) {
            store.delete(HUB_SUBSCRIBER);
        }
        List<String> errors = store.loadConfig(cfg.configDir().resolve(cfg.get("wirehub.subscribers.file", "subscribers.yaml")));
        if (!errors.isEmpty()) {
            // The same rule as feeds.yaml: every mistake listed at once, and no start on half a configuration.
            throw new io.wirehub.ConfigException(errors);
        }
        Outbox outbox = new Outbox(db.dataSource());
        // PostgreSQL: claimers (workers, nodes) skip each other's rows; 1.5-3.3x the deliveries/s of the leases alone
        // with 4 claimers in bench cluster (docs/cluster.md). H2 has one node and no SKIP LOCKED.
        outbox.skipLocked(db.isPostgres());
        // Items commit in groups (see GroupCommit): fewer, larger transactions, same crash guarantees.
        PublishStage publish = new PublishStage(store, outbox, lookup, new GroupCommit(db.dataSource(),
                cfg.getInt("wirehub.store.commit-max-items", GroupCommit.DEFAULT_MAX_ITEMS),
                cfg.getDuration("wirehub.store.commit-max-delay", GroupCommit.DEFAULT_MAX_DELAY)));
        UnsubscribeTokens tokens = new UnsubscribeTokens(unsubscribeSecret(cfg),
                cfg.get("wirehub.public-url", "https://localhost:8080"));
        Delivery d = new Delivery(cfg, store, outbox, publish);
        registry.bind(BEAN, d);
        registry.bind("publishStage", publish);
        registry.bind("subscriberStore", store);
        registry.bind("outbox", outbox);
        registry.bind("unsubscribeTokens", tokens);
        registry.bind("webhookChannel", new WebhookChannel(cfg.get("wirehub.webhook.user-agent", "wirehub-webhooks/0.1")));
        registry.bind("mailChannel", new MailChannel(cfg.get("wirehub.mail.from", "wirehub@localhost"), tokens));
        return d;
    }

    /** The configured secret, else one generated once and kept in the data folder (links survive restarts). */
    static String unsubscribeSecret(HubConfig cfg) throws IOException {
        String s = cfg.get("wirehub.unsubscribe.secret", null);
        if (s != null) {
            return s;
        }
        Path f = cfg.getPath("wirehub.data.dir", "data").resolve("unsubscribe.key");
        if (Files.isRegularFile(f)) {
            return Files.readString(f, StandardCharsets.UTF_8).strip();
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.createDirectories(f.getParent());
        Files.writeString(f, key, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return key;
    }

    /** Starts the outbox worker (after camel-main started: it sends through the deliver-* routes). */
    public void start(CamelContext ctx) {
        worker = new DeliveryWorker(cfg, store, outbox, RetryPolicy.from(cfg), ctx.createProducerTemplate(), files, fileFailures);
        worker.metrics(io.wirehub.ops.HubMetrics.from(ctx));
        ownOutput.metrics(io.wirehub.ops.HubMetrics.from(ctx));
        publish.onEnqueued(worker::wake);
        worker.start();
    }

    /** Looks at the outbox now (a subscriber changed). */
    public void wake() {
        if (worker != null) {
            worker.wake();
        }
    }

    public SubscriberStore subscribers() {
        return store;
    }

    public Outbox outbox() {
        return outbox;
    }

    public DeliveryWorker worker() {
        return worker;
    }

    /** Stops the outbox worker: deliveries in flight finish, no new one starts. */
    public void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Override
    public void close() {
        stopWorker();
        publish.commits().close();
        files.close();
    }
}
