package io.wirehub.store;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the embedded H2 file bounded. H2's own writer compacts the file between its stores, but
 * only with a write delay (with {@code WRITE_DELAY=0} it does not run at all) and only a little at
 * a time while the store is busy; at full speed it falls behind. H2's store is append-only: every store writes the pages it changed into a new
 * chunk, and a chunk's space is reused only once none of its pages is live. A new item changes a
 * few index pages that are rewritten again seconds later, and a row page that lives until the
 * retention purge, so every chunk stays partly live and, without compaction, the file grows by
 * every byte ever written (several gigabytes a minute at full speed, measured by {@code bench dedupe}).
 *
 * <p>{@link #compact()} does what H2's writer would: when the live share of the chunks is under
 * the target, it moves the live pages of the emptiest chunks (up to a write budget) into a new
 * chunk, so the old ones become free and are reused once H2's retention time (45 s, the time given
 * to the file system to flush) has passed. It reaches H2's store through H2's own classes: no SQL
 * statement does this while the database is open. On PostgreSQL it does nothing (vacuum is the
 * server's business).
 */
public final class StoreMaintenance {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
    /** Defaults of {@code wirehub.store.compact-interval}, {@code compact-fill-rate} and {@code compact-max-bytes}. */
    public static final int DEFAULT_INTERVAL_MS = 1000;
    public static final int DEFAULT_FILL_RATE = 50;
    public static final int DEFAULT_MAX_BYTES = 4_000_000;

    private final DataSource ds;
    private final int targetFillRate;
    private final int writeBytes;
    private long passes;
    private long rewrites;

    /**
     * @param targetFillRate live share of the chunks (percent) under which chunks are rewritten
     * @param writeBytes     live bytes moved per pass at most (a pass holds H2's store lock: commits wait)
     */
    public StoreMaintenance(DataSource ds, int targetFillRate, int writeBytes) {
        this.ds = ds;
        this.targetFillRate = Math.max(1, Math.min(99, targetFillRate));
        this.writeBytes = Math.max(1 << 20, writeBytes);
    }

    /** One pass (route step of {@code store-maintenance}); true when chunks were rewritten. */
    public synchronized boolean compact() throws SQLException {
        try (Connection c = ds.getConnection()) {
            MVStore store = h2Store(c);
            if (store == null || store.isClosed()) {
                return false;
            }
            passes++;
            boolean moved;
            try {
                moved = store.compact(targetFillRate, writeBytes);
            } catch (RuntimeException e) {
                // H2 reports store trouble unchecked (closing under us, disk full): say it, try again next step
                LOG.warn("store compaction step failed: {}", e.toString());
                return false;
            }
            if (moved) {
                rewrites++;
                LOG.debug("store compaction: chunks {}% live, file {}% used, {} MB", store.getFileStore().getChunksFillRate(),
                        store.getFillRate(), store.getFileStore().size() >> 20);
            }
            return moved;
        }
    }

    /** Passes run and passes that rewrote chunks, for the benchmark and tests. */
    public synchronized long[] stats() {
        return new long[]{passes, rewrites};
    }

    /** Live share (percent) of the chunks of the H2 store behind {@code ds}, or -1 when it is not an embedded H2. */
    public static int chunksFillRate(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            MVStore store = h2Store(c);
            return store == null ? -1 : store.getFileStore().getChunksFillRate();
        }
    }

    /** The embedded H2 store of a connection, or null (PostgreSQL, an H2 server over TCP, an in-memory H2). */
    static MVStore h2Store(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Session session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || !local.getDatabase().isPersistent()) {
            return null;
        }
        org.h2.mvstore.db.Store store = local.getDatabase().getStore();
        return store == null ? null : store.getMvStore();
    }
}
