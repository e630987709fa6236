package io.wirehub.dedupe;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

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
 * from its insert, under its key and its text (an update that changes the text lists the row
 * under the new one at once and takes it off the old one once committed, while the table still
 * says the old), so no stored row is ever missing. An entry is a hint that the caller checks
 * against the row (the full key or fingerprint must match), so a stale entry (a hash collision, an
 * update in flight) costs a lookup, never a wrong decision; entries of a rolled-back record are
 * taken back. Memory: two open-addressed tables of 16-byte slots, 40 to 80 bytes per
 * stored item (64 MB for a million).
 */
final class LocalRows {
    private static final long[] NONE = new long[0];
    private final Long2LongOpenHashMap ids;
    /** Text hash to the first row that had it; the rows after it, for texts several rows have had, in {@link #moreTexts}. */
    private final Long2LongOpenHashMap texts;
    private final Long2ObjectOpenHashMap<long[]> moreTexts = new Long2ObjectOpenHashMap<>();

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

    /** The rows that have had this text hash, first stored first (empty when none). */
    synchronized long[] texts(long fpHash) {
        if (fpHash == 0 || !texts.containsKey(fpHash)) {
            return NONE;
        }
        long[] more = moreTexts.get(fpHash);
        long[] all = new long[1 + (more == null ? 0 : more.length)];
        all[0] = texts.get(fpHash);
        if (more != null) {
            System.arraycopy(more, 0, all, 1, more.length);
        }
        return all;
    }

    /** A row was inserted: its key now lives there, and its text there too. */
    synchronized void added(long keyHash, long fpHash, long seq) {
        ids.put(keyHash, seq);
        addText(fpHash, seq);
    }

    /** A stored row's text changed (an update); true when the row was not yet listed under that text. */
    synchronized boolean textChanged(long fpHash, long seq) {
        return addText(fpHash, seq);
    }

    /** A row was deleted (or its insert rolled back): its entries go, and the key's only if it still points there. */
    synchronized void removed(long keyHash, long fpHash, long seq) {
        ids.remove(keyHash, seq);
        removeText(fpHash, seq);
    }

    /** A row no longer has this text (an update committed another one, or its own update was rolled back). */
    synchronized void textGone(long fpHash, long seq) {
        removeText(fpHash, seq);
    }

    /** Rows known. */
    synchronized int size() {
        return ids.size();
    }

    private boolean addText(long fpHash, long seq) {
        if (fpHash == 0) {
            return false;
        }
        if (!texts.containsKey(fpHash)) {
            texts.put(fpHash, seq);
            return true;
        }
        if (texts.get(fpHash) == seq) {
            return false;
        }
        long[] more = moreTexts.get(fpHash);
        if (more == null) {
            moreTexts.put(fpHash, new long[]{seq});
            return true;
        }
        for (long m : more) {
            if (m == seq) {
                return false;
            }
        }
        long[] grown = java.util.Arrays.copyOf(more, more.length + 1);
        grown[more.length] = seq;
        moreTexts.put(fpHash, grown);
        return true;
    }

    private void removeText(long fpHash, long seq) {
        if (fpHash == 0 || !texts.containsKey(fpHash)) {
            return;
        }
        long[] more = moreTexts.get(fpHash);
        if (texts.get(fpHash) == seq) {
            if (more == null) {
                texts.remove(fpHash);
            } else {
                texts.put(fpHash, more[0]); // the next row with this text comes first now
                dropMore(fpHash, more, 0);
            }
        } else if (more != null) {
            for (int i = 0; i < more.length; i++) {
                if (more[i] == seq) {
                    dropMore(fpHash, more, i);
                    return;
                }
            }
        }
    }

    private void dropMore(long fpHash, long[] more, int i) {
        if (more.length == 1) {
            moreTexts.remove(fpHash);
            return;
        }
        long[] shrunk = new long[more.length - 1];
        System.arraycopy(more, 0, shrunk, 0, i);
        System.arraycopy(more, i + 1, shrunk, i, more.length - i - 1);
        moreTexts.put(fpHash, shrunk);
    }
}
