package io.wirehub.publish;

import io.wirehub.dedupe.StoryPreference;
import io.wirehub.Routes;
import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.dedupe.DedupeDecision;
import io.wirehub.store.GroupCommit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code direct:publish} stage: matches the item against the subscribers through the index,
 * then in ONE transaction records the dedupe state and inserts an outbox row per matching
 * (subscriber, channel). A crash before the commit loses nothing (the item is not yet recorded as
 * seen, so it comes again); after it, the outbox holds every delivery.
 *
 * <p>The transaction is shared by the items of a {@link GroupCommit}: the normalize route brackets
 * each document with {@link #beginDocument} and {@link #endDocument}, which commits what the
 * document published before the document is marked done.
 */
public class PublishStage {
    private static final Logger LOG = LoggerFactory.getLogger(PublishStage.class);

    private final SubscriberStore subscribers;
    private final Outbox outbox;
    private final PlaceLookup lookup;
    private final GroupCommit commits;
    private volatile Runnable onEnqueued = () -> { };
    /** Writes the hub's own out/ folder before the commit (null: through the outbox like every channel). */
    private volatile OwnOutputLane ownOutput;
    /** Exchange property: what {@link #prepare} found, for {@link #enqueue}. */
    private static final String PROP_PENDING = "wirehubPublishPending";

    /** A stage that commits each item on its own (tests, tools). */
    public PublishStage(SubscriberStore subscribers, Outbox outbox, PlaceLookup lookup) {
        this(subscribers, outbox, lookup, new GroupCommit(outbox.dataSource(), 1, java.time.Duration.ZERO));
    }

    public PublishStage(SubscriberStore subscribers, Outbox outbox, PlaceLookup lookup, GroupCommit commits) {
        this.subscribers = subscribers;
        this.outbox = outbox;
        this.lookup = lookup;
        this.commits = commits;
    }

    /** Route step before a document's items: opens its ticket in the group commit. */
    public void beginDocument(Exchange ex) {
        ex.setProperty(Routes.PROP_COMMIT, commits.begin());
    }

    /**
     * Route step once the document's items went through (in a doFinally, so also after a failure):
     * commits what it published; throws if some of it was lost, so the document is read again.
     */
    public void endDocument(Exchange ex) throws SQLException {
        GroupCommit.Ticket t = ex.getProperty(Routes.PROP_COMMIT, GroupCommit.Ticket.class);
        if (t != null) {
            ex.removeProperty(Routes.PROP_COMMIT);
            commits.finish(t);
        }
    }

    /** The group commit the stage writes through. */
    public GroupCommit commits() {
        return commits;
    }

    /** Writes the hub's own output in the publish step from now on (see {@link OwnOutputLane}). */
    void ownOutput(OwnOutputLane lane) {
        this.ownOutput = lane;
    }

    /** Called after each commit (wakes the delivery workers). */
    public void onEnqueued(Runnable r) {
        this.onEnqueued = r;
    }

    /**
     * First publish step: matches the item against the subscribers and leaves in the body the
     * {@link Envelope} to store, for the route to marshal with camel-jackson; what {@link #enqueue}
     * needs is kept in an exchange property.
     */
    public Envelope prepare(Exchange ex) {
        NinjsItem item = ex.getMessage().getBody(NinjsItem.class);
        String event = ex.getProperty(Routes.PROP_EVENT, "item.new", String.class);
        String feed = ex.getProperty(Routes.PROP_FEED, String.class);
        List<Subscriber> matched = subscribers.index().match(new ItemFacts(item, event, feed, lookup), null);
        String eventId = eventId(event, item);
        String storyId = DedupeRecorder.storyId(ex);
        Envelope env = envelopeOf(event, eventId, item, storyId, DedupeRecorder.sources(ex));
        ex.setProperty(PROP_PENDING, new Pending(item, event, eventId, copySource(item, feed), matched));
        return env;
    }

    /**
     * Second publish step, after the marshal: body the envelope's JSON. In the document's group
     * commit, records the dedupe state and inserts an outbox row per matching (subscriber, channel).
     */
    public void enqueue(Exchange ex) throws SQLException {
        Pending p = ex.getProperty(PROP_PENDING, Pending.class);
        ex.removeProperty(PROP_PENDING);
        // The marshal's bytes go to the hub's files as they are; the outbox row stores the text.
        byte[] json = ex.getMessage().getBody(byte[].class);
        String envelope = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        List<Outbox.Target> targets = new ArrayList<>();
        Instant now = Instant.now();
        DedupeDecision decision = ex.getProperty(Routes.PROP_DEDUPE, DedupeDecision.class);
        GroupCommit.Ticket ticket = ex.getProperty(Routes.PROP_COMMIT, GroupCommit.Ticket.class);
        // The story id of the preference table is dedupe's (null without a decision), as before.
        String storyId = DedupeRecorder.storyId(ex);
        // The hub's own files, before the commit and outside the group's lock (see OwnOutputLane).
        java.util.Set<SubscriberSpec.Channel> written = ownOutput(p, json);
        boolean[] pending = new boolean[1];
        commits.write(ticket, c -> {
            targets.clear();
            pending[0] = false;
            for (Subscriber s : p.matched()) {
                if (!storyPreference(c, s, p.event(), storyId, p.copySource(), now)) {
                    continue;
                }
                for (int i = 0; i < s.spec().channels.size(); i++) {
                    SubscriberSpec.Channel ch = s.spec().channels.get(i);
                    if (Boolean.TRUE.equals(ch.unsubscribed)) {
                        continue;
                    }
                    if (written.contains(ch)) {
                        targets.add(new Outbox.Target(s.id(), i, Outbox.DELIVERED, now));
                        continue;
                    }
                    pending[0] = true;
                    Instant digestAt = "mail".equals(ch.type) ? MailChannel.nextDigest(ch, now) : null;
                    targets.add(new Outbox.Target(s.id(), i, digestAt == null ? Outbox.PENDING : Outbox.DIGEST,
                            digestAt == null ? now : digestAt));
                }
            }
            DedupeRecorder.record(ex, c);
            if (!outbox.enqueue(c, p.eventId(), p.event(), p.item().uri, envelope, targets)) {
                LOG.debug("event {} of {} was already enqueued", p.eventId(), p.item().uri);
            }
        }, new GroupCommit.Outcome() {
            @Override
            public void committed() {
                if (decision != null) {
                    decision.committed();
                }
                if (!written.isEmpty()) {
                    ownOutput.committed(written.size());
                }
                if (pending[0]) {
                    onEnqueued.run();
                }
            }

            @Override
            public void rolledBack() {
                if (decision != null) {
                    decision.rolledBack();
                }
            }
        });
    }

    /**
     * Writes the item to the channels the own-output lane takes (the built-in subscriber's folder);
     * returns those written. A subscriber with a preferred source order is left to the outbox: whether
     * it gets this copy is decided in the transaction.
     */
    private java.util.Set<SubscriberSpec.Channel> ownOutput(Pending p, byte[] envelope) {
        OwnOutputLane lane = ownOutput;
        if (lane == null) {
            return java.util.Set.of();
        }
        java.util.Set<SubscriberSpec.Channel> written = null;
        for (Subscriber s : p.matched()) {
            List<String> order = s.spec().filter == null ? null : s.spec().filter.sourceOrder;
            if (order != null && !order.isEmpty()) {
                continue;
            }
            for (SubscriberSpec.Channel ch : s.spec().channels) {
                if (OwnOutputLane.takes(s, ch) && lane.write(s, ch, envelope)) {
                    if (written == null) {
                        written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                    }
                    written.add(ch);
                }
            }
        }
        return written == null ? java.util.Set.of() : written;
    }

    /** What {@link #prepare} found, for {@link #enqueue}. */
    private record Pending(NinjsItem item, String event, String eventId, String copySource,
                           List<Subscriber> matched) {
    }

    /**
     * For a subscriber with a preferred source order: whether this copy of the story goes to it (see
     * {@link StoryPreference}), and if so, the copy's source is remembered on {@code c}. Subscribers
     * without an order take what their filter matched.
     */
    private static boolean storyPreference(Connection c, Subscriber s, String event, String storyId, String copySource,
                                           Instant now) throws SQLException {
        List<String> order = s.spec().filter == null ? null : s.spec().filter.sourceOrder;
        if (order == null || order.isEmpty() || storyId == null || copySource == null) {
            return true;
        }
        List<String> sent = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source FROM subscriber_story WHERE subscriber_id = ? AND story_id = ?")) {
            ps.setString(1, s.id());
            ps.setString(2, storyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sent.add(rs.getString(1));
                }
            }
        }
        boolean everyCopy = s.spec().filter.events.contains("duplicate");
        if (!new StoryPreference(order, everyCopy).wants(event, copySource, sent)) {
            return false;
        }
        if (!sent.contains(copySource)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO subscriber_story (subscriber_id, story_id, source, first_at) VALUES (?,?,?,?)")) {
                ps.setString(1, s.id());
                ps.setString(2, storyId);
                ps.setString(3, copySource);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.executeUpdate();
            }
        }
        return true;
    }

    /** The outlet that carried this copy: the last of its credit chain (AFP/VNA/CVN gives CVN), else its feed. */
    static String copySource(NinjsItem item, String feed) {
        for (int i = item.infoSources.size() - 1; i >= 0; i--) {
            String n = item.infoSources.get(i).name;
            if (n != null && !n.isBlank()) {
                return n.strip();
            }
        }
        return feed;
    }

    /** Same event of the same item version gets the same id (a replay inserts nothing new). */
    public static String eventId(String event, NinjsItem item) {
        String nul = "\u0000";
        return "evt_" + ItemIds.sha256Hex(event, nul, item.uri, nul, item.version, nul, item.headline(), nul, item.bodyText(),
                nul, item.pubStatus).substring(0, 40);
    }

    /** The event envelope of DESIGN.md: {event, id, item, story}, as JSON. */
    public static String envelope(String event, String eventId, NinjsItem item) {
        return envelope(event, eventId, item, null, List.of());
    }

    /** {@link #envelopeOf} as JSON (the publish route marshals it with camel-jackson instead). */
    public static String envelope(String event, String eventId, NinjsItem item, String storyIdFromDedupe,
                                  List<String> sourcesFromDedupe) {
        return NinjsJson.write(envelopeOf(event, eventId, item, storyIdFromDedupe, sourcesFromDedupe));
    }

    /**
     * The envelope with the story as dedupe decided it (id and every source that carried it so far);
     * without a decision, the item's story altId (or its uri) and its own credit chain.
     */
    public static Envelope envelopeOf(String event, String eventId, NinjsItem item, String storyIdFromDedupe,
                                      List<String> sourcesFromDedupe) {
        String storyId = storyIdFromDedupe != null ? storyIdFromDedupe : item.altId("story");
        List<String> sources = new ArrayList<>(sourcesFromDedupe);
        if (sources.isEmpty()) {
            for (NinjsItem.Concept c : item.infoSources) {
                if (c.name != null) {
                    sources.add(c.name);
                }
            }
        }
        return new Envelope(event, eventId, item, new Envelope.Story(storyId != null ? storyId : item.uri, sources));
    }
}
