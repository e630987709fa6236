package io.wirehub.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it, in a child JVM started in an empty folder. */
class CommandLineTest {
    @TempDir
    Path tmp;

    private static final Path SAMPLES = Path.of("samples/inbox").toAbsolutePath();

    private record Result(int exit, String out) {
    }

    private Result run(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "out", ".txt");
        Process p = FirstRunTest.wirehub(tmp, log, args);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    @Test
    void versionIsTheBuildsAndHelpCutsNoSummary() throws Exception {
        Result v = run("-V");
        assertThat(v.out.strip()).matches("wirehub \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(run("bench", "dedupe", "-V").out.strip()).isEqualTo(v.out.strip());

        Result help = run("--help");
        assertThat(help.exit).isZero();
        // each command's summary, its wrapped lines joined, is a whole sentence
        List<String> summaries = new ArrayList<>();
        boolean inCommands = false;
        for (String l : help.out.lines().toList()) {
            if (l.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && l.isBlank()) {
                break;
            } else if (inCommands && l.startsWith("  ") && !l.startsWith("   ")) {
                summaries.add(l.strip());
            } else if (inCommands) {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + l.strip());
            }
        }
        assertThat(summaries).extracting(s -> s.split("\\s+")[0])
                .contains("run", "normalize", "process", "bench", "gazetteer", "geotag");
        assertThat(summaries).allSatisfy(s -> assertThat(s).endsWith("."));
    }

    @Test
    void benchAloneIsAUsageErrorListingTheBenchmarks() throws Exception {
        Result r = run("bench");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).contains("name a benchmark").contains("Usage: wirehub bench")
                .contains("  normalize").contains("  dedupe").contains("  gazetteer").contains("  delivery");
    }

    @Test
    void aLookupThatFindsNothingSaysSo() throws Exception {
        Result r = run("gazetteer", "lookup", "Nowhereville");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("no place named or numbered 'Nowhereville' in the gazetteer");
    }

    @Test
    void normalizeLinesAreOneObjectEachAndProcessLeavesNoStateFolder() throws Exception {
        Path log = tmp.resolve("stdout.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", cp, "io.wirehub.cli.WirehubCli", "normalize",
                SAMPLES.resolve("sample-nitf.xml").toString(), SAMPLES.resolve("sample-atom-en.xml").toString())
                .directory(tmp.toFile()).redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSizeGreaterThan(1).allSatisfy(l -> assertThat(l).startsWith("{\"source\":"));

        Result r = run("process", SAMPLES.resolve("sample-nitf.xml").toString());
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("\"event\":\"item.new\"");
        assertThat(tmp.resolve("state")).doesNotExist();
    }
}
