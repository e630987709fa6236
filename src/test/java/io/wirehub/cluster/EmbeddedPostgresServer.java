package io.wirehub.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL for trying the cluster recipe and {@code bench cluster} by hand, without installing
 * one: the embedded server the tests use, on a fixed port, until the process is stopped.
 * {@code java -cp target/test-classes:$(cat target/test-classpath.txt) io.wirehub.cluster.EmbeddedPostgresServer 5432}
 * (docs/cluster.md); user {@code postgres}, no password, database {@code postgres}.
 */
public final class EmbeddedPostgresServer {
    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5432;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).start()) {
            System.out.println("PostgreSQL on " + pg.getJdbcUrl("postgres", "postgres") + " (Ctrl-C stops it)");
            Thread.currentThread().join();
        }
    }
}
