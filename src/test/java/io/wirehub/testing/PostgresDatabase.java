package io.wirehub.testing;

import io.wirehub.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (embedded, io.zonky.test) for the tests of a class, with the hub's schema
 * migrated: register it as a static {@code @RegisterExtension} field and use {@link #database()}.
 * Started before the class's tests, stopped after them.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {
    private final int poolSize;
    private EmbeddedPostgres pg;
    private Database db;

    /** @param poolSize connections in the hub's pool (one per thread the tests claim with at once) */
    public PostgresDatabase(int poolSize) {
        this.poolSize = poolSize;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        pg = EmbeddedPostgres.builder().start();
        db = new Database(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", poolSize);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** The hub's database on it (Flyway migrated). */
    public Database database() {
        return db;
    }
}
