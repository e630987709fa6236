package io.wirehub.cli;

import io.wirehub.dedupe.DedupeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code wirehub bench dedupe}: id and same-story lookups on a large store, sustained dedupe rate. */
@Command(name = "dedupe", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        header = "Benchmark the dedupe store: id and same-story lookups on a million stored items, sustained items/s.",
        description = {"Pre-load the dedupe store (H2, or the database of --db-url) with generated items, then print id lookup "
                + "p50/p99, same-story lookup p50/p99 (against a linear-scan baseline), sustained items/s through the "
                + "group commit with the store maintenance running (against each item committed and stored alone), the H2 file size "
                + "before and after, and peak heap. An H2 pre-load is compacted first (SHUTDOWN COMPACT), as a running hub keeps its file."},
        footer = {"", "Examples:", "  java -jar target/wirehub.jar bench dedupe", "  java -jar target/wirehub.jar bench dedupe --items 200000",
                "  java -jar target/wirehub.jar bench dedupe --db-url jdbc:postgresql://localhost:5432/wirehub_bench"})
public class DedupeBenchCommand implements Callable<Integer> {
    @Option(names = "--items", description = "Items pre-loaded in the store (default: ${DEFAULT-VALUE}).", defaultValue = "1000000")
    int items;

    @Option(names = "--lookups", description = "Lookups measured per kind (default: ${DEFAULT-VALUE}).", defaultValue = "20000")
    int lookups;

    @Option(names = "--sustained", description = "Items pushed through decide + record for the rate, per run (default: ${DEFAULT-VALUE};"
            + " the item-by-item baselines get a quarter).", defaultValue = "100000")
    int sustained;

    @Option(names = "--text-items", description = "Pre-loaded items with generated text, the targets of the copies (default: ${DEFAULT-VALUE}).",
            defaultValue = "20000")
    int textItems;

    @Option(names = "--db-url", description = "Run against this database instead of an H2 file: an empty PostgreSQL database"
            + " (jdbc:postgresql://host:port/db), as in cluster mode.")
    String dbUrl;

    @Option(names = "--db-user", description = "User for --db-url (default: ${DEFAULT-VALUE}).", defaultValue = "postgres")
    String dbUser;

    @Option(names = "--db-password", description = "Password for --db-url (default: the environment variable WIREHUB_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--dir", description = "Folder for the benchmark database (default: a temporary folder, deleted afterwards).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        boolean temp = dir == null;
        Path d = temp ? Files.createTempDirectory("wirehub-bench-dedupe") : Files.createDirectories(dir);
        try {
            DedupeBenchmark bench = new DedupeBenchmark(System.out);
            if (dbUrl != null) {
                bench.database(dbUrl, dbUser, dbPassword != null ? dbPassword : System.getenv().getOrDefault("WIREHUB_DB_PASSWORD", ""));
            }
            try {
                bench.run(d, items, lookups, sustained, Math.min(textItems, items / 10));
            } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                System.err.println("bench dedupe: cannot open the database " + (dbUrl != null ? dbUrl : d) + ": " + root.getMessage());
                return 2;
            }
        } finally {
            if (temp) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }
}
