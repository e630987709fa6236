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

    /**
     * H2's own writer may have put a commit into a chunk that waits for the disk when the hub
     * flushes; the flush must wait for that write too. The disk is held back here by occupying H2's
     * single write thread (its executor, reached by reflection: H2 is pinned to one version).
     */
    @Test
    void aFlushWaitsForAChunkH2sWriterHasQueued() throws Exception {
        open(100);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
        }
        MVStore store = store();
        store.commit();
        java.lang.reflect.Field f = org.h2.mvstore.FileStore.class.getDeclaredField("bufferSaveExecutor");
        f.setAccessible(true);
        java.util.concurrent.ThreadPoolExecutor disk = (java.util.concurrent.ThreadPoolExecutor) f.get(store.getFileStore());
        java.util.concurrent.CountDownLatch slowDisk = new java.util.concurrent.CountDownLatch(1);
        disk.submit(() -> {
            try {
                slowDisk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            insertAndFlushBehind(store, disk, slowDisk);
        } finally {
            slowDisk.countDown(); // never leave H2's write thread held
        }
    }

    private void insertAndFlushBehind(MVStore store, java.util.concurrent.ThreadPoolExecutor disk,
                                      java.util.concurrent.CountDownLatch slowDisk) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO probe VALUES (1)");
        }
        // H2's writer (100 ms delay) serializes the commit and queues its chunk behind the held write
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !store.hasUnsavedChanges() && !disk.getQueue().isEmpty());
        java.util.concurrent.CompletableFuture<Void> flushed = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (Connection c = db.dataSource().getConnection()) {
                Durability.flush(c);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // a flush that did not wait would be done within milliseconds
        org.awaitility.Awaitility.await("the flush waits while the chunk is not written").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2)).until(() -> !flushed.isDone());
        slowDisk.countDown();
        flushed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(disk.getQueue()).isEmpty();
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
