package io.wirehub.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/wirehub}, the launcher with class-data sharing, run as an operator runs it: the first
 * run writes the class archive beside the jar, the next runs use it, a rebuilt jar gets a new one,
 * and the output is the same as the command's in this JVM, with nothing from the JVM on stderr. The jar is a manifest-only jar over this build's classes and
 * dependencies (the real one is only built after the tests), so the script is what is tested.
 */
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void the_launcher_archives_classes_on_its_first_run_and_gives_the_commands_output() throws Exception {
        Path script = Path.of("bin/wirehub").toAbsolutePath();
        assumeTrue(Files.isExecutable(script), "bin/wirehub is not executable here");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "no bash on this machine: the launcher is a bash script");
        Path jar = dir.resolve("wirehub.jar");
        manifestJar(jar);
        Path sample = Path.of("samples/inbox/sample-rss-vna-fr.xml").toAbsolutePath();

        List<com.fasterxml.jackson.databind.JsonNode> expected = NormalizeCommandTest.run("normalize", sample.toString()).lines();
        assertThat(expected).isNotEmpty();
        List<com.fasterxml.jackson.databind.JsonNode> first = launch(jar, "normalize", sample.toString());
        assertThat(first).isEqualTo(expected);
        Path archive = archive();
        assertThat(archive).as("class archive written at the end of the first run").isRegularFile();
        long size = Files.size(archive);
        long modified = Files.getLastModifiedTime(archive).toMillis();

        List<com.fasterxml.jackson.databind.JsonNode> second = launch(jar, "normalize", sample.toString());
        assertThat(second).isEqualTo(expected);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("the archive is used, not written again").isEqualTo(modified);
        assertThat(Files.size(archive)).isEqualTo(size);

        // A rebuilt jar gets a new archive rather than one of classes that changed; the old one goes.
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(modified + 5_000));
        assertThat(launch(jar, "normalize", sample.toString())).isEqualTo(expected);
        assertThat(archive()).isNotEqualTo(archive).isRegularFile();
        assertThat(archive).doesNotExist();
    }

    /** The one class archive beside the jar (none half-written). */
    private Path archive() throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().startsWith("wirehub")
                    && (p.toString().endsWith(".jsa") || p.toString().endsWith(".tmp"))).toList();
            assertThat(all).as("one archive, no temporary file").hasSize(1);
            return all.get(0);
        }
    }

    /** Runs the launcher on {@code jar}; returns its stdout's JSON lines; fails on a non-zero exit with its stderr. */
    private List<com.fasterxml.jackson.databind.JsonNode> launch(Path jar, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bin/wirehub"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile());
        pb.environment().put("WIREHUB_JAR", jar.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path err = dir.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher ended").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(err)).as("nothing from the JVM on stderr").isEmpty();
        List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                lines.add(io.wirehub.normalize.NinjsJson.MAPPER.readTree(l));
            }
        }
        return lines;
    }

    /** A jar holding only a manifest: main class and this test JVM's classpath (classes and dependencies). */
    private static void manifestJar(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, WirehubCli.class.getName());
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (entry.contains("test-classes") || !Files.exists(p)) {
                continue;
            }
            cp.append(p.toUri()).append(' ');
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().trim());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
    }
}
