package io.wirehub.store;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Makes committed transactions durable before the hub acts on them outside the database (an inbox
 * file moved, a feed marked read, a delivery sent, an API call answered).
 *
 * <p>Why it exists: the hub's embedded H2 runs with a short write delay ({@code WRITE_DELAY}, see
 * {@code StoreConfiguration.H2_OPTIONS}), so a commit returns once it is committed in memory and H2's writer
 * stores it a moment later. With {@code WRITE_DELAY=0} every commit stored the whole set of pages
 * it changed, inside the caller's commit: the ingest group commit held its lock through that write,
 * and each of those stores rewrote the same index pages again. A {@linkplain #flush() flush}
 * stores everything committed so far, outside any of the hub's locks, so one store serves all the
 * feed threads that finished meanwhile, and the next items are written while it runs.
 *
 * <p>On PostgreSQL (and any database other than an embedded H2 file) a commit is durable when it
 * returns, and a flush does nothing.
 */
public final class Durability {
    private static final Durability NONE = new Durability(null);

    private final MVStore store;

    private Durability(MVStore store) {
        this.store = store;
    }

    /** The durability of the database behind {@code c} (looked up once: keep it for the connection's database). */
    public static Durability of(Connection c) throws SQLException {
        MVStore store = StoreMaintenance.h2Store(c);
        return store == null ? NONE : new Durability(store);
    }

    /** Stores what is committed on {@code c}'s database now (a no-op when commits are durable by themselves). */
    public static void flush(Connection c) throws SQLException {
        of(c).flush();
    }

    /**
     * Returns once every transaction committed before the call is on disk. Several threads flushing
     * at once share the stores: a caller arriving during a store waits for it, then stores what was
     * committed since (nothing, if that store took it).
     *
     * @throws SQLException the store failed or was closed: what was committed may not be on disk
     */
    public void flush() throws SQLException {
        if (store == null || store.getAutoCommitDelay() == 0) {
            return; // PostgreSQL, or H2 storing at every commit (WRITE_DELAY=0)
        }
        if (store.isClosed()) {
            throw new SQLException("the H2 store is closed: committed changes may not be on disk");
        }
        // H2 swallows an interrupt while it waits for its queues (and may then return before they are
        // written): flush uninterrupted, and hand the interrupt back afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            store.commit();
            // H2's own writer stores in the background: it may have taken our commit into a chunk that
            // is still queued for writing, in which case commit() found nothing left to store and
            // returned at once. Wait for H2's serialization and write queues to drain.
            store.executeFilestoreOperation(() -> {
            });
        } catch (MVStoreException e) {
            throw new SQLException("the H2 store could not write committed changes: " + e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (store.isClosed()) { // a failed store panics and closes the store rather than throwing
            throw new SQLException("the H2 store was closed while writing committed changes");
        }
    }

    /** True for an embedded H2 store that stores commits later (a flush has work to do). */
    public boolean delayed() {
        return store != null && store.getAutoCommitDelay() > 0;
    }
}
