package io.wirehub.dedupe;

import io.wirehub.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store's map of where items are: what it says after inserts, updates, deletes and a start-up. */
class LocalRowsTest {
    @TempDir
    Path dir;

    @Test
    void entriesPointAtTheRowThatHoldsThemAndLeaveOnlyWithIt() throws Exception {
        try (Database db = Database.h2(dir); Connection c = db.dataSource().getConnection()) {
            LocalRows m = LocalRows.load(c);
            m.added(11, 21, 1);
            m.added(12, 21, 2); // same text as row 1: both listed, first stored first
            assertThat(m.id(11)).isEqualTo(1);
            assertThat(m.id(12)).isEqualTo(2);
            assertThat(m.texts(21)).containsExactly(1, 2);
            m.added(11, 0, 3); // the key stored again (purged meanwhile): its new row
            assertThat(m.id(11)).isEqualTo(3);
            m.removed(11, 21, 1); // the old row goes: the key's entry points elsewhere and stays
            assertThat(m.id(11)).isEqualTo(3);
            assertThat(m.texts(21)).as("the next row with the text comes first").containsExactly(2);
            assertThat(m.textChanged(22, 2)).isTrue();
            assertThat(m.textChanged(22, 2)).as("listed once").isFalse();
            assertThat(m.texts(22)).containsExactly(2);
            assertThat(m.texts(21)).as("the old text keeps the row until it goes (checked against the row)").containsExactly(2);
            m.textGone(22, 2);
            assertThat(m.texts(22)).isEmpty();
            m.removed(12, 21, 2);
            assertThat(m.texts(21)).isEmpty();
            assertThat(m.id(12)).isZero();
            assertThat(m.id(99)).isZero();
            assertThat(m.texts(0)).as("no text").isEmpty();
        }
    }

    @Test
    void startUpReadsEveryStoredRow() throws Exception {
        try (Database db = Database.h2(dir); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO dedupe_item (item_key, scope, uri, content_hash, text_fp, version, story_id, is_copy, item_time,"
                    + " last_seen, key_hash, fp_hash) VALUES ('k1', 'f', 'u1', 'h', 'fp1', 1, 's1', FALSE, NOW(), NOW(), 101, 201),"
                    + " ('k2', 'f', 'u2', 'h', NULL, 1, 's2', FALSE, NOW(), NOW(), 102, NULL)");
            LocalRows m = LocalRows.load(c);
            assertThat(m.size()).isEqualTo(2);
            assertThat(m.id(101)).isPositive();
            assertThat(m.id(102)).isPositive().isNotEqualTo(m.id(101));
            assertThat(m.texts(201)).containsExactly(m.id(101));
        }
    }
}
