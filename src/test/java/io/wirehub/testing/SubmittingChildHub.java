package io.wirehub.testing;

import io.wirehub.Hub;
import io.wirehub.HubConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A hub in a child JVM, so a test can kill it with SIGKILL (no shutdown hook, no flush) and start
 * it again on the same data. The child submits items {@code 0..count-1} through the item pipeline
 * (as a re-polled feed would after a restart) and then keeps running until killed.
 */
public final class SubmittingChildHub implements AutoCloseable {
    private final Process process;
    public final Path log;

    private SubmittingChildHub(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a child hub with these properties (written to {@code dir/config/application.properties}).
     *
     * @param count       items to submit, {@code urn:crash:0..count-1}
     * @param submitDelay milliseconds between two submissions
     */
    public static SubmittingChildHub start(Path dir, Properties p, String subscribersYaml, int count, long submitDelay, String logName)
            throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        try (OutputStream out = Files.newOutputStream(config.resolve("application.properties"))) {
            p.store(out, "child hub");
        }
        Files.writeString(config.resolve("subscribers.yaml"), subscribersYaml, StandardCharsets.UTF_8);
        return start(config, count, submitDelay, dir.resolve(logName), Path.of("").toAbsolutePath());
    }

    /**
     * Starts a child hub on a configuration folder already written, with every setting in its
     * {@code application.properties}: the one {@link WirehubExtension#writeConfig()} gives, e.g.
     * {@code SubmittingChildHub.start(hub.writeConfig(), 60, 15, hub.dir().resolve("first.log"))}.
     * The child runs in the folder of {@code config} (see {@link ChildHub#startIn}); its output
     * goes to {@code log} (read it from {@link #log}).
     *
     * @param count       items to submit, {@code urn:crash:0..count-1}
     * @param submitDelay milliseconds between two submissions
     */
    public static SubmittingChildHub start(Path config, int count, long submitDelay, Path log) throws IOException {
        return start(config, count, submitDelay, log, config.toAbsolutePath().getParent());
    }

    private static SubmittingChildHub start(Path config, int count, long submitDelay, Path log, Path workingDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SubmittingChildHub.class.getName(), config.toString(), Integer.toString(count), Long.toString(submitDelay)));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WIREHUB_"));
        return new SubmittingChildHub(pb.start(), log);
    }

    /** kill -9: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The child: start the hub, submit the items, run until killed. */
    public static void main(String[] args) throws Exception {
        Hub hub = Hub.start(HubConfig.load(Path.of(args[0])));
        int count = Integer.parseInt(args[1]);
        long delay = Long.parseLong(args[2]);
        for (int i = 0; i < count; i++) {
            WirehubExtension.submit(hub, SeedItem.simple("urn:crash:" + i, "Crash item " + i, "Body " + i + " zcrash"), "crash-feed");
            System.out.println("SUBMITTED " + i);
            if (delay > 0) {
                Thread.sleep(delay);
            }
        }
        System.out.println("ALL SUBMITTED");
        hub.awaitStop();
    }

}
