package io.wirehub.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** WebSub subscriptions, one per polled feed, kept across restarts (table websub_subscription). */
public final class WebSubStore {
    /** Subscription states. */
    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String DENIED = "denied";
    public static final String FAILED = "failed";

    private static final String COLS = "feed_id, hub_url, topic, secret, state, lease_seconds, requested_at, verified_at, expires_at, renewals, last_error";
    private final DataSource ds;

    public WebSubStore(DataSource ds) {
        this.ds = ds;
    }

    /** One subscription; mutable, saved back with {@link #save}. */
    public static final class Subscription {
        public final String feedId;
        public String hubUrl;
        public String topic;
        public String secret;
        public String state;
        public Long leaseSeconds;
        public Instant requestedAt;
        public Instant verifiedAt;
        public Instant expiresAt;
        public int renewals;
        public String lastError;

        public Subscription(String feedId) {
            this.feedId = feedId;
        }

        /** Active and its lease not run out at {@code now}. */
        public boolean isLive(Instant now) {
            return ACTIVE.equals(state) && expiresAt != null && now.isBefore(expiresAt);
        }
    }

    public Subscription load(String feedId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM websub_subscription WHERE feed_id = ?")) {
            ps.setString(1, feedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read WebSub subscription of " + feedId + ": " + e.getMessage(), e);
        }
    }

    public List<Subscription> all() {
        List<Subscription> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM websub_subscription ORDER BY feed_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list WebSub subscriptions: " + e.getMessage(), e);
        }
    }

    public void save(Subscription s) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM websub_subscription WHERE feed_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO websub_subscription (" + COLS
                         + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setString(1, s.feedId);
                del.executeUpdate();
                ins.setString(1, s.feedId);
                ins.setString(2, s.hubUrl);
                ins.setString(3, s.topic);
                ins.setString(4, s.secret);
                ins.setString(5, s.state);
                setLong(ins, 6, s.leaseSeconds);
                ins.setLong(7, (s.requestedAt == null ? Instant.now() : s.requestedAt).toEpochMilli());
                setLong(ins, 8, s.verifiedAt == null ? null : s.verifiedAt.toEpochMilli());
                setLong(ins, 9, s.expiresAt == null ? null : s.expiresAt.toEpochMilli());
                ins.setInt(10, s.renewals);
                ins.setString(11, s.lastError == null ? null : s.lastError.substring(0, Math.min(2000, s.lastError.length())));
                ins.executeUpdate();
                c.commit();
                Durability.flush(c); // the secret is on disk before the hub is told it
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save WebSub subscription of " + s.feedId + ": " + e.getMessage(), e);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Subscription read(ResultSet rs) throws SQLException {
        Subscription s = new Subscription(rs.getString(1));
        s.hubUrl = rs.getString(2);
        s.topic = rs.getString(3);
        s.secret = rs.getString(4);
        s.state = rs.getString(5);
        long lease = rs.getLong(6);
        s.leaseSeconds = rs.wasNull() ? null : lease;
        s.requestedAt = Instant.ofEpochMilli(rs.getLong(7));
        long v = rs.getLong(8);
        s.verifiedAt = rs.wasNull() ? null : Instant.ofEpochMilli(v);
        long e = rs.getLong(9);
        s.expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(e);
        s.renewals = rs.getInt(10);
        s.lastError = rs.getString(11);
        return s;
    }
}
