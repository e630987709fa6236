package io.wirehub.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wirehub.HubConfig;
import io.wirehub.ingest.FeedConfig;
import io.wirehub.ingest.FeedHealth;
import io.wirehub.ingest.FeedPolling;
import io.wirehub.publish.Outbox;
import io.wirehub.publish.SubscriberSpec;
import io.wirehub.publish.SubscriberStore;
import io.wirehub.publish.WebhookSigner;
import io.wirehub.store.FeedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Tells a feed's owner ({@code owner:} in feeds.yaml, a mail address or a webhook URL) when the feed
 * has failed for {@code wirehub.alerts.failing-after}, goes silent, overflows, or recovers. Each
 * owner is a subscriber of origin {@link SubscriberStore#OWNER} that items never match; an alert is
 * an event in the outbox (signed webhook or mail, retried, surviving restarts). At most one alert
 * per feed per {@code wirehub.alerts.min-interval}; what was last sent is kept in the feed's state,
 * so a restart neither repeats nor forgets it. Route {@code feed-alerts} calls {@link #check()}.
 */
public class FeedAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(FeedAlerts.class);
    /** Alert kinds (event {@code feed.<kind>}). */
    public static final String FAILING = "failing";
    public static final String SILENT = "silent";
    public static final String OVERFLOWING = "overflowing";
    public static final String RECOVERED = "recovered";

    private final FeedPolling polling;
    private final SubscriberStore subscribers;
    private final Outbox outbox;
    private final DataSource ds;
    private final Runnable wake;
    private final Duration failingAfter;
    private final Duration minInterval;
    private final HubConfig cfg;

    public FeedAlerts(HubConfig cfg, FeedPolling polling, SubscriberStore subscribers, Outbox outbox, DataSource ds, Runnable wake)
            throws IOException {
        this.polling = polling;
        this.subscribers = subscribers;
        this.outbox = outbox;
        this.ds = ds;
        this.wake = wake;
        this.failingAfter = cfg.getDuration("wirehub.alerts.failing-after", Duration.ofMinutes(30));
        this.minInterval = cfg.getDuration("wirehub.alerts.min-interval", Duration.ofHours(1));
        this.cfg = cfg;
        syncOwners();
        // feeds.yaml read again while the hub runs: owners added, changed or removed with their feeds
        polling.onReload(() -> {
            try {
                syncOwners();
            } catch (IOException e) {
                LOG.warn("feed owners not updated: {}", e.getMessage());
            }
        });
    }

    /**
     * Makes each owned feed's owner a subscriber carrying its alerts (mail or signed webhook), and
     * removes those of feeds that no longer name one.
     */
    public synchronized void syncOwners() throws IOException {
        String secret = null;
        java.util.Set<String> owners = new java.util.HashSet<>();
        for (String id : polling.feedIds()) {
            FeedConfig f = polling.feed(id);
            if (f.owner == null || f.owner.isBlank()) {
                continue;
            }
            SubscriberSpec spec = new SubscriberSpec();
            spec.id = subscriberId(id);
            spec.name = "Alerts of feed " + id;
            SubscriberSpec.Channel ch = new SubscriberSpec.Channel();
            if (f.isMailOwner()) {
                ch.type = "mail";
                ch.to = List.of(f.owner.strip());
            } else {
                if (secret == null) {
                    secret = secret(cfg);
                }
                ch.type = "webhook";
                ch.url = f.owner.strip();
                ch.secrets = List.of(secret);
                // the feed's allowance (feeds.yaml only) covers its owner's host too, as a subscriber's would
                ch.allowPrivate = Boolean.TRUE.equals(f.allowPrivate) ? Boolean.TRUE : null;
            }
            spec.channels = new java.util.ArrayList<>(List.of(ch));
            spec.enabled = true;
            subscribers.put(spec, SubscriberStore.OWNER);
            owners.add(spec.id);
        }
        // A feed whose owner: line was removed (or the feed itself) alerts nobody any more.
        subscribers.removeOthers(SubscriberStore.OWNER, owners, "feeds.yaml (owner:)");
        subscribers.reload();
    }

    /** The subscriber that carries a feed's alerts. */
    public static String subscriberId(String feedId) {
        String s = "feed-owner." + feedId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    /** Signing key of owner webhooks: wirehub.alerts.webhook-secret, else one generated once and kept in the data folder. */
    static String secret(HubConfig cfg) throws IOException {
        String s = cfg.get("wirehub.alerts.webhook-secret", "");
        if (!s.isBlank()) {
            return s.strip();
        }
        Path f = cfg.getPath("wirehub.data.dir", "data").resolve("alerts-webhook.secret");
        if (Files.isRegularFile(f)) {
            return Files.readString(f, StandardCharsets.UTF_8).strip();
        }
        String key = WebhookSigner.newSecret();
        Files.createDirectories(f.getParent());
        Files.writeString(f, key, StandardCharsets.UTF_8);
        LOG.info("feed owner webhooks are signed with the key in {} (set wirehub.alerts.webhook-secret to choose it)", f);
        return key;
    }

    /** Looks at every owned feed and sends what changed (timer route feed-alerts). */
    public void check() {
        Instant now = Instant.now();
        for (String id : polling.feedIds()) {
            FeedConfig f = polling.feed(id);
            if (f.owner == null || f.owner.isBlank() || !f.enabled) {
                continue;
            }
            try {
                check(id, now);
            } catch (Exception e) {
                LOG.warn("feed {}: cannot send its owner's alert: {}", id, e.getMessage());
            }
        }
    }

    private void check(String id, Instant now) throws Exception {
        // one node checks every owned feed (feed-alerts is a cluster job): read what the others polled
        FeedStateStore.State s = polling.freshState(id);
        FeedHealth h = polling.health(id);
        String kind = null;
        if (h.failingSince() != null && h.consecutiveErrors() > 0 && Duration.between(h.failingSince(), now).compareTo(failingAfter) >= 0) {
            kind = FAILING;
        } else if (FeedHealth.OVERFLOWING.equals(h.state())) {
            kind = OVERFLOWING;
        } else if (FeedHealth.SILENT.equals(h.state())) {
            kind = SILENT;
        }
        String last = s.alerted;
        boolean bad = last != null && !RECOVERED.equals(last);
        String send = kind != null ? (kind.equals(last) ? null : kind)
                : (bad && h.consecutiveErrors() == 0 && !FeedHealth.OVERFLOWING.equals(h.state()) && !FeedHealth.SILENT.equals(h.state())
                ? RECOVERED : null);
        if (send == null) {
            return;
        }
        if (s.alertedAt != null && Duration.between(s.alertedAt, now).compareTo(minInterval) < 0) {
            return; // rate limit: the change is sent once the interval has passed, if it still holds
        }
        // Every node checks every feed: the one whose compare-and-set records the alert sends it.
        if (!polling.claimAlert(s, send, now)) {
            return;
        }
        enqueue(id, send, h, now);
        LOG.info("feed {}: alert '{}' queued for its owner", id, send);
        wake.run();
    }

    private void enqueue(String feedId, String kind, FeedHealth h, Instant now) throws Exception {
        String uri = "urn:wirehub:feed-alert:" + feedId + ":" + kind + ":" + now.toEpochMilli();
        String eventId = java.util.UUID.nameUUIDFromBytes(uri.getBytes(StandardCharsets.UTF_8)).toString();
        String headline = "wirehub: feed " + feedId + " " + switch (kind) {
            case FAILING -> "is failing";
            case SILENT -> "has gone silent";
            case OVERFLOWING -> "drops items between polls";
            default -> "has recovered";
        };
        StringBuilder text = new StringBuilder(headline).append(".\n\nFeed: ").append(h.url()).append("\nState: ").append(h.state());
        if (h.consecutiveErrors() > 0) {
            text.append("\nFailing since: ").append(h.failingSince()).append(" (").append(h.consecutiveErrors())
                    .append(" failed polls)\nLast error: ").append(h.lastError());
        }
        if (h.lastSuccessAt() != null) {
            text.append("\nLast success: ").append(h.lastSuccessAt());
        }
        if (h.lastNewItemAt() != null) {
            text.append("\nLast new item: ").append(h.lastNewItemAt());
        }
        if (h.overflowing()) {
            text.append("\nThe feed shows fewer items than it publishes between polls; it is now polled every ").append(h.interval());
        }
        ObjectNode env = OpsApi.JSON.createObjectNode();
        env.put("event", "feed." + kind);
        env.put("id", eventId);
        ObjectNode item = env.putObject("item");
        item.put("uri", uri);
        item.put("type", "text");
        item.put("versionCreated", now.toString());
        item.put("language", "en");
        item.putArray("headlines").addObject().put("role", "main").put("value", headline);
        item.putArray("bodies").addObject().put("role", "main").put("contentType", "text/plain").put("value", text.toString());
        ObjectNode story = env.putObject("story");
        story.put("id", uri);
        story.putArray("sources");
        env.set("feed", OpsApi.view(h));
        String body = OpsApi.JSON.writeValueAsString(env);
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                outbox.enqueue(c, eventId, "feed." + kind, uri, body,
                        List.of(new Outbox.Target(subscriberId(feedId), 0, Outbox.PENDING, now)));
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
