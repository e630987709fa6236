package io.wirehub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * The hub's database: an embedded H2 file by default, PostgreSQL in cluster mode. The schema is
 * owned by Flyway ({@code db/migration}); every stage keeps its state here, so one transaction can
 * span dedupe state and the delivery outbox.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    /**
     * Opens the pool and migrates the schema.
     *
     * @param url      JDBC URL ({@code jdbc:h2:file:./data/wirehub} or {@code jdbc:postgresql://...})
     * @param user     user name (may be empty for H2)
     * @param password password (may be empty for H2)
     * @param poolSize maximum connections
     */
    public Database(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user == null ? "" : user);
        cfg.setPassword(password == null ? "" : password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("wirehub-db");
        cfg.setConnectionTimeout(10_000);
        this.dataSource = new HikariDataSource(cfg);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** H2 file database in {@code dir} (created if missing). */
    public static Database h2(java.nio.file.Path dir) {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("wirehub") + ";DB_CLOSE_ON_EXIT=FALSE";
        return new Database(url, "sa", "", 4);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when the database is PostgreSQL (SQL dialect choices). */
    public boolean isPostgres() {
        return dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
