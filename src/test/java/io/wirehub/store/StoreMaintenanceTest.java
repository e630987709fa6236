package io.wirehub.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 file under the hub's write pattern (small commits of rows with random index keys)
 * grows by everything ever written unless it is compacted; with {@link StoreMaintenance} running
 * between commits, the same writes leave a file a fraction of the size, and every row is still there.
 */
class StoreMaintenanceTest {
    @TempDir
    Path dir;

    @Test
    void compactionKeepsTheFileBoundedUnderTheHubsWritePattern() throws Exception {
        long plain = writeItems(dir.resolve("plain"), false);
        long compacted = writeItems(dir.resolve("compacted"), true);
        System.out.printf("H2 file after 400 commits of 50 items: %,d KB without compaction, %,d KB with it%n", plain >> 10, compacted >> 10);
        assertThat(compacted).isLessThan(plain / 2);
    }

    @Test
    void doesNothingOnAnInMemoryDatabase() throws Exception {
        try (Database db = new Database("jdbc:h2:mem:maint;DB_CLOSE_DELAY=-1", "sa", "", 2)) {
            assertThat(new StoreMaintenance(db.dataSource(), 50, 1 << 20).compact()).isFalse();
            assertThat(StoreMaintenance.chunksFillRate(db.dataSource())).isEqualTo(-1);
        }
    }

    /** 20,000 dedupe rows in commits of 50, as the group commit writes them; returns the file size. */
    private static long writeItems(Path dir, boolean maintain) throws Exception {
        // RETENTION_TIME=0: H2 otherwise keeps freed chunks 45 s (time for the file system to flush)
        // before reusing them, longer than this test runs. The hub keeps H2's default.
        String url = "jdbc:h2:file:" + dir.resolve("wirehub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;RETENTION_TIME=0";
        Random rnd = new Random(1);
        try (Database db = new Database(url, "sa", "", 2); Connection c = db.dataSource().getConnection()) {
            StoreMaintenance maintenance = new StoreMaintenance(db.dataSource(), 50, 4 << 20);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dedupe_item (item_key, scope, uri, content_hash, text_fp, version,"
                    + " story_id, is_copy, item_time, last_seen, key_hash, fp_hash) VALUES (?,?,?,?,?,1,?,FALSE,?,?,?,?)")) {
                for (int i = 0; i < 20_000; i++) {
                    String key = Long.toHexString(rnd.nextLong()) + i;
                    ps.setString(1, key);
                    ps.setString(2, "feed");
                    ps.setString(3, "urn:test:" + i);
                    ps.setString(4, key);
                    ps.setString(5, "fp" + key);
                    ps.setString(6, "urn:wirehub:story:" + key);
                    Timestamp t = new Timestamp(1_700_000_000_000L + i);
                    ps.setTimestamp(7, t);
                    ps.setTimestamp(8, t);
                    ps.setLong(9, rnd.nextLong());
                    ps.setLong(10, rnd.nextLong());
                    ps.executeUpdate();
                    if ((i + 1) % 50 == 0) {
                        c.commit();
                        if (maintain && (i + 1) % 500 == 0) {
                            maintenance.compact();
                        }
                    }
                }
            }
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM dedupe_item")) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows after the writes").isEqualTo(20_000);
            }
            if (maintain) {
                assertThat(maintenance.stats()[1]).as("passes that moved chunks").isPositive();
            }
            return Files.size(dir.resolve("wirehub.mv.db"));
        }
    }
}
