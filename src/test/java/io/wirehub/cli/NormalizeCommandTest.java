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
}
