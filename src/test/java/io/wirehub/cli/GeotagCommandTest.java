package io.wirehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeotagCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String run(String stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = WirehubCli.commandLine().execute(args);
            assertThat(code).isZero();
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ndjsonManyDocumentsWithCodePointOffsets() throws Exception {
        StringBuilder in = new StringBuilder();
        int docs = 3000;
        for (int i = 0; i < docs; i++) {
            // an emoji (two UTF-16 chars, one code point) before the names shifts the offsets
            String text = i % 3 == 0 ? "🌧️ Mưa lớn ở Hà Nội và Đà Nẵng." : i % 3 == 1
                    ? "Les talibans ont pris Islam Qala, près de l'Iran." : "Floods hit 𝐍 Hanoi on Monday.";
            String lang = i % 3 == 0 ? "vi" : i % 3 == 1 ? "fr" : "en";
            in.append(JSON.writeValueAsString(JSON.createObjectNode().put("id", "doc-" + i).put("text", text).put("lang", lang)))
                    .append('\n');
        }
        String[] lines = run(in.toString(), "geotag", "--ndjson").split("\n");
        assertThat(lines).hasSize(docs);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("id").asText()).isEqualTo("doc-0");
        String text0 = "🌧️ Mưa lớn ở Hà Nội và Đà Nẵng.";
        JsonNode hanoi = first.get("places").get(0);
        assertThat(hanoi.get("geonameId").asLong()).isEqualTo(1581130);
        assertThat(hanoi.get("literal").asText()).isEqualTo("Hà Nội");
        int cpStart = text0.codePointCount(0, text0.indexOf("Hà Nội"));
        assertThat(hanoi.get("start").asInt()).isEqualTo(cpStart);
        assertThat(hanoi.get("end").asInt()).isEqualTo(cpStart + "Hà Nội".codePointCount(0, "Hà Nội".length()));
        int[] cps = text0.codePoints().toArray();
        assertThat(new String(cps, hanoi.get("start").asInt(), hanoi.get("end").asInt() - hanoi.get("start").asInt()))
                .isEqualTo("Hà Nội");
        for (String f : List.of("start", "end", "literal", "name", "geonameId", "countryCode", "featureCode", "lat", "lon", "score")) {
            assertThat(hanoi.has(f)).as(f).isTrue();
        }
        JsonNode second = JSON.readTree(lines[1]);
        List<Long> ids = new ArrayList<>();
        second.get("places").forEach(p -> ids.add(p.get("geonameId").asLong()));
        assertThat(ids).containsExactly(1142404L, 130758L);
        JsonNode third = JSON.readTree(lines[2]);
        String text2 = "Floods hit 𝐍 Hanoi on Monday.";
        assertThat(third.get("places").get(0).get("start").asInt())
                .isEqualTo(text2.codePointCount(0, text2.indexOf("Hanoi")));
        assertThat(JSON.readTree(lines[docs - 1]).get("id").asText()).isEqualTo("doc-" + (docs - 1));
    }

    @Test
    void badNdjsonLineIsReportedAndTheOthersGoOn() throws Exception {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream("{not json\n{\"id\": 2, \"text\": \"À Hérat.\", \"lang\": \"fr\"}\n"
                    .getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = WirehubCli.commandLine().execute("geotag", "--ndjson");
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(code).isEqualTo(1);
        assertThat(JSON.readTree(lines[0]).get("error").asText()).contains("bad input line");
        assertThat(JSON.readTree(lines[1]).get("places").get(0).get("geonameId").asLong()).isEqualTo(1140026);
    }

    @Test
    void filesWithUnresolvedMentions(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "Les talibans ont pris le poste-frontière de Torghundi avec le Turkménistan.");
        JsonNode res = JSON.readTree(run("", "geotag", "--lang", "fr", "--unresolved", f.toString()));
        JsonNode places = res.get("places");
        assertThat(places.get(0).get("literal").asText()).isEqualTo("Torghundi");
        assertThat(places.get(0).get("geonameId").isNull()).isTrue();
        assertThat(places.get(1).get("geonameId").asLong()).isEqualTo(1218197);
    }

    @Test
    void helpShowsExamples() {
        String help = run("", "geotag", "--help");
        assertThat(help).contains("--ndjson").contains("Examples");
        assertThat(run("", "gazetteer", "import", "--help")).contains("--geonames").contains("Examples");
        assertThat(run("", "bench", "--help")).contains("gazetteer");
    }
}
