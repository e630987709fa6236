package io.wirehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.Ninjs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wirehub normalize FILE...}: one JSON line per item in file order, an error line per unreadable file. */
class NormalizeCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, List<JsonNode> lines) {
    }

    static Run run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            exit = WirehubCli.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String l : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(NinjsJson.MAPPER.readTree(l));
            }
        }
        return new Run(exit, lines);
    }

    @Test
    void hundredsOfFilesInOneCallInOrder() throws Exception {
        List<String> args = new ArrayList<>(List.of("normalize"));
        for (int f = 0; f < 300; f++) {
            Path p = tmp.resolve("feed-" + f + ".xml");
            Files.writeString(p, "<rss version=\"2.0\"><channel><title>t</title><link>https://cli.example/</link><description>d</description>"
                    + "<item><title>File " + f + " item 0</title><guid>g" + f + "-0</guid></item>"
                    + "<item><title>File " + f + " item 1</title><guid>g" + f + "-1</guid></item></channel></rss>");
            args.add(p.toString());
        }
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).hasSize(600);
        JsonNode last = r.lines().get(599);
        assertThat(last.get("source").asText()).endsWith("feed-299.xml");
        assertThat(last.get("index").asInt()).isEqualTo(1);
        assertThat(last.at("/item/headlines/0/value").asText()).isEqualTo("File 299 item 1");
        Ninjs.assertValid(last.get("item"));
    }

    @Test
    void unreadableFileGivesAnErrorLineAndExitOne() throws Exception {
        Path good = tmp.resolve("good.xml");
        Files.writeString(good, "<rss version=\"2.0\"><channel><title>t</title><link>https://cli.example/</link><description>d</description>"
                + "<item><title>Ok</title><guid>ok</guid></item></channel></rss>");
        Path html = tmp.resolve("page.xml");
        Files.writeString(html, "<html><body>no feed</body></html>");
        Run r = run("normalize", html.toString(), tmp.resolve("missing.xml").toString(), good.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0).get("error").asText()).contains("HTML page");
        assertThat(r.lines().get(1).get("error").asText()).isEqualTo("no such file");
        assertThat(r.lines().get(2).at("/item/headlines/0/value").asText()).isEqualTo("Ok");
    }

    @Test
    void helpShowsExamples() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            WirehubCli.commandLine().execute("normalize", "--help");
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("Examples:").contains("--format");
    }

    record RunWithErr(int exit, List<JsonNode> lines, String err) {
    }

    static RunWithErr runWithErr(String... args) throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            picocli.CommandLine cl = WirehubCli.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            exit = cl.execute(args);
        } finally {
            System.setOut(old);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String l : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(NinjsJson.MAPPER.readTree(l));
            }
        }
        return new RunWithErr(exit, lines, err.toString());
    }

    @Test
    void fileThatGivesNoUsableItemOrHasAnUnknownRootPrintsAnErrorLine() throws Exception {
        Path cut = tmp.resolve("cut-off.xml");
        Files.writeString(cut, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title");
        Path unknown = tmp.resolve("invoice.xml");
        Files.writeString(unknown, "<?xml version=\"1.0\"?><invoice><total>3</total></invoice>");
        RunWithErr r = runWithErr("normalize", cut.toString(), unknown.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0).get("source").asText()).endsWith("cut-off.xml");
        assertThat(r.lines().get(0).get("error").asText()).contains("1 item dropped: no headline, body or link");
        assertThat(r.lines().get(1).get("error").asText()).contains("root element <invoice>");
    }

    @Test
    void whatWasNoticedAndEmptyFeedsAreSaidOnStderr() throws Exception {
        Path jekyll = tmp.resolve("jekyll.xml");
        Files.writeString(jekyll, "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed><title>Notes</title><entry><title>Canal walk</title>"
                + "<link href=\"https://notes.example/canal.html\"/><id>https://notes.example/canal</id><updated>2026-11-20T09:00:00Z</updated>"
                + "<content type=\"html\">&lt;p&gt;From the lock to the mill.&lt;/p&gt;</content></entry></feed>");
        Path empty = tmp.resolve("empty.xml");
        Files.writeString(empty, "<rss version=\"2.0\"><channel><title>t</title><link>https://cli.example/</link><description>d</description></channel></rss>");
        RunWithErr r = runWithErr("normalize", jekyll.toString(), empty.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).singleElement().satisfies(l -> assertThat(l.at("/item/headlines/0/value").asText()).isEqualTo("Canal walk"));
        assertThat(r.err()).contains(jekyll + ": read leniently: root element <feed> has no namespace; read as Atom")
                .contains(empty + ": no items");
    }
}
