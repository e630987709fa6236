package io.wirehub.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a newcomer meets, seen from outside: {@code wirehub run} in a child JVM started in a
 * folder of its own, its output read as a user reads it. Configuration mistakes are a few lines
 * naming file, entry, line and key, with no stack trace; the hub runs from another folder than the
 * project's; it says at start where it listens and what it read, and on SIGTERM that it stopped.
 */
class FirstRunTest {
    @TempDir
    Path tmp;

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    /** {@code java -cp <classes> WirehubCli args...} in {@code dir}; stdout and stderr into {@code log}. */
    static Process wirehub(Path dir, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                "io.wirehub.cli.WirehubCli"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    static String finish(Process p, Path log) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return Files.readString(log);
    }

    private Path config(String extraProperties, String feeds, String subscribers) throws IOException {
        Path c = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(c.resolve("application.properties"),
                Files.readString(PROJECT.resolve("config/application.properties")) + "\n" + extraProperties, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("feeds.yaml"), feeds, StandardCharsets.UTF_8);
        Files.writeString(c.resolve("subscribers.yaml"), subscribers, StandardCharsets.UTF_8);
        return c;
    }

    @Test
    void configurationMistakesAreListedAtOnceWithFileEntryLineAndKeyAndNoStackTrace() throws Exception {
        Path c = config("wirehub.dedupe.window=2 dayz\nwirehub.inbox.dri=elsewhere\n",
                "feeds:\n"
                        + "  - id: good\n    url: https://x.example/a\n    interval: 10 minutes\n"
                        + "  - id: slow\n    url: https://x.example/b\n    interval: 10 monthz\n"
                        + "  - id: nourl\n"
                        + "  - id: good\n    url: https://x.example/c\n",
                "subscribers:\n  - id: desk\n    filter: { events: [news] }\n    channels:\n      - { type: file, dir: x }\n");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path log = tmp.resolve("out.txt");
        Process p = wirehub(work, log, "run", "--config", c.toString());
        String out = finish(p, log);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        long propertiesLines = Files.readAllLines(c.resolve("application.properties")).size();
        assertThat(out).contains(c.resolve("application.properties") + ": line " + (propertiesLines - 1)
                        + ": wirehub.dedupe.window: \"2 dayz\" is not a duration; write")
                .contains("10 minutes").contains("PT10M")
                .contains("wirehub.inbox.dri: unknown setting, ignored; did you mean wirehub.inbox.dir?")
                .contains(c.resolve("feeds.yaml") + ": feed 'slow' (line 5): interval: \"10 monthz\" is not a duration")
                .contains(c.resolve("feeds.yaml") + ": feed 'nourl' (line 8): url is missing")
                .contains(c.resolve("feeds.yaml") + ": feed 'good' (line 9): id 'good' declared twice (first at line 2)")
                .contains(c.resolve("subscribers.yaml") + ": subscriber 'desk' (line 2): filter.events: unknown kind 'news'")
                .contains("wirehub: not started: 5 mistakes in the configuration");
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void aYamlErrorIsOneLineWithItsLine() throws Exception {
        Path c = config("", "feeds:\n  - id: a\n   url: https://x.example/a\n", "subscribers: []\n");
        Path log = tmp.resolve("out.txt");
        Process p = wirehub(tmp, log, "run", "--config", c.toString());
        String out = finish(p, log);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains(c.resolve("feeds.yaml") + ": line 3: not valid YAML: expected <block end>")
                .contains("check the indentation").doesNotContain("\tat ");
    }

    @Test
    void aCamelSettingCamelDoesNotKnowIsOneLine() throws Exception {
        Path c = config("camel.main.shutdwon-timeout=5\n", "feeds: []\n", "subscribers: []\n");
        Path log = tmp.resolve("out.txt");
        Process p = wirehub(tmp, log, "run", "--config", c.toString());
        String out = finish(p, log);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains(c.resolve("application.properties") + ": camel.main.shutdwonTimeout=5: Camel has no such setting")
                .doesNotContain("\tat ");
    }

    @Test
    void aPortAnotherProgramListensOnIsOneLineAndTheHubDoesNotStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path c = config("camel.server.host=127.0.0.1\ncamel.server.port=" + taken.getLocalPort() + "\n",
                    "feeds: []\n", "subscribers: []\n");
            Path log = tmp.resolve("out.txt");
            Process p = wirehub(tmp, log, "run", "--config", c.toString());
            String out = finish(p, log);
            assertThat(p.exitValue()).as(out).isEqualTo(2);
            assertThat(out).contains(c.resolve("application.properties") + ": line ")
                    .contains("camel.server.port: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("set camel.server.port (CAMEL_SERVER_PORT) to a free port")
                    .doesNotContain("listening on").doesNotContain("\tat ");
        }
    }

    @Test
    void aMissingConfigFolderIsAnError() throws Exception {
        Path log = tmp.resolve("out.txt");
        Process p = wirehub(tmp, log, "run", "--config", tmp.resolve("nonexistent").toString());
        String out = finish(p, log);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out.strip()).isEqualTo("wirehub: --config " + tmp.resolve("nonexistent")
                + ": no such folder (it holds application.properties, feeds.yaml, subscribers.yaml)");
    }

    @Test
    void runsFromAnotherFolderSaysWhatItDoesAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // routes and folders as a user has them: nothing but relative folders in the settings
        Path c = config("camel.server.host=127.0.0.1\ncamel.server.port=" + port + "\nwirehub.inbox.min-age=100\n",
                "feeds: []\n", "subscribers: []\n");
        Path work = Files.createDirectories(tmp.resolve("elsewhere"));
        // the samples a fresh clone has, in this folder
        Path samples = Files.createDirectories(work.resolve("samples/inbox"));
        try (Stream<Path> s = Files.list(PROJECT.resolve("samples/inbox"))) {
            for (Path f : s.toList()) {
                Files.copy(f, samples.resolve(f.getFileName()));
            }
        }
        int sampleCount;
        try (Stream<Path> s = Files.list(samples)) {
            sampleCount = (int) s.count();
        }
        Path log = tmp.resolve("out.txt");
        Process p = wirehub(work, log, "run", "--config", c.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("sample documents") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String started = Files.readString(log) + (p.isAlive() ? "" : "\n[exited " + p.exitValue() + "]");
            assertThat(started).as(started).containsPattern("wirehub \\d+\\.\\d+\\.\\d+\\S* started in \\d+ ms, listening on http://127.0.0.1:" + port)
                    .contains("0 feeds polled, 1 subscriber; configuration " + c)
                    .contains("inbox " + work.resolve("inbox") + ", output " + work.resolve("out") + ", database "
                            + work.resolve("data/wirehub.mv.db") + " (H2)")
                    .containsPattern(sampleCount + " sample documents → \\d+ items; ninjs files under " + work.resolve("out/items") + "/")
                    .doesNotContain("NoSuchFileException").doesNotContain("Property-placeholders summary")
                    .doesNotContain("disabled subscriber");
            try (Stream<Path> s = Files.walk(work.resolve("out/items"))) {
                assertThat(s.filter(f -> f.toString().endsWith(".json")).count()).isPositive();
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String all = Files.readString(log);
        assertThat(all).contains("stopping: ").contains("drained: every item in flight written").containsPattern("stopped in \\d+ ms");
        assertThat(all.indexOf("stopping")).isLessThan(all.indexOf("drained")).isLessThan(all.indexOf("stopped in"));
    }

    @Test
    void logsCanBeOneJsonObjectALineWithLevelsPerPackage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path c = config("camel.server.host=127.0.0.1\ncamel.server.port=" + port + "\nwirehub.log.format=json\n"
                        + "wirehub.log.level.io.wirehub.Hub=warn\nwirehub.log.level.org.apache.camel=info\n",
                "feeds: []\n", "subscribers: []\n");
        Path log = tmp.resolve("out.txt");
        Process p = wirehub(tmp, log, "run", "--config", c.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // Camel's start line, at INFO (Camel is at WARN by default); Hub's INFO lines are held back
            while (!Files.readString(log).contains("Apache Camel") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(lines).isNotEmpty();
        for (String l : lines) {
            assertThat(json.readTree(l).has("message")).as(l).isTrue();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"log.level\":\"INFO\"").contains("Apache Camel")
                .contains("\"log.logger\":\"org.apache.camel."));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("\"log.logger\":\"io.wirehub.Hub\"").contains("\"INFO\""));
    }
}
