package io.wirehub.publish;

import io.wirehub.normalize.ItemIds;
import io.wirehub.store.Durability;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The durable outbox: one {@code delivery} row per (subscriber, channel, event), inserted in the
 * caller's transaction (the one that records the dedupe state), and the event's envelope once in
 * {@code delivery_event}. Rows are leased by moving {@code next_attempt_at} forward with a
 * compare-and-set, so two workers (or two nodes) never take the same row and a crashed worker's
 * rows become due again when the lease ends. Status: pending, digest (waiting for its digest
 * slot), delivered, dead, dropped.
 */
public final class Outbox {
    public static final String PENDING = "pending";
    public static final String DIGEST = "digest";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";
    public static final String DROPPED = "dropped";

    /** One delivery to make (status {@link #DELIVERED}: already made, by the publish step itself). */
    public record Target(String subscriberId, int channel, String status, Instant due) {
    }

    /** A leased delivery: what a worker needs to send it. */
    public record Claimed(String id, String subscriberId, int channel, String eventId, int attempts, String body,
                          Instant createdAt) {
    }

    /** A delivery as the API shows it. */
    public record Row(String id, String subscriberId, int channel, String eventId, String event, String itemUri,
                      String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                      Instant deliveredAt) {
    }

    private final DataSource ds;
    /** Envelopes recently read: an event goes to many subscribers, its body is read once. */
    private final Map<String, String> bodies = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> e) {
                    return size() > 2000;
                }
            });
    /** Deliveries done but not yet recorded: written together in one transaction (group commit). */
    private final java.util.concurrent.BlockingQueue<Done> doneQueue = new java.util.concurrent.LinkedBlockingQueue<>();

    /**
     * PostgreSQL only: the claim's candidate rows are read {@code FOR UPDATE SKIP LOCKED} in the
     * claim's transaction, so claimers at the same moment get disjoint rows instead of racing on the
     * same first ones (the lease, moving {@code next_attempt_at}, still holds the row after the claim
     * commits). The hub turns it on for PostgreSQL: {@code bench cluster} measured it against the
     * leases' compare-and-set alone (docs/cluster.md).
     */
    private volatile boolean skipLocked;

    public Outbox(DataSource ds) {
        this.ds = ds;
    }

    /** Claims with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL) rather than the leases' compare-and-set alone. */
    public void skipLocked(boolean on) {
        this.skipLocked = on;
    }

    public DataSource dataSource() {
        return ds;
    }

    /** The delivery id (webhook-id): derived from subscriber, channel and event, so it never changes. */
    public static String deliveryId(String subscriberId, int channel, String eventId) {
        return "msg_" + ItemIds.sha256Hex(subscriberId + '\u0000' + channel + '\u0000' + eventId).substring(0, 40);
    }

    /** One channel of a subscriber. */
    public record ChannelRef(String subscriberId, int channel) {
    }

    /** Channels whose deliveries wait (their receiver is down or asked to wait), until when. */
    private final Map<ChannelRef, Instant> pauses = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Holds a channel's pending deliveries until {@code until}: those waiting now are due then (in
     * the database, so the wait survives a restart and the API shows it), new ones are enqueued due
     * then, and none is leased before (rows due later are postponed when they come due). No try is used up.
     */
    public void pause(ChannelRef ref, Instant until) throws SQLException {
        pauses.put(ref, until);
        // Only rows due now: a row with a later next_attempt_at may be leased (in flight), and moving
        // its lease would let resume() hand it to a second worker. Later ones are postponed by claim().
        exec("UPDATE delivery SET next_attempt_at = ? WHERE subscriber_id = ? AND channel = ? AND status = 'pending' "
                + "AND next_attempt_at <= ?", Timestamp.from(until), ref.subscriberId(), ref.channel(), Timestamp.from(Instant.now()));
    }

    /**
     * Ends a channel's pause (a delivery to it succeeded): the deliveries it held are due now, in
     * their order, rather than at the pause's end.
     */
    public void resume(ChannelRef ref) throws SQLException {
        Instant until = pauses.remove(ref);
        if (until != null && until.isAfter(Instant.now())) {
            exec("UPDATE delivery SET next_attempt_at = ? WHERE subscriber_id = ? AND channel = ? AND status = 'pending' "
                    + "AND next_attempt_at = ?", Timestamp.from(Instant.now()), ref.subscriberId(), ref.channel(), Timestamp.from(until));
        }
    }

    /**
     * Inserts the event and its deliveries on {@code c} without committing. Returns false (and
     * inserts nothing) when this event was already enqueued.
     */
    public boolean enqueue(Connection c, String eventId, String event, String itemUri, String envelope,
                           List<Target> targets) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM delivery_event WHERE id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        if (targets.isEmpty()) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO delivery_event (id, event, item_uri, body, created_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, eventId);
            ps.setString(2, event);
            ps.setString(3, itemUri.length() > 2000 ? itemUri.substring(0, 2000) : itemUri);
            // Stored also when every row is delivered already (the hub's own files): the latest items of
            // the API and the operations page are read from it.
            ps.setString(4, envelope);
            ps.setTimestamp(5, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery (id, subscriber_id, channel, event_id, status, "
                + "attempts, next_attempt_at, created_at, delivered_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (Target t : targets) {
                boolean done = DELIVERED.equals(t.status());
                Instant due = t.due();
                Instant paused = PENDING.equals(t.status()) ? pauses.get(new ChannelRef(t.subscriberId(), t.channel())) : null;
                if (paused != null && paused.isAfter(due)) {
                    due = paused;
                }
                ps.setString(1, deliveryId(t.subscriberId(), t.channel(), eventId));
                ps.setString(2, t.subscriberId());
                ps.setInt(3, t.channel());
                ps.setString(4, eventId);
                ps.setString(5, t.status());
                ps.setInt(6, done ? 1 : 0);
                ps.setTimestamp(7, Timestamp.from(due));
                ps.setTimestamp(8, now);
                ps.setTimestamp(9, done ? now : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return true;
    }

    /**
     * Leases up to {@code limit} due rows of {@code status}, at most {@code freeSlots(subscriber)}
     * for each subscriber, skipping the subscribers in {@code full} (at their limit, or disabled) in the query itself (so a
     * backlog of one slow subscriber cannot fill the batch and starve the others).
     */
    public List<Claimed> claim(String status, Instant now, Instant leaseUntil, int limit, Collection<String> full,
                               java.util.function.ToIntFunction<String> freeSlots) throws SQLException {
        // One table, the (status, next_attempt_at) index: disabled subscribers are in {@code full}.
        StringBuilder sql = new StringBuilder("SELECT d.id, d.subscriber_id, d.channel, d.event_id, d.attempts, d.next_attempt_at, "
                + "d.created_at FROM delivery d WHERE d.status = ? AND d.next_attempt_at <= ?");
        if (!full.isEmpty()) {
            sql.append(" AND d.subscriber_id NOT IN (").append("?,".repeat(full.size() - 1)).append("?)");
        }
        // ORDER BY both columns of the delivery_due index (status is fixed by the WHERE, so the order
        // is the same): only then does H2 read the index in order and stop after the first rows
        // ("index sorted"). Ordered by next_attempt_at alone it read and sorted every due row, so a
        // backlog of N deliveries made each claim O(N) and draining it O(N^2).
        sql.append(" ORDER BY d.status, d.next_attempt_at FETCH FIRST ").append(limit * 4).append(" ROWS ONLY");
        boolean locking = skipLocked;
        if (locking) {
            // the candidates stay locked until the claim commits; other claimers skip them
            sql.append(" FOR UPDATE SKIP LOCKED");
        }
        List<Claimed> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            if (locking) {
                c.setAutoCommit(false);
            }
            List<Object[]> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, status);
                ps.setTimestamp(i++, Timestamp.from(now));
                for (String f : full) {
                    ps.setString(i++, f);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Object[]{rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                rs.getInt(5), rs.getTimestamp(6), rs.getTimestamp(7)});
                    }
                }
            }
            Map<String, Integer> slots = new java.util.HashMap<>();
            List<Object[]> chosen = new ArrayList<>();
            // Rows of a paused channel enqueued while its pause began (in a commit not yet visible to it): due at its end.
            List<Object[]> postponed = new ArrayList<>();
            for (Object[] r : candidates) {
                if (chosen.size() >= limit) {
                    break;
                }
                String sub = (String) r[1];
                Instant pausedUntil = pauses.get(new ChannelRef(sub, (Integer) r[2]));
                if (pausedUntil != null && pausedUntil.isAfter(now)) {
                    postponed.add(new Object[]{r[0], r[5], pausedUntil});
                    continue;
                }
                int free = slots.computeIfAbsent(sub, freeSlots::applyAsInt);
                if (free > 0) {
                    slots.put(sub, free - 1);
                    chosen.add(r);
                }
            }
            if (chosen.isEmpty() && postponed.isEmpty()) {
                if (locking) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                return out;
            }
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE delivery SET next_attempt_at = ? WHERE id = ? AND status = ? AND next_attempt_at = ?");
                 PreparedStatement body = c.prepareStatement("SELECT body FROM delivery_event WHERE id = ?")) {
                for (Object[] p : postponed) {
                    up.setTimestamp(1, Timestamp.from((Instant) p[2]));
                    up.setString(2, (String) p[0]);
                    up.setString(3, status);
                    up.setTimestamp(4, (Timestamp) p[1]);
                    up.executeUpdate();
                }
                for (Object[] r : chosen) {
                    up.setTimestamp(1, Timestamp.from(leaseUntil));
                    up.setString(2, (String) r[0]);
                    up.setString(3, status);
                    up.setTimestamp(4, (Timestamp) r[5]);
                    if (up.executeUpdate() == 1) {
                        String b = bodies.get((String) r[3]);
                        if (b == null) {
                            body.setString(1, (String) r[3]);
                            try (ResultSet rs = body.executeQuery()) {
                                if (rs.next()) {
                                    b = rs.getString(1);
                                    bodies.put((String) r[3], b);
                                }
                            }
                        }
                        out.add(new Claimed((String) r[0], (String) r[1], (Integer) r[2], (String) r[3], (Integer) r[4], b,
                                ((Timestamp) r[6]).toInstant()));
                    }
                }
                c.commit();
                // nothing leaves the hub before the rows it comes from (and this lease) are on disk
                Durability.flush(c);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return out;
    }

    /** Subscribers and channels with digest rows due now. */
    public List<Object[]> dueDigests(Instant now) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT d.subscriber_id, d.channel FROM delivery d "
                     + "JOIN subscriber s ON s.id = d.subscriber_id AND s.enabled = TRUE "
                     + "WHERE d.status = 'digest' AND d.next_attempt_at <= ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Object[]{rs.getString(1), rs.getInt(2)});
                }
            }
        }
        return out;
    }

    /** Leases every due digest row of one subscriber channel, oldest first. */
    public List<Claimed> claimDigest(String subscriberId, int channel, Instant now, Instant leaseUntil) throws SQLException {
        List<Claimed> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.event_id, d.attempts, d.next_attempt_at, "
                        + "d.created_at, e.body FROM delivery d JOIN delivery_event e ON e.id = d.event_id "
                        + "WHERE d.subscriber_id = ? AND d.channel = ? AND d.status = 'digest' AND d.next_attempt_at <= ? "
                        + "ORDER BY d.created_at")) {
                    ps.setString(1, subscriberId);
                    ps.setInt(2, channel);
                    ps.setTimestamp(3, Timestamp.from(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Object[]{rs.getString(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4),
                                    rs.getTimestamp(5), rs.getString(6)});
                        }
                    }
                }
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE delivery SET next_attempt_at = ? WHERE id = ? AND status = 'digest' AND next_attempt_at = ?")) {
                    for (Object[] r : rows) {
                        up.setTimestamp(1, Timestamp.from(leaseUntil));
                        up.setString(2, (String) r[0]);
                        up.setTimestamp(3, (Timestamp) r[3]);
                        if (up.executeUpdate() == 1) {
                            out.add(new Claimed((String) r[0], subscriberId, channel, (String) r[1], (Integer) r[2],
                                    (String) r[5], ((Timestamp) r[4]).toInstant()));
                        }
                    }
                }
                c.commit();
                Durability.flush(c);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return out;
    }

    /** Done: never sent again. */
    public void delivered(String id) throws SQLException {
        exec("UPDATE delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                Timestamp.from(Instant.now()), id);
    }

    /** A delivery waiting for the group commit that records it. */
    private record Done(String id, java.util.concurrent.CompletableFuture<Void> recorded) {
    }

    /**
     * Done: never sent again. Recorded by a group commit ({@link #flushDelivered}): the caller
     * waits until its row is committed together with those of the other workers finishing at the
     * same time, so one commit serves many deliveries while a crash can only re-send (with the
     * same id) what was in flight.
     */
    public void deliveredGrouped(String id) throws SQLException {
        Done d = new Done(id, new java.util.concurrent.CompletableFuture<>());
        doneQueue.add(d);
        try {
            d.recorded().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new SQLException("delivery " + id + " not recorded within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while recording delivery " + id);
        }
    }

    /**
     * Waits up to {@code waitMillis} for finished deliveries, then records all those waiting in one
     * transaction and releases their workers; returns how many.
     */
    public int flushDelivered(long waitMillis) throws SQLException, InterruptedException {
        Done first = doneQueue.poll(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        List<Done> batch = new ArrayList<>();
        batch.add(first);
        doneQueue.drainTo(batch, 4999);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery SET status = 'delivered', attempts = attempts + 1, "
                    + "delivered_at = ?, last_error = NULL WHERE id = ?")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (Done d : batch) {
                    ps.setTimestamp(1, now);
                    ps.setString(2, d.id());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                Durability.flush(c);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            batch.forEach(d -> d.recorded().completeExceptionally(e));
            throw e;
        }
        batch.forEach(d -> d.recorded().complete(null));
        return batch.size();
    }

    /** Failed; try again at {@code next} (status kept: pending or digest). */
    public void retry(String id, Instant next, String error) throws SQLException {
        exec("UPDATE delivery SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                Timestamp.from(next), cut(error), id);
    }

    /** Failed for the last time: to the dead letter list. */
    public void dead(String id, String error) throws SQLException {
        exec("UPDATE delivery SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?", cut(error), id);
    }

    /** Not to be delivered (subscriber deleted, channel unsubscribed). */
    public void dropped(String id, String why) throws SQLException {
        exec("UPDATE delivery SET status = 'dropped', last_error = ? WHERE id = ?", cut(why), id);
    }

    /** Puts a dead (or dropped) delivery back in the queue with a fresh schedule; same id. False when no such row. */
    public boolean redeliver(String id) throws SQLException {
        return exec("UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL "
                + "WHERE id = ? AND status IN ('dead', 'dropped')", Timestamp.from(Instant.now()), id) == 1;
    }

    /** Deliveries by status (and subscriber, when given), newest first. */
    public List<Row> list(String status, String subscriberId, int limit) throws SQLException {
        return list(status, subscriberId, null, limit);
    }

    /**
     * Deliveries newest first, each criterion applied when not null: status, subscriber, and the
     * item's URI (every delivery of every event of that item; index delivery_event_item).
     */
    public List<Row> list(String status, String subscriberId, String itemUri, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT d.id, d.subscriber_id, d.channel, d.event_id, e.event, e.item_uri, "
                + "d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.delivered_at FROM delivery d "
                + "JOIN delivery_event e ON e.id = d.event_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND d.status = ?");
            args.add(status);
        }
        if (subscriberId != null) {
            sql.append(" AND d.subscriber_id = ?");
            args.add(subscriberId);
        }
        if (itemUri != null) {
            sql.append(" AND e.item_uri = ?");
            args.add(cut(itemUri)); // stored cut to 2000 characters (enqueue), so looked up the same way
        }
        sql.append(" ORDER BY d.created_at DESC FETCH FIRST ").append(Math.max(1, Math.min(limit, 1000))).append(" ROWS ONLY");
        List<Row> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), inst(rs.getTimestamp(9)), rs.getString(10),
                            inst(rs.getTimestamp(11)), inst(rs.getTimestamp(12))));
                }
            }
        }
        return out;
    }

    /** Envelopes of the last {@code limit} delivered rows of one subscriber channel, newest first (Atom feed). */
    public List<String> lastDelivered(String subscriberId, int channel, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT e.body FROM delivery d JOIN delivery_event e ON e.id = d.event_id "
                     + "WHERE d.subscriber_id = ? AND d.channel = ? AND d.status = 'delivered' "
                     + "ORDER BY d.delivered_at DESC, d.created_at DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setString(1, subscriberId);
            ps.setInt(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Deletes delivered and dropped rows created before {@code before}, then the events no row
     * refers to any more; dead and pending rows are kept whatever their age. Returns rows deleted.
     */
    public int purge(Instant before) throws SQLException {
        Timestamp t = Timestamp.from(before);
        int n = exec("DELETE FROM delivery WHERE status IN ('delivered', 'dropped') AND created_at < ?", t);
        n += exec("DELETE FROM delivery_event WHERE created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM delivery d WHERE d.event_id = delivery_event.id)", t);
        bodies.clear();
        return n;
    }

    /** Rows per status (benchmark, health). */
    public Map<String, Long> counts() throws SQLException {
        Map<String, Long> m = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM delivery GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }

    private int exec(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            int n = ps.executeUpdate();
            Durability.flush(c); // a delivery's outcome is on disk before the worker moves on
            return n;
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static Instant inst(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
