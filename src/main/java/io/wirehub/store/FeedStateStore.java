package io.wirehub.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Polling state and health of each feed, persisted so a restart keeps validators and backoff. */
public final class FeedStateStore {
    private final DataSource ds;
    /** PostgreSQL: due feeds are claimed with one UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING. */
    private final boolean postgres;
    /** The columns of migration V40 (feed health), in bind order 10-20. */
    private static final String EXTRA = "last_items, overflowing, overflow_count, speedup, usual_gap_ms, last_new_item_at, "
            + "recent_items, lenient, failing_since, alerted, alerted_at";

    public FeedStateStore(DataSource ds) {
        this(ds, false);
    }

    /**
     * @param postgres true on PostgreSQL: {@link #claimDue} then claims a batch in one statement;
     *                 otherwise (H2) it reads the due feeds, then claims each with a conditional UPDATE
     */
    public FeedStateStore(DataSource ds, boolean postgres) {
        this.ds = ds;
        this.postgres = postgres;
    }

    /** One feed's state. Mutable: the poller updates it and saves it back. */
    public static final class State {
        public final String feedId;
        public String etag;
        public String lastModified;
        public int errorCount;
        public String lastError;
        public Instant lastErrorAt;
        public Instant lastSuccessAt;
        public Instant nextAttemptAt;
        public int malformedCount;
        public long itemsTotal;
        /** Hashes of the previous poll's items (see {@code io.wirehub.ingest.FeedPolling}). */
        public String lastItems;
        public boolean overflowing;
        public int overflowCount;
        /** The interval is divided by this while the feed overflows. */
        public int speedup = 1;
        public Long usualGapMs;
        public Instant lastNewItemAt;
        /** New items per hour over the last day: "epochHour:count,...". */
        public String recentItems;
        public boolean lenient;
        public Instant failingSince;
        public String alerted;
        public Instant alertedAt;
        /**
         * The interval the feed is polled at now, in ms (written with the state): a claim moves the
         * feed's next poll this far on, so a node that dies mid-poll leaves it due one interval later.
         */
        public Long pollIntervalMs;

        public State(String feedId) {
            this.feedId = feedId;
        }
    }

    /** The stored state, or a fresh one. */
    public State load(String feedId) {
        return refresh(new State(feedId));
    }

    /**
     * Reads the stored state into {@code s} (kept as is when the feed has no row yet) and returns
     * it: in a cluster another node may have polled the feed since this one last looked.
     */
    public State refresh(State s) {
        String feedId = s.feedId;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT etag, last_modified, error_count, last_error, last_error_at, "
                     + "last_success_at, next_attempt_at, malformed_count, items_total, " + EXTRA + " FROM feed_state WHERE feed_id = ?")) {
            ps.setString(1, feedId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) synchronized (s) {
                    s.etag = rs.getString(1);
                    s.lastModified = rs.getString(2);
                    s.errorCount = rs.getInt(3);
                    s.lastError = rs.getString(4);
                    s.lastErrorAt = instant(rs.getTimestamp(5));
                    s.lastSuccessAt = instant(rs.getTimestamp(6));
                    s.nextAttemptAt = instant(rs.getTimestamp(7));
                    s.malformedCount = rs.getInt(8);
                    s.itemsTotal = rs.getLong(9);
                    s.lastItems = rs.getString(10);
                    s.overflowing = rs.getBoolean(11);
                    s.overflowCount = rs.getInt(12);
                    s.speedup = Math.max(1, rs.getInt(13));
                    long gap = rs.getLong(14);
                    s.usualGapMs = rs.wasNull() ? null : gap;
                    s.lastNewItemAt = instant(rs.getTimestamp(15));
                    s.recentItems = rs.getString(16);
                    s.lenient = rs.getBoolean(17);
                    s.failingSince = instant(rs.getTimestamp(18));
                    s.alerted = rs.getString(19);
                    s.alertedAt = instant(rs.getTimestamp(20));
                }
            }
            return s;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read state of feed " + feedId + ": " + e.getMessage(), e);
        }
    }

    /** Writes the whole state (the lease, if any, is left as it is). */
    public void save(State s) {
        save(s, false);
    }

    /**
     * Writes the whole state after a poll and, when {@code release}, ends this poll's lease (see
     * {@link #claim}) so the feed is free for the node that finds it due next.
     */
    public void save(State s, boolean release) {
        try (Connection c = ds.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET etag=?, last_modified=?, error_count=?, "
                    + "last_error=?, last_error_at=?, last_success_at=?, next_attempt_at=?, malformed_count=?, items_total=?, "
                    + "last_items=?, overflowing=?, overflow_count=?, speedup=?, usual_gap_ms=?, last_new_item_at=?, recent_items=?, "
                    + "lenient=?, failing_since=?, alerted=?, alerted_at=?, poll_interval_ms=COALESCE(?, poll_interval_ms)"
                    + (release ? ", leased_by=NULL, lease_until=NULL" : "") + " WHERE feed_id=?")) {
                bind(ps, s);
                if (s.pollIntervalMs == null) {
                    ps.setNull(21, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(21, s.pollIntervalMs);
                }
                ps.setString(22, s.feedId);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_state (etag, last_modified, error_count, "
                        + "last_error, last_error_at, last_success_at, next_attempt_at, malformed_count, items_total, " + EXTRA
                        + ", feed_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    bind(ps, s);
                    ps.setString(21, s.feedId);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save state of feed " + s.feedId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Claims the feed's next poll for {@code node}: one conditional UPDATE that succeeds on one node
     * only, when the feed is due ({@code next_attempt_at} passed, unless {@code force}) and no other
     * poll holds it ({@code lease_until} passed). It moves {@code next_attempt_at} to {@code nextAt}
     * (the feed's interval on) and holds the feed until {@code leaseUntil}: a node that dies with the
     * claim leaves the feed to the others once both have passed. The row is created when missing.
     *
     * @return true when this node polls the feed now
     */
    public boolean claim(String feedId, String node, Instant now, Instant nextAt, Instant leaseUntil, boolean force) {
        try (Connection c = ds.getConnection()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET leased_by=?, lease_until=?, next_attempt_at=? "
                        + "WHERE feed_id=? AND (lease_until IS NULL OR lease_until <= ?)"
                        + (force ? "" : " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"))) {
                    ps.setString(1, cut(node, 200));
                    ps.setTimestamp(2, ts(leaseUntil));
                    ps.setTimestamp(3, ts(nextAt));
                    ps.setString(4, feedId);
                    ps.setTimestamp(5, ts(now));
                    if (!force) {
                        ps.setTimestamp(6, ts(now));
                    }
                    if (ps.executeUpdate() == 1) {
                        return true;
                    }
                }
                if (attempt == 0 && !exists(c, feedId)) {
                    // A feed never polled has no row: create it (another node may do so at the same time).
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO feed_state (feed_id) VALUES (?)")) {
                        ins.setString(1, feedId);
                        ins.executeUpdate();
                    } catch (SQLException dup) {
                        // created meanwhile by another node: claim it like any row
                    }
                    continue;
                }
                return false;
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim feed " + feedId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the feed table match the configuration: the feeds given (id to interval in ms) are
     * active, with a row each (a new feed is due at once), and every other row is inactive (a feed
     * removed from feeds.yaml or disabled keeps its history but is never claimed). Writes only what
     * differs, so a node restarted with the same configuration writes nothing.
     *
     * @return how many rows were added, activated or deactivated
     */
    public int sync(java.util.Map<String, Long> active, Instant now) {
        try (Connection c = ds.getConnection()) {
            java.util.Map<String, Boolean> rows = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT feed_id, active FROM feed_state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getBoolean(2));
                }
            }
            java.util.List<String> insert = new java.util.ArrayList<>();
            java.util.List<String> activate = new java.util.ArrayList<>();
            java.util.List<String> deactivate = new java.util.ArrayList<>();
            for (String id : active.keySet()) {
                Boolean a = rows.get(id);
                if (a == null) {
                    insert.add(id);
                } else if (!a) {
                    activate.add(id);
                }
            }
            rows.forEach((id, a) -> {
                if (a && !active.containsKey(id)) {
                    deactivate.add(id);
                }
            });
            c.setAutoCommit(false);
            try {
                // Another node may add the same new feed at the same moment: PostgreSQL skips it.
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_state (feed_id, next_attempt_at, poll_interval_ms) "
                        + "VALUES (?, ?, ?)" + (postgres ? " ON CONFLICT (feed_id) DO NOTHING" : ""))) {
                    for (String id : insert) {
                        ps.setString(1, id);
                        ps.setTimestamp(2, ts(now));
                        ps.setLong(3, active.get(id));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET active=?, poll_interval_ms=COALESCE(?, poll_interval_ms), "
                        + "next_attempt_at=COALESCE(next_attempt_at, ?) WHERE feed_id=?")) {
                    for (String id : activate) {
                        ps.setBoolean(1, true);
                        ps.setLong(2, active.get(id));
                        ps.setTimestamp(3, ts(now));
                        ps.setString(4, id);
                        ps.addBatch();
                    }
                    for (String id : deactivate) {
                        ps.setBoolean(1, false);
                        ps.setNull(2, java.sql.Types.BIGINT);
                        ps.setTimestamp(3, ts(now));
                        ps.setString(4, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                // rows of an earlier release may have no schedule yet: due now (the claim reads the index in order)
                try (PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET next_attempt_at=? WHERE next_attempt_at IS NULL")) {
                    ps.setTimestamp(1, ts(now));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return insert.size() + activate.size() + deactivate.size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the configured feeds: " + e.getMessage(), e);
        }
    }

    /**
     * Claims up to {@code limit} due feeds for {@code node} (active, {@code next_attempt_at} passed,
     * no live lease): each claimed feed is held until {@code leaseUntil} and its next poll moved one
     * interval on ({@code poll_interval_ms}), as {@link #claim} does for one feed. On PostgreSQL one
     * statement ({@code UPDATE ... WHERE feed_id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n)
     * RETURNING}): nodes claiming at once skip each other's rows instead of waiting on them.
     * Elsewhere (H2, one node), {@link #claimDueEach}.
     *
     * @return the ids of the feeds this node polls now, earliest due first
     */
    public java.util.List<String> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
        if (!postgres) {
            return claimDueEach(node, now, leaseUntil, limit);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET leased_by=?, lease_until=?, "
                     + "next_attempt_at = CAST(? AS TIMESTAMP) + COALESCE(poll_interval_ms, 60000) * INTERVAL '1 millisecond' "
                     + "WHERE feed_id IN (SELECT feed_id FROM feed_state WHERE active AND next_attempt_at <= ? "
                     + "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                     + "RETURNING feed_id, next_attempt_at")) {
            ps.setString(1, cut(node, 200));
            ps.setTimestamp(2, ts(leaseUntil));
            ps.setTimestamp(3, ts(now));
            ps.setTimestamp(4, ts(now));
            ps.setTimestamp(5, ts(now));
            ps.setInt(6, limit);
            java.util.List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim due feeds: " + e.getMessage(), e);
        }
    }

    /**
     * The portable claim (H2; on PostgreSQL the baseline of {@code bench cluster}): reads up to
     * {@code limit} due feeds in {@code next_attempt_at} order, then claims each with the conditional
     * UPDATE of {@link #claim}, all in one batch; a feed another node claimed in between is skipped.
     */
    public java.util.List<String> claimDueEach(String node, Instant now, Instant leaseUntil, int limit) {
        try (Connection c = ds.getConnection()) {
            java.util.List<String> ids = new java.util.ArrayList<>();
            java.util.List<Long> intervals = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT feed_id, poll_interval_ms FROM feed_state WHERE active "
                    + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at "
                    + "FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        long ms = rs.getLong(2);
                        intervals.add(rs.wasNull() ? 60_000L : ms);
                    }
                }
            }
            if (ids.isEmpty()) {
                return ids;
            }
            int[] n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET leased_by=?, lease_until=?, next_attempt_at=? "
                    + "WHERE feed_id=? AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(1, cut(node, 200));
                    ps.setTimestamp(2, ts(leaseUntil));
                    ps.setTimestamp(3, ts(now.plusMillis(intervals.get(i))));
                    ps.setString(4, ids.get(i));
                    ps.setTimestamp(5, ts(now));
                    ps.setTimestamp(6, ts(now));
                    ps.addBatch();
                }
                n = ps.executeBatch();
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (n[i] == 1 || n[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                    out.add(ids.get(i));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim due feeds: " + e.getMessage(), e);
        }
    }

    /** Ends {@code node}'s lease on the feed without polling it (a feed removed while claimed). */
    public void release(String feedId, String node) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET leased_by=NULL, lease_until=NULL WHERE feed_id=? AND leased_by=?")) {
            ps.setString(1, feedId);
            ps.setString(2, node);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot free feed " + feedId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Frees the polls {@code node} held: called at start, when they belonged to this node's previous
     * run (killed mid-poll), so a restarted hub polls them at once instead of after the lease.
     *
     * @return how many feeds were held
     */
    public int releaseAll(String node) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET leased_by=NULL, lease_until=NULL WHERE leased_by=?")) {
            ps.setString(1, node);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot free the feeds of node " + node + ": " + e.getMessage(), e);
        }
    }

    /**
     * Extends the leases {@code node} holds on these feeds (polls still running) to {@code until}:
     * a live node keeps its feeds however long a poll takes, so only a dead node's run out.
     */
    public void renew(String node, java.util.Collection<String> feedIds, Instant until) {
        if (feedIds.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET lease_until=? WHERE feed_id=? AND leased_by=?")) {
            for (String id : feedIds) {
                ps.setTimestamp(1, ts(until));
                ps.setString(2, id);
                ps.setString(3, node);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot renew the feed leases of node " + node + ": " + e.getMessage(), e);
        }
    }

    /** Moves the feed's next poll to {@code at} (no row yet: nothing to move, the feed is due). */
    public void dueAt(String feedId, Instant at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET next_attempt_at=? WHERE feed_id=?")) {
            ps.setTimestamp(1, ts(at));
            ps.setString(2, feedId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reschedule feed " + feedId + ": " + e.getMessage(), e);
        }
    }

    /** The node that holds the feed's poll now, or null. */
    public String leasedBy(String feedId, Instant now) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT leased_by FROM feed_state WHERE feed_id=? AND lease_until > ?")) {
            ps.setString(1, feedId);
            ps.setTimestamp(2, ts(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Records an owner alert only if no other node recorded one since {@code s} was read (a
     * compare-and-set on {@code alerted_at}): of several nodes seeing the same change, one alerts.
     */
    public boolean claimAlert(State s, String alerted, Instant at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE feed_state SET alerted=?, alerted_at=? WHERE feed_id=? AND "
                     + (s.alertedAt == null ? "alerted_at IS NULL" : "alerted_at = ?"))) {
            ps.setString(1, cut(alerted, 20));
            ps.setTimestamp(2, ts(at));
            ps.setString(3, s.feedId);
            if (s.alertedAt != null) {
                ps.setTimestamp(4, ts(s.alertedAt));
            }
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the alert of feed " + s.feedId + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String feedId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM feed_state WHERE feed_id=?")) {
            ps.setString(1, feedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bind(PreparedStatement ps, State s) throws SQLException {
        ps.setString(1, cut(s.etag, 1000));
        ps.setString(2, cut(s.lastModified, 200));
        ps.setInt(3, s.errorCount);
        ps.setString(4, cut(s.lastError, 2000));
        ps.setTimestamp(5, ts(s.lastErrorAt));
        ps.setTimestamp(6, ts(s.lastSuccessAt));
        ps.setTimestamp(7, ts(s.nextAttemptAt));
        ps.setInt(8, s.malformedCount);
        ps.setLong(9, s.itemsTotal);
        ps.setString(10, cut(s.lastItems, 20000));
        ps.setBoolean(11, s.overflowing);
        ps.setInt(12, s.overflowCount);
        ps.setInt(13, s.speedup);
        if (s.usualGapMs == null) {
            ps.setNull(14, java.sql.Types.BIGINT);
        } else {
            ps.setLong(14, s.usualGapMs);
        }
        ps.setTimestamp(15, ts(s.lastNewItemAt));
        ps.setString(16, cut(s.recentItems, 1000));
        ps.setBoolean(17, s.lenient);
        ps.setTimestamp(18, ts(s.failingSince));
        ps.setString(19, cut(s.alerted, 20));
        ps.setTimestamp(20, ts(s.alertedAt));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
