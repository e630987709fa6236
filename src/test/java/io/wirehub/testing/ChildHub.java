package io.wirehub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A wirehub hub in a child JVM ({@code WirehubCli run --config DIR}), for tests that kill it the hard
 * way ({@link #kill()}: SIGKILL, nothing runs on the way out) and start it again on the same folders.
 *
 * <p>{@link #configure(Path, Map)} writes a config folder whose inbox, output and data folders are
 * under the given root, with the bundled samples and all feeds off; routes are loaded from the
 * project's routes/ folder.
 */
public final class ChildHub implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildHub(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Writes {@code root/config} (application.properties copied from the project's config/, then
     * the test's folders and {@code extra} settings; an empty feeds file) and returns its path.
     */
    public static Path configure(Path root, Map<String, String> extra) throws IOException {
        Path cfg = Files.createDirectories(root.resolve("config"));
        Path project = Path.of("").toAbsolutePath();
        StringBuilder sb = new StringBuilder(Files.readString(project.resolve("config/application.properties")));
        sb.append("\n# --- test overrides (ChildHub)\n");
        sb.append("camel.main.routes-include-pattern=file:").append(project.resolve("routes")).append("/*.camel.yaml\n");
        sb.append("wirehub.data.dir=").append(root.resolve("data")).append('\n');
        sb.append("wirehub.inbox.dir=").append(root.resolve("inbox")).append('\n');
        sb.append("wirehub.out.dir=").append(root.resolve("out")).append('\n');
        sb.append("wirehub.samples.enabled=false\n");
        sb.append("wirehub.inbox.min-age=100\nwirehub.inbox.poll-delay=100\n");
        extra.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(cfg.resolve("application.properties"), sb.toString(), StandardCharsets.UTF_8);
        Files.writeString(cfg.resolve("feeds.yaml"), "feeds: []\n", StandardCharsets.UTF_8);
        return cfg;
    }

    /** Starts {@code java -cp <test classpath> io.wirehub.cli.WirehubCli run --config configDir}; output goes to {@code log}. */
    public static ChildHub start(Path configDir, Path log) throws IOException {
        return start(configDir, log, Path.of("").toAbsolutePath());
    }

    /**
     * Starts {@code wirehub run --config folder/config} in a child JVM with {@code folder} as its
     * working folder, as an operator runs the hub in its own folder: for the folder
     * {@link WirehubExtension#writeConfig()} wrote, whose settings name the routes in the wirehub
     * jar ({@code classpath:routes/}). Run from wirehub's project folder instead, camel-main loads
     * them a second time from its {@code routes/} folder and the child stops at once ("Route
     * configuration already exists"). Output goes to {@code log}.
     */
    public static ChildHub startIn(Path folder, Path log) throws IOException {
        return start(folder.resolve("config"), log, folder);
    }

    private static ChildHub start(Path configDir, Path log, Path workingDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire runs tests through a manifest-only jar; the real class path is in this property.
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", cp,
                "io.wirehub.cli.WirehubCli", "run", "--config", configDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildHub(pb.start(), log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: the JVM dies at once, no shutdown hook, no route completion. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The child's output so far (for failure messages). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Graceful stop (SIGTERM, the hub's shutdown hook runs), then kill if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
