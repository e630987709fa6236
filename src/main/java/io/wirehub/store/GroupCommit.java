package io.wirehub.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the item pipeline: the items of every feed thread are written through one
 * connection into one open transaction, which is committed once it holds {@code maxItems} items,
 * once it is {@code maxDelay} old, or when a document that wrote into it ends.
 *
 * <p>Why: a commit is the expensive part of recording an item (on H2 making it durable rewrites
 * the pages it touched; on PostgreSQL every commit is a WAL flush), so a
 * commit per item caps the hub at a few thousand items a second. Why it is still safe: an item
 * counts as seen, and is delivered, only once committed; a crash before the commit loses the
 * uncommitted items' state and their outbox rows together, and since the document they came from
 * is only marked done (feed validators saved, inbox file moved) after its {@link Ticket} was
 * {@linkplain #finish(Ticket) finished}, the document is read again and those items decided again.
 *
 * <p>Each item writes inside a savepoint, so one failing item is rolled back alone and the others
 * of the group stay. All writes go through one connection in turn (a lock), so two feed threads
 * never hold conflicting row locks in two open transactions.
 *
 * <p>On the embedded H2 a commit is made durable by a {@linkplain Durability#flush() flush}, which
 * a document's {@link #finish(Ticket)} runs after the lock is released: while one feed thread waits
 * for the store of its items, the others go on writing theirs into the next transaction, and one
 * store serves every document that finished meanwhile.
 */
public final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** An item's writes, run on the group's connection inside a savepoint. */
    @FunctionalInterface
    public interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Told what became of an item's writes. */
    public interface Outcome {
        /** The group that holds the item's writes was committed. */
        void committed();

        /** The group was rolled back (the item was not recorded; its document is read again). */
        default void rolledBack() {
        }
    }

    /** One transaction's worth of items. */
    private static final class Group {
        final long opened = System.nanoTime();
        final List<Outcome> outcomes = new ArrayList<>();
        /** Documents that wrote into the group, and how many of them have ended. */
        final java.util.Set<Ticket> tickets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int ended;
        int items;
        /** Read without the lock by {@link #finish} (a document whose group another one committed). */
        volatile boolean done;
        volatile SQLException failure;
    }

    /** What one document wrote: the groups its items joined; finished when the document ends. */
    public static final class Ticket {
        private Group last;
        private SQLException failure;
        /** Items the document wrote (in all its groups). */
        private int items;
    }

    /** Defaults of {@code wirehub.store.commit-max-items} and {@code commit-max-delay}. */
    public static final int DEFAULT_MAX_ITEMS = 200;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);

    private final DataSource ds;
    private final int maxItems;
    private final long maxDelayNanos;
    /** Documents and groups smaller than this wait at the document's end for the others writing into the group. */
    private final int shareBelow;
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition groupDone = lock.newCondition();
    private Connection conn;
    /** How commits on {@link #conn}'s database are made durable (read outside the lock). */
    private volatile Durability durability;
    private Group open;
    private long commits;
    private long committedItems;

    /**
     * @param maxItems items per transaction at most (1 = a commit per item)
     * @param maxDelay age of the open transaction past which the next item commits it
     */
    public GroupCommit(DataSource ds, int maxItems, Duration maxDelay) {
        this.ds = ds;
        this.maxItems = Math.max(1, maxItems);
        this.maxDelayNanos = maxDelay.toNanos();
        this.shareBelow = Math.max(2, this.maxItems / 8);
    }

    /** A ticket for a document about to be processed. */
    public Ticket begin() {
        return new Ticket();
    }

    /**
     * Runs an item's writes in the open transaction (opening one if needed). If they fail, they are
     * rolled back alone and the exception is thrown; the other items of the group are kept.
     *
     * @param ticket  the document's ticket, or null for an item outside any document (committed at once)
     * @param outcome told after the commit or rollback, or null
     */
    public void write(Ticket ticket, Work work, Outcome outcome) throws SQLException {
        Group g;
        lock.lock();
        try {
            g = openGroup();
            Savepoint sp = conn.setSavepoint();
            try {
                work.run(conn);
            } catch (SQLException | RuntimeException e) {
                try {
                    conn.rollback(sp);
                } catch (SQLException broken) {
                    // the transaction cannot go on: every item in it is lost, their documents will say so
                    fail(g, broken);
                }
                if (outcome != null) {
                    outcome.rolledBack();
                }
                throw e;
            }
            releaseQuietly(sp);
            g.items++;
            if (outcome != null) {
                g.outcomes.add(outcome);
            }
            if (ticket != null) {
                joined(ticket, g);
                ticket.items++;
            }
            if (ticket == null || g.items >= maxItems || System.nanoTime() - g.opened >= maxDelayNanos) {
                commit(g);
            }
        } finally {
            lock.unlock();
        }
        if (ticket == null) {
            if (g.failure != null) {
                throw new SQLException("the item's transaction failed: " + g.failure.getMessage(), g.failure);
            }
            durability().flush();
        }
    }

    /**
     * The document ended: commits what it wrote (with whatever other documents wrote meanwhile) and
     * throws if any of its items was lost to a failed transaction, so that the document is not
     * marked done and is read again.
     */
    public void finish(Ticket ticket) throws SQLException {
        Group g = ticket.last;
        if (g != null && !g.done) {
            lock.lock();
            try {
                g.ended++;
                // A small document (a feed with a few new items) ending in a small group waits a little for
                // the other documents still writing into it, so they share one commit (at most until the
                // group is maxDelay old). A document of shareBelow items or more, or a group that large,
                // commits at once: a commit's fixed cost is then a small part of it, and a feed thread
                // waiting on another one is a core left idle.
                long left;
                while (!g.done && g.items < shareBelow && ticket.items < shareBelow && g.ended < g.tickets.size()
                        && (left = maxDelayNanos - (System.nanoTime() - g.opened)) > 0) {
                    try {
                        groupDone.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (!g.done) {
                    commit(g);
                }
            } finally {
                lock.unlock();
            }
        }
        if (g != null && g.failure != null && ticket.failure == null) {
            ticket.failure = g.failure;
        }
        if (ticket.failure != null) {
            throw new SQLException("the transaction holding items of this document failed, the document will be read again: "
                    + ticket.failure.getMessage(), ticket.failure);
        }
        // Always, even for a document that wrote nothing: its items may have been dropped as already seen
        // on the strength of another document's commit that is not stored yet. Outside the lock: the
        // other documents write their items meanwhile.
        try {
            durability().flush();
        } catch (SQLException e) {
            throw new SQLException("the items of this document were committed but could not be stored, the document will be read again: "
                    + e.getMessage(), e);
        }
    }

    /** How commits on this database are made durable (looked up once, on a connection of the pool). */
    private Durability durability() throws SQLException {
        Durability d = durability;
        if (d == null) {
            try (Connection c = ds.getConnection()) {
                d = Durability.of(c);
            }
            durability = d;
        }
        return d;
    }

    /** Transactions committed so far and the items they held. */
    public long[] stats() {
        lock.lock();
        try {
            return new long[]{commits, committedItems};
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- under the lock

    private Group openGroup() throws SQLException {
        if (open != null) {
            return open;
        }
        if (conn == null) {
            Connection c = ds.getConnection();
            try {
                c.setAutoCommit(false);
                if (durability == null) {
                    durability = Durability.of(c);
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            conn = c;
        }
        open = new Group();
        return open;
    }

    /** A ticket moves on to group {@code g}: the previous group it joined is done by now; its failure is kept. */
    private static void joined(Ticket t, Group g) {
        if (t.last != null && t.last != g && t.last.failure != null && t.failure == null) {
            t.failure = t.last.failure;
        }
        t.last = g;
        g.tickets.add(t);
    }

    private void commit(Group g) {
        if (g.done) {
            return;
        }
        try {
            conn.commit();
            g.done = true;
            groupDone.signalAll();
            open = null;
            commits++;
            committedItems += g.items;
            for (Outcome o : g.outcomes) {
                try {
                    o.committed();
                } catch (RuntimeException e) {
                    LOG.warn("after commit: {}", e.toString());
                }
            }
        } catch (SQLException e) {
            fail(g, e);
        }
    }

    /** The group's transaction is lost: roll back, tell its items, and start over on a new connection. */
    private void fail(Group g, SQLException e) {
        LOG.error("a group commit of {} item(s) failed, their documents will be read again: {}", g.items, e.toString());
        g.failure = e;
        g.done = true;
        groupDone.signalAll();
        open = null;
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is discarded below
        }
        // A connection whose transaction could not go on is not given back to the pool for reuse.
        if (ds instanceof com.zaxxer.hikari.HikariDataSource pool) {
            pool.evictConnection(conn);
            conn = null;
        }
        closeQuietly();
        for (Outcome o : g.outcomes) {
            try {
                o.rolledBack();
            } catch (RuntimeException ex) {
                LOG.warn("after rollback: {}", ex.toString());
            }
        }
    }

    private void releaseQuietly(Savepoint sp) {
        try {
            conn.releaseSavepoint(sp);
        } catch (SQLException | UnsupportedOperationException ignored) {
            // not every driver releases savepoints; they end with the transaction anyway
        }
    }

    private void closeQuietly() {
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException ignored) {
            // a broken connection is evicted by the pool
        }
        conn = null;
    }

    /** Commits what is open and returns the connection to the pool. */
    public void close() {
        lock.lock();
        try {
            if (open != null) {
                commit(open);
            }
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }
}
