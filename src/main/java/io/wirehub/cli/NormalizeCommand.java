package io.wirehub.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.ItemReader;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.Normalizer;
import io.wirehub.normalize.SourceDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wirehub normalize FILE...}: each file's items as ninjs, one JSON object per line. */
@Command(name = "normalize", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        header = "Print the items of feed or agency files as IPTC ninjs 3.1, one JSON object per line.",
        description = {"Output, in file order:",
                "  {\"source\": FILE, \"index\": i, \"item\": {ninjs}}   for each item, in file order",
                "  {\"source\": FILE, \"error\": \"reason\"}           for a file unread or without a usable item",
                "On stderr, FILE: what was noticed (read leniently, items dropped), or FILE: no items for an empty feed.",
                "Exit status 0 when every file was read, 1 otherwise. The format is detected from the content."},
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar normalize samples/inbox/*",
                "  java -jar target/wirehub.jar normalize --format rss --lang fr feed.xml | jq .item.headlines"})
public class NormalizeCommand implements Callable<Integer> {
    @Option(names = "--format", description = "Force the format (rss, atom, rdf, jsonfeed, newsml-g2, newsml-1, nitf, ninjs, wire) instead of detecting it.")
    String format;

    @Option(names = "--lang", description = "Language to assume when a file declares none (BCP 47).")
    String lang;

    @Option(names = "--feed-id", description = "Feed id recorded in altIds and used to scope ids (default: file).", defaultValue = "file")
    String feedId;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read.")
    List<Path> files;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Normalizer normalizer = new Normalizer();
        boolean allOk = true;
        Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try (JsonGenerator g = NinjsJson.MAPPER.getFactory().createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // one object a line: no separator before the next root value (Jackson's default is a space)
            g.setRootValueSeparator(null);
            for (Path f : files) {
                allOk &= normalizeOne(normalizer, f, g, w);
            }
        }
        w.flush();
        return allOk ? 0 : 1;
    }

    private boolean normalizeOne(Normalizer normalizer, Path f, JsonGenerator g, Writer w) throws IOException {
        String source = f.toString();
        if (!Files.isRegularFile(f)) {
            error(g, w, source, "no such file");
            return false;
        }
        FeedContext ctx = new FeedContext(feedId, null, lang, null, format);
        int index = 0;
        try (ItemReader r = normalizer.open(SourceDocument.ofFile(f, ctx))) {
            while (r.hasNext()) {
                NinjsItem item = r.next();
                g.writeStartObject();
                g.writeStringField("source", source);
                g.writeNumberField("index", index++);
                g.writeFieldName("item");
                NinjsJson.MAPPER.writeValue(g, item);
                g.writeEndObject();
                g.flush();
                w.write('\n');
            }
            notes(spec.commandLine().getErr(), source, r, index);
            return true;
        } catch (Exception e) {
            error(g, w, source, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return false;
        }
    }

    /**
     * What was noticed about a file that was read (read leniently, items dropped), and "no items"
     * for one that held none, on stderr: stdout carries only items and errors, but a file that
     * gave fewer items than it seems to hold, or none, must say why.
     */
    static void notes(java.io.PrintWriter err, String source, ItemReader r, int items) {
        for (String warning : r.warnings()) {
            err.println(source + ": " + warning);
        }
        if (items == 0) {
            err.println(source + ": no items");
        }
        err.flush();
    }

    /** One {"source": ..., "error": ...} line: how every file-reading command reports a file it could not read. */
    static void error(JsonGenerator g, Writer w, String source, String reason) throws IOException {
        g.writeStartObject();
        g.writeStringField("source", source);
        g.writeStringField("error", reason);
        g.writeEndObject();
        g.flush();
        w.write('\n');
    }
}
