package io.wirehub.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wirehub.HubConfig;
import io.wirehub.dedupe.Dedupe;
import io.wirehub.dedupe.DedupeDecision;
import io.wirehub.dedupe.DedupeSettings;
import io.wirehub.gazetteer.Enricher;
import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.ItemReader;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.Normalizer;
import io.wirehub.normalize.SourceDocument;
import io.wirehub.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirehub process [--state DIR] FILE...}: the hub's item stages on files, without the
 * runtime: normalize, dedupe, enrich, one event per line. The state folder holds the dedupe
 * database, so two calls behave like the hub before and after a restart.
 */
@Command(name = "process", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        header = "Run normalize, dedupe and enrich on files and print one JSON event per line.",
        description = {"Output, one event per line:",
                "  {\"event\": \"item.new|item.updated|item.duplicate|item.canceled\", \"source\": FILE, \"id\": uri,",
                "   \"story\": {\"id\": ..., \"sources\": [...]}, \"reason\": ..., \"item\": {ninjs}}",
                "  {\"source\": FILE, \"error\": \"reason\"}   for a file that could not be read",
                "Items already seen with the same content print nothing. --state DIR keeps what was seen between calls.",
                "Exit status 0 when every file was read, 1 otherwise."},
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar process --state /tmp/st afp-v1.xml afp-v2.xml",
                "  java -jar target/wirehub.jar process --state /tmp/st vna.xml cvn.xml | jq -c '[.event,.story.sources]'"})
public class ProcessCommand implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "DIR",
            description = "Folder of the dedupe state (an H2 database; created if missing), kept between calls. "
                    + "Default: a temporary folder, removed at exit (each call starts afresh).")
    Path state;

    @Option(names = "--config", description = "Folder with application.properties for the dedupe settings (default: ${DEFAULT-VALUE}; absent = defaults).",
            defaultValue = "config")
    Path config;

    @Option(names = "--format", description = "Force the format instead of detecting it.")
    String format;

    @Option(names = "--lang", description = "Language to assume when a file declares none (BCP 47).")
    String lang;

    @Option(names = "--feed-id", description = "Feed id recorded in altIds; with the credited outlet it scopes ids (default: ${DEFAULT-VALUE}).",
            defaultValue = "file")
    String feedId;

    @Option(names = "--agency", description = "Agency or outlet credited when an item names none (AFP, VNA...): scopes its ids and is listed in the story's sources.")
    String agency;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read, in this order.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        // stdout carries the events, one JSON object a line: logs go to stderr.
        io.wirehub.Logging.toStderr();
        HubConfig cfg = HubConfig.load(config);
        Path tempState = null;
        if (state == null) {
            tempState = Files.createTempDirectory("wirehub-process-");
            state = tempState;
        }
        Files.createDirectories(state);
        try {
            return process(cfg);
        } finally {
            if (tempState != null) {
                try (java.util.stream.Stream<Path> s = Files.walk(tempState)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private Integer process(HubConfig cfg) throws Exception {
        Normalizer normalizer = new Normalizer();
        // The same enrich stage the hub binds as "enricher".
        Enricher enricher = Enricher.fromProperties(cfg.properties());
        boolean allOk = true;
        // picocli's out (System.out unless a caller set another): events only, logs go elsewhere.
        Writer w = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        try (Database db = Database.h2(state);
             JsonGenerator g = NinjsJson.MAPPER.getFactory().createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // one object a line: no separator before the next root value (Jackson's default is a space)
            g.setRootValueSeparator(null);
            Dedupe dedupe = new Dedupe(db.dataSource(), DedupeSettings.from(cfg));
            for (Path f : files) {
                allOk &= processOne(normalizer, dedupe, enricher, f, g, w);
            }
        }
        w.flush();
        return allOk ? 0 : 1;
    }

    private boolean processOne(Normalizer normalizer, Dedupe dedupe, Enricher enricher, Path f, JsonGenerator g, Writer w)
            throws IOException {
        String source = f.toString();
        if (!Files.isRegularFile(f)) {
            NormalizeCommand.error(g, w, source, "no such file");
            return false;
        }
        FeedContext ctx = new FeedContext(feedId, agency, lang, null, format);
        int read = 0;
        try (ItemReader r = normalizer.open(SourceDocument.ofFile(f, ctx))) {
            while (r.hasNext()) {
                NinjsItem item = r.next();
                read++;
                DedupeDecision d = dedupe.decide(item);
                if (d.event() == null) {
                    continue;
                }
                item = enricher.enrich(d.item());
                g.writeStartObject();
                g.writeStringField("event", d.event());
                g.writeStringField("source", source);
                g.writeStringField("id", item.uri);
                g.writeObjectFieldStart("story");
                g.writeStringField("id", d.storyId());
                g.writeArrayFieldStart("sources");
                for (String s : d.sources()) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeStringField("reason", d.reason());
                g.writeFieldName("item");
                NinjsJson.MAPPER.writeValue(g, item);
                g.writeEndObject();
                g.flush();
                w.write('\n');
                // Recorded once printed: the output is this command's "downstream".
                dedupe.recordNow(d);
            }
            NormalizeCommand.notes(spec.commandLine().getErr(), source, r, read);
            return true;
        } catch (Exception e) {
            NormalizeCommand.error(g, w, source, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return false;
        }
    }
}
