package io.wirehub.dedupe;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which stored row holds an item key or a text fingerprint, for a store that only this hub writes
 * (the embedded H2): hash of the key or fingerprint ({@link ItemKeys#hash64}) to the row's number
 * ({@code dedupe_item.row_seq}, given in arrival order).
 *
 * <p>Why not indexes: H2 writes a commit by rewriting every page it changed, with the pages above
 * it. An index of random 64-bit hashes takes each new item's entry in a random page, so on a store
 * of a million rows every new item cost two such page paths (key and fingerprint), the largest part
 * of what the store wrote per item ({@code bench dedupe}). Row numbers grow, so their index only
 * ever changes at its end. PostgreSQL keeps the hash indexes: there other nodes write too, and this
 * map could not know their rows.
 *
 * <p>Exact, not a filter: every stored row is in the map from start-up (read from the table) or
 * from its insert. An entry is a hint that the caller checks against the row (the full key or
 * fingerprint must match), so a stale entry (a rolled-back insert, a hash collision) costs a lookup,
 * never a wrong decision. Memory: two open-addressed tables of 16-byte slots, 40 to 80 bytes per
 * stored item (64 MB for a million).
 */
final class LocalRows {
    private final Long2LongOpenHashMap ids;
    private final Long2LongOpenHashMap texts;

    private LocalRows(int expected) {
        ids = new Long2LongOpenHashMap(expected);
        texts = new Long2LongOpenHashMap(expected);
    }

    /** Reads every stored row's key and fingerprint hashes. */
    static LocalRows load(Connection c) throws SQLException {
        int rows;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dedupe_item"); ResultSet rs = ps.executeQuery()) {
            rows = rs.next() ? (int) Math.min(Integer.MAX_VALUE / 4, rs.getLong(1)) : 0;
        }
        LocalRows m = new LocalRows(Math.max(1024, rows + rows / 4));
        try (PreparedStatement ps = c.prepareStatement("SELECT row_seq, key_hash, fp_hash FROM dedupe_item ORDER BY row_seq")) {
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.added(rs.getLong(2), rs.getLong(3), rs.getLong(1)); // fp_hash 0 when NULL: no text
                }
            }
        }
        return m;
    }

    /** The row number holding this key hash, 0 when none. */
    synchronized long id(long keyHash) {
        return ids.get(keyHash);
    }

    /** The row number of the first stored item with this text hash, 0 when none. */
    synchronized long text(long fpHash) {
        return fpHash == 0 ? 0 : texts.get(fpHash);
    }

    /** A row was inserted: its key now lives there; its text is found there unless an earlier row has it. */
    synchronized void added(long keyHash, long fpHash, long seq) {
        ids.put(keyHash, seq);
        if (fpHash != 0) {
            texts.putIfAbsent(fpHash, seq);
        }
    }

    /** A stored row's text changed (an update): the new text is found there unless an earlier row has it. */
    synchronized void textChanged(long fpHash, long seq) {
        if (fpHash != 0) {
            texts.putIfAbsent(fpHash, seq);
        }
    }

    /** A row was deleted: its entries go, unless they already point at another row. */
    synchronized void removed(long keyHash, long fpHash, long seq) {
        ids.remove(keyHash, seq);
        if (fpHash != 0) {
            texts.remove(fpHash, seq);
        }
    }

    /** Rows known. */
    synchronized int size() {
        return ids.size();
    }
}
