package io.wirehub.store;

import io.wirehub.publish.Outbox;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hub acts on outside the database is on disk first, with H2 storing commits late. The
 * store here waits ten minutes before storing by itself, so what is stored when a call returns was
 * stored by that call.
 */
class DurabilityTest {
    @TempDir
    Path dir;
    Database db;

    private Database open(int writeDelayMillis) {
        db = new Database("jdbc:h2:file:" + dir.resolve("wirehub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + writeDelayMillis, "sa", "", 4);
        return db;
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private MVStore store() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return StoreMaintenance.h2Store(c);
        }
    }

    @Test
    void aFinishedDocumentIsStoredNotOnlyCommitted() throws SQLException {
        open(600_000);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
        }
        store().commit();
        GroupCommit gc = new GroupCommit(db.dataSource(), 100, Duration.ofMinutes(1));
        GroupCommit.Ticket doc = gc.begin();
        for (int i = 0; i < 3; i++) {
            int id = i;
            gc.write(doc, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO probe VALUES (" + id + ")");
                }
            }, null);
        }
        assertThat(store().hasUnsavedChanges()).as("written, not yet stored").isTrue();
        gc.finish(doc);
        assertThat(store().hasUnsavedChanges()).as("the document's end stored its items").isFalse();
        gc.close();
    }

    @Test
    void leasedDeliveriesAreStoredBeforeTheyAreHandedToAWorker() throws SQLException {
        open(600_000);
        Outbox outbox = new Outbox(db.dataSource());
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            outbox.enqueue(c, "evt-1", "item.new", "urn:test:1", "{}", List.of(new Outbox.Target("sub-1", 0, Outbox.PENDING, Instant.now())));
            c.commit();
        }
        assertThat(store().hasUnsavedChanges()).as("enqueued and committed, not yet stored").isTrue();
        List<Outbox.Claimed> rows = outbox.claim(Outbox.PENDING, Instant.now().plusSeconds(1), Instant.now().plusSeconds(60), 10,
                Set.of(), s -> 10);
        assertThat(rows).hasSize(1);
        assertThat(store().hasUnsavedChanges()).as("the row and its lease are on disk before delivery").isFalse();
    }

    @Test
    void flushIsANoOpWhenEveryCommitIsStored() throws SQLException {
        open(0);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            Durability d = Durability.of(c);
            assertThat(d.delayed()).isFalse();
            s.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
            s.execute("INSERT INTO probe VALUES (1)");
            assertThat(store().hasUnsavedChanges()).as("WRITE_DELAY=0 stores at the commit").isFalse();
            d.flush();
        }
    }
}
