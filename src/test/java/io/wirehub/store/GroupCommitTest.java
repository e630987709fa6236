package io.wirehub.store;

import io.wirehub.dedupe.DedupeDecision;
import io.wirehub.dedupe.Dedupe;
import io.wirehub.dedupe.DedupeSettings;
import io.wirehub.normalize.NinjsItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group commit on a real H2 file: what a document's items become when one fails, when the transaction fails, and in between. */
class GroupCommitTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws SQLException {
        db = Database.h2(dir);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    private int count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static GroupCommit.Work insert(int id) {
        return c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO probe VALUES (" + id + ")");
            }
        };
    }

    @Test
    void aDocumentsItemsAreInvisibleUntilItEndsAndAFailingItemIsRolledBackAlone() throws SQLException {
        GroupCommit gc = new GroupCommit(db.dataSource(), 100, Duration.ofMinutes(1));
        List<String> told = new ArrayList<>();
        GroupCommit.Ticket doc = gc.begin();
        gc.write(doc, insert(1), () -> told.add("1 committed"));
        assertThatThrownBy(() -> gc.write(doc, c -> {
            insert(2).run(c);
            insert(1).run(c); // duplicate key: this item fails after writing a row
        }, new GroupCommit.Outcome() {
            @Override
            public void committed() {
                told.add("2 committed");
            }

            @Override
            public void rolledBack() {
                told.add("2 rolled back");
            }
        })).isInstanceOf(SQLException.class);
        gc.write(doc, insert(3), () -> told.add("3 committed"));
        assertThat(count("SELECT COUNT(*) FROM probe")).as("nothing committed before the document ends").isZero();
        gc.finish(doc);
        assertThat(count("SELECT COUNT(*) FROM probe")).as("items 1 and 3; item 2's row went with its savepoint").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM probe WHERE id = 2")).isZero();
        assertThat(told).containsExactly("2 rolled back", "1 committed", "3 committed");
        assertThat(gc.stats()).containsExactly(1, 2);
        gc.close();
    }

    @Test
    void theGroupCommitsAtItsSizeAndAnItemOutsideADocumentCommitsAtOnce() throws SQLException {
        GroupCommit gc = new GroupCommit(db.dataSource(), 2, Duration.ofMinutes(1));
        GroupCommit.Ticket doc = gc.begin();
        gc.write(doc, insert(1), null);
        gc.write(doc, insert(2), null);
        assertThat(count("SELECT COUNT(*) FROM probe")).as("two items: the group is full").isEqualTo(2);
        gc.write(null, insert(3), null);
        assertThat(count("SELECT COUNT(*) FROM probe")).isEqualTo(3);
        gc.finish(doc);
        gc.close();
    }

    /** Two feeds with a few new items each share one commit: the first to end waits for the other. */
    @Test
    void aSmallGroupWaitsForTheOtherDocumentsWritingIntoIt() throws Exception {
        GroupCommit gc = new GroupCommit(db.dataSource(), 80, Duration.ofMinutes(1)); // groups under 10 items wait
        GroupCommit.Ticket a = gc.begin();
        GroupCommit.Ticket b = gc.begin();
        gc.write(a, insert(1), null);
        gc.write(a, insert(2), null);
        gc.write(b, insert(3), null);
        java.util.concurrent.CompletableFuture<Void> aEnds = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                gc.finish(a);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> !aEnds.isDone() && count("SELECT COUNT(*) FROM probe") == 0);
        gc.write(b, insert(4), null);
        gc.finish(b);
        aEnds.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(count("SELECT COUNT(*) FROM probe")).isEqualTo(4);
        assertThat(gc.stats()).as("transactions, items").containsExactly(1, 4);
        gc.close();
    }

    /** A document that wrote enough items commits when it ends, with what the others wrote so far, and does not wait for them. */
    @Test
    void aLargeGroupCommitsWhenADocumentEndsWithoutWaiting() throws Exception {
        GroupCommit gc = new GroupCommit(db.dataSource(), 80, Duration.ofMinutes(1));
        GroupCommit.Ticket a = gc.begin();
        GroupCommit.Ticket b = gc.begin();
        gc.write(b, insert(100), null);
        for (int i = 1; i <= 10; i++) {
            gc.write(a, insert(i), null);
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> gc.finish(a));
        assertThat(count("SELECT COUNT(*) FROM probe")).as("a's items and b's first one").isEqualTo(11);
        gc.write(b, insert(101), null);
        gc.finish(b);
        assertThat(count("SELECT COUNT(*) FROM probe")).isEqualTo(12);
        assertThat(gc.stats()).as("transactions, items").containsExactly(2, 12);
        gc.close();
    }

    /** A large document whose last items landed in a small group (another document committed the rest) does not wait either. */
    @Test
    void aLargeDocumentDoesNotWaitInASmallLastGroup() throws Exception {
        GroupCommit gc = new GroupCommit(db.dataSource(), 80, Duration.ofMinutes(1));
        GroupCommit.Ticket a = gc.begin();
        GroupCommit.Ticket c = gc.begin();
        GroupCommit.Ticket d = gc.begin();
        for (int i = 1; i <= 5; i++) {
            gc.write(a, insert(i), null);
        }
        for (int i = 100; i < 110; i++) {
            gc.write(c, insert(i), null);
        }
        gc.finish(c); // commits the 15 items
        for (int i = 6; i <= 11; i++) {
            gc.write(a, insert(i), null);
        }
        gc.write(d, insert(200), null);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> gc.finish(a));
        assertThat(count("SELECT COUNT(*) FROM probe")).isEqualTo(22);
        gc.finish(d); // its item went out with a's
        assertThat(gc.stats()).as("transactions, items").containsExactly(2, 22);
        gc.close();
    }

    @Test
    void whenTheTransactionIsLostEveryDocumentInItFails() throws SQLException {
        GroupCommit gc = new GroupCommit(db.dataSource(), 100, Duration.ofMinutes(1));
        List<String> told = new ArrayList<>();
        GroupCommit.Ticket a = gc.begin();
        GroupCommit.Ticket b = gc.begin();
        gc.write(a, insert(1), new GroupCommit.Outcome() {
            @Override
            public void committed() {
                told.add("1 committed");
            }

            @Override
            public void rolledBack() {
                told.add("1 rolled back");
            }
        });
        // The connection breaks under document b's item: the savepoint cannot be rolled back either.
        assertThatThrownBy(() -> gc.write(b, c -> {
            c.unwrap(Connection.class).close();
            throw new SQLException("connection lost");
        }, null)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> gc.finish(a)).as("document a's item was in the lost transaction")
                .isInstanceOf(SQLException.class).hasMessageContaining("read again");
        assertThat(told).containsExactly("1 rolled back");
        assertThat(count("SELECT COUNT(*) FROM probe")).isZero();
        // the group commit goes on with a new connection
        GroupCommit.Ticket c = gc.begin();
        gc.write(c, insert(5), null);
        gc.finish(c);
        assertThat(count("SELECT COUNT(*) FROM probe")).isEqualTo(1);
        gc.close();
    }

    @Test
    void dedupeSeesWhatAnOpenGroupRecordedButDidNotCommitYet() throws SQLException {
        Dedupe dedupe = new Dedupe(db.dataSource(), DedupeSettings.defaults());
        GroupCommit gc = new GroupCommit(db.dataSource(), 100, Duration.ofMinutes(1));
        String body = "Heavy rain flooded the roads north of Hanoi on Monday, cutting villages off and closing two schools"
                + " while rescue teams moved families to higher ground.";
        GroupCommit.Ticket doc = gc.begin();
        DedupeDecision first = dedupe.decide(item("wire", "g1", "Floods cut roads north of Hanoi", body));
        assertThat(first.event()).isEqualTo(DedupeDecision.NEW);
        gc.write(doc, first::record, first::committed);

        // Later in the same document, still uncommitted: the same guid again, then the same text from another outlet.
        assertThat(dedupe.decide(item("wire", "g1", "Floods cut roads north of Hanoi", body)).event())
                .as("same id, same content, recorded in the open group").isNull();
        DedupeDecision copy = dedupe.decide(item("outlet", "x9", "Hanoi floods", body));
        assertThat(copy.event()).isEqualTo(DedupeDecision.DUPLICATE);
        assertThat(copy.storyId()).isEqualTo(first.storyId());
        gc.write(doc, copy::record, copy::committed);
        gc.finish(doc);

        assertThat(count("SELECT COUNT(*) FROM dedupe_item")).isEqualTo(2);
        assertThat(dedupe.storySources(first.storyId())).containsExactly("WIRE", "OUTLET");
        gc.close();
    }

    private static NinjsItem item(String feed, String guid, String headline, String body) {
        NinjsItem i = new NinjsItem();
        i.uri = "urn:test:" + feed + ":" + guid;
        i.type = "text";
        i.version = "1";
        i.language = "en";
        i.firstCreated = "2024-06-03T08:00:00Z";
        i.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", headline));
        i.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", body));
        i.setAltId("guid", guid);
        i.setAltId("feed", feed);
        i.infoSources.add(new NinjsItem.Concept(feed.toUpperCase(), null, null));
        return i;
    }
}
