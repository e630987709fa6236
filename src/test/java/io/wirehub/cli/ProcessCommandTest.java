package io.wirehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wirehub process}: two calls on one state folder behave like the hub before and after a restart. */
class ProcessCommandTest {
    @TempDir
    Path dir;

    static final String LEAD = "Temperatures in Hanoi climbed above 40 degrees Celsius on Monday, the hottest day of the year so far, "
            + "as a heatwave gripped northern Vietnam and electricity demand hit a record.";
    static final String MORE = "The national weather centre said the heat would persist until the weekend, and doctors told the "
            + "elderly to stay indoors between noon and four.";

    static String rss(String guid, String title, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link>"
                + "<description>d</description><item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + title + "</title>"
                + "<description>" + body + "</description><pubDate>Mon, 03 Jun 2024 04:00:00 GMT</pubDate></item></channel></rss>";
    }

    List<JsonNode> run(String... args) throws Exception {
        java.io.StringWriter buf = new java.io.StringWriter();
        picocli.CommandLine cl = WirehubCli.commandLine();
        cl.setOut(new java.io.PrintWriter(buf));
        int rc = cl.execute(args);
        assertThat(rc).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String l : buf.toString().split("\n")) {
            if (!l.isBlank()) {
                out.add(NinjsJson.MAPPER.readTree(l));
            }
        }
        return out;
    }

    @Test
    void versionsAndCopiesAcrossTwoCallsOnOneStateFolder() throws Exception {
        Path v1 = Files.writeString(dir.resolve("afp-v1.xml"), rss("AFP-1", "Hanoi swelters above 40C", LEAD + " " + MORE));
        Path v2 = Files.writeString(dir.resolve("afp-v2.xml"), rss("AFP-1", "Hanoi swelters above 41C",
                LEAD.replace("40", "41") + " " + MORE));
        Path vna = Files.writeString(dir.resolve("vna.xml"), rss("VNA-9", "Heatwave grips Hanoi",
                "HANOI (VNA) - " + LEAD.replace("Monday", "Monday 3 June") + " " + MORE));
        String state = dir.resolve("state").toString();

        List<JsonNode> first = run("process", "--state", state, "--config", dir.toString(), "--agency", "AFP", v1.toString());
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("event").asText()).isEqualTo("item.new");
        assertThat(first.get(0).path("source").asText()).isEqualTo(v1.toString());
        String story = first.get(0).path("story").path("id").asText();
        assertThat(story).startsWith("urn:wirehub:story:");

        // Second call = after a restart: the same file prints nothing, the edit is an update, the VNA copy a duplicate.
        List<JsonNode> second = run("process", "--state", state, "--config", dir.toString(), "--agency", "AFP", v1.toString(), v2.toString());
        assertThat(second).hasSize(1);
        assertThat(second.get(0).path("event").asText()).isEqualTo("item.updated");
        assertThat(second.get(0).path("item").path("version").asText()).isEqualTo("2");
        assertThat(second.get(0).path("story").path("id").asText()).isEqualTo(story);

        List<JsonNode> third = run("process", "--state", state, "--config", dir.toString(), "--agency", "VNA", vna.toString());
        assertThat(third).hasSize(1);
        JsonNode dup = third.get(0);
        assertThat(dup.path("event").asText()).isEqualTo("item.duplicate");
        assertThat(dup.path("story").path("id").asText()).isEqualTo(story);
        assertThat(dup.path("story").path("sources").toString()).isEqualTo("[\"AFP\",\"VNA\"]");
        boolean storyAltId = false;
        for (JsonNode a : dup.path("item").path("altIds")) {
            storyAltId |= "story".equals(a.path("role").asText()) && story.equals(a.path("value").asText());
        }
        assertThat(storyAltId).as("altIds role story").isTrue();
    }

    @Test
    void storySourcesAreOutletsNeverTheFeedIdOfAFileReadWithoutConfiguration() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.xml"), rss("P-1", "Heatwave grips Hanoi", LEAD + " " + MORE));
        List<JsonNode> out = run("process", "--state", dir.resolve("state").toString(), "--config", dir.toString(), plain.toString());
        assertThat(out).singleElement().satisfies(e -> {
            // "file" is where the item came in (altIds role feed), not who reported it: no outlet is known
            assertThat(e.path("story").path("sources").toString()).isEqualTo("[]");
            assertThat(e.path("item").path("altIds").toString()).contains("\"feed\"");
        });

        Path seed = Path.of("../shared/seed/000_322bb145bcebb8c8.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(seed), "shared seed absent (" + seed.toAbsolutePath().normalize() + "): skipped");
        List<JsonNode> wire = run("process", "--state", dir.resolve("state2").toString(), "--config", dir.toString(), seed.toString());
        assertThat(wire).singleElement().satisfies(e ->
                assertThat(e.path("story").path("sources").toString()).isEqualTo("[\"AFP\",\"VNA\",\"CVN\"]"));
    }
}
