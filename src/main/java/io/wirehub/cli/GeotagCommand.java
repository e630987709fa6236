package io.wirehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wirehub.gazetteer.Gazetteer;
import io.wirehub.gazetteer.Geotagger;
import io.wirehub.gazetteer.Geotagger.Mention;
import io.wirehub.gazetteer.Place;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wirehub geotag}: the places of texts, as JSON. */
@Command(name = "geotag", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = {"Print the places named in texts, resolved to GeoNames, as JSON.",
                "Offsets (start, end) count Unicode code points of the given text."},
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar geotag --lang fr article.txt",
                "  echo 'Floods hit Hanoi.' | java -jar target/wirehub.jar geotag --lang en",
                "  java -jar target/wirehub.jar geotag --ndjson < docs.ndjson > places.ndjson",
                "    input lines:  {\"id\": ..., \"text\": ..., \"lang\": ...}",
                "    output lines: {\"id\": ..., \"places\": [{\"start\", \"end\", \"literal\", \"name\",",
                "                  \"geonameId\", \"countryCode\", \"featureCode\", \"lat\", \"lon\", \"score\"}]}"})
public class GeotagCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--lang", paramLabel = "L", description = "Language of the texts (fr, en, vi...): weighs on names and places.")
    String lang;
    @Option(names = "--ndjson", description = "Read NDJSON documents on stdin, write one NDJSON result per line.")
    boolean ndjson;
    @Option(names = "--unresolved", description = "Also list place mentions the gazetteer does not know (geonameId null).")
    boolean unresolved;
    @Option(names = "--demonyms", description = "Also list demonyms (\"Afghan\", \"afghanes\") with the country they name.")
    boolean demonyms;
    @Option(names = "--gazetteer", paramLabel = "FILE", description = "Gazetteer file (default: the bundled one).")
    Path gazetteerFile;
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Text files (UTF-8); stdin when none.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Geotagger tagger = gazetteerFile == null ? Geotagger.bundled() : new Geotagger(Gazetteer.load(gazetteerFile));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        int status = 0;
        if (ndjson) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
            String line;
            int ln = 0;
            while ((line = in.readLine()) != null) {
                ln++;
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode res = JSON.createObjectNode();
                try {
                    JsonNode doc = JSON.readTree(line);
                    res.set("id", doc.get("id"));
                    String text = doc.path("text").asText("");
                    String l = doc.hasNonNull("lang") ? doc.get("lang").asText() : lang;
                    res.set("places", places(tagger, text, l));
                } catch (Exception e) {
                    res.put("line", ln);
                    res.put("error", "bad input line: " + e.getMessage());
                    status = 1;
                }
                out.println(JSON.writeValueAsString(res));
            }
        } else if (files == null || files.isEmpty()) {
            String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(places(tagger, text, lang)));
        } else {
            for (Path f : files) {
                ObjectNode res = JSON.createObjectNode();
                res.put("file", f.toString());
                try {
                    res.set("places", places(tagger, Files.readString(f, StandardCharsets.UTF_8), lang));
                } catch (Exception e) {
                    System.err.println("geotag: cannot read " + f + ": " + e.getMessage());
                    status = 1;
                    continue;
                }
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(res));
            }
        }
        out.flush();
        return status;
    }

    private ArrayNode places(Geotagger tagger, String text, String l) {
        ArrayNode arr = JSON.createArrayNode();
        int cpPos = 0;
        int charPos = 0;
        for (Mention m : tagger.tag(text, l)) {
            if (m.kind() == Geotagger.Kind.UNRESOLVED && !unresolved) {
                continue;
            }
            if (m.kind() == Geotagger.Kind.DEMONYM && !demonyms) {
                continue;
            }
            // mentions come in text order: count code points incrementally
            cpPos += text.codePointCount(charPos, m.start());
            charPos = m.start();
            int cpEnd = cpPos + text.codePointCount(m.start(), m.end());
            ObjectNode o = arr.addObject();
            o.put("start", cpPos);
            o.put("end", cpEnd);
            o.put("literal", m.literal());
            Place p = m.place();
            if (p == null) {
                o.put("name", m.literal());
                o.putNull("geonameId");
                o.put("unresolved", true);
                continue;
            }
            o.put("name", p.name(l));
            o.put("geonameId", p.geonameId());
            o.put("countryCode", p.countryCode());
            o.put("featureCode", p.featureCode());
            o.put("lat", p.lat());
            o.put("lon", p.lon());
            o.put("score", m.score());
            if (m.kind() == Geotagger.Kind.DEMONYM) {
                o.put("demonym", true);
            }
        }
        return arr;
    }
}
