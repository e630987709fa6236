package db.migration;

import io.wirehub.dedupe.ItemKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Dedupe lookups by 64-bit hash instead of by 64-character key. Every new item used to add an entry
 * to three indexes of random hex strings (item key, text fingerprint, story id); on a store of
 * millions of rows each entry dirties a different index page, and rewriting those pages of strings
 * was most of the cost of recording an item. A BIGINT index entry is a fraction of that. The full
 * strings stay in the rows and every lookup compares them too, so a hash collision can never merge
 * two items; the unique indexes on the hashes keep racing nodes from inserting one id twice (two
 * different keys with one 64-bit hash would make the second insert fail, about once in 10^12 items
 * for a store of 30 million rows).
 *
 * <p>A Java migration because the hashes are computed the way the stage computes them
 * ({@link ItemKeys#hash64}), the same on H2 and PostgreSQL.
 */
public class V11__dedupe_hash_lookups extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE dedupe_item ADD COLUMN key_hash BIGINT");
            s.execute("ALTER TABLE dedupe_item ADD COLUMN fp_hash BIGINT");
            s.execute("ALTER TABLE dedupe_story ADD COLUMN story_hash BIGINT");
        }
        backfill(c, "SELECT item_key, text_fp FROM dedupe_item", "UPDATE dedupe_item SET key_hash = ?, fp_hash = ? WHERE item_key = ?", true);
        backfill(c, "SELECT story_id, NULL FROM dedupe_story", "UPDATE dedupe_story SET story_hash = ? WHERE story_id = ?", false);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE dedupe_item ALTER COLUMN key_hash SET NOT NULL");
            s.execute("ALTER TABLE dedupe_story ALTER COLUMN story_hash SET NOT NULL");
            dropPrimaryKey(c, s, "dedupe_item");
            dropPrimaryKey(c, s, "dedupe_story");
            s.execute("CREATE UNIQUE INDEX dedupe_item_key ON dedupe_item (key_hash)");
            s.execute("DROP INDEX dedupe_item_fp");
            s.execute("CREATE INDEX dedupe_item_fp ON dedupe_item (fp_hash)");
            s.execute("CREATE UNIQUE INDEX dedupe_story_key ON dedupe_story (story_hash)");
        }
    }

    /** Fills the hash columns from the string columns, streamed, a thousand rows a batch. */
    private static void backfill(Connection c, String select, String update, boolean withFingerprint) throws SQLException {
        streamUpdate(c, select, update, (rs, ps) -> {
            String key = rs.getString(1);
            ps.setLong(1, ItemKeys.hash64(key));
            if (withFingerprint) {
                String fp = rs.getString(2);
                if (fp == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, ItemKeys.hash64(fp));
                }
            }
            ps.setString(withFingerprint ? 3 : 2, key);
        });
    }

    /** Sets an update's parameters from a row of the select. */
    @FunctionalInterface
    interface RowUpdate {
        void bind(ResultSet row, PreparedStatement update) throws SQLException;
    }

    /** Runs {@code update} once per row of {@code select}, streamed (no whole-table load), in batches of a thousand. */
    static void streamUpdate(Connection c, String select, String update, RowUpdate bind) throws SQLException {
        try (Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement(update)) {
            s.setFetchSize(5000);
            int n = 0;
            try (ResultSet rs = s.executeQuery(select)) {
                while (rs.next()) {
                    bind.bind(rs, ps);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /** The primary key constraint's name differs by database (H2 CONSTRAINT_x, PostgreSQL x_pkey): read it. */
    private static void dropPrimaryKey(Connection c, Statement s, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String name = null;
        for (String t : new String[]{table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getPrimaryKeys(null, null, t)) {
                if (rs.next()) {
                    name = rs.getString("PK_NAME");
                    break;
                }
            }
        }
        if (name != null) {
            s.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + name + "\"");
        }
    }
}
