package io.wirehub.ingest;

import io.wirehub.normalize.NormalizeStage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Says once when the bundled samples are done: "6 sample documents → 7 items; ninjs files under out/items/", so
 * a newcomer knows where to look. Counts the documents of the samples route (a failed one counts
 * too, its reason logged by the stage) against the files in the folder at start.
 */
public class SamplesReport {
    private static final Logger LOG = LoggerFactory.getLogger(SamplesReport.class);
    private final int expected;
    private final Path items;
    private final AtomicInteger documents = new AtomicInteger();
    private final AtomicInteger itemCount = new AtomicInteger();

    public SamplesReport(Path samplesDir, Path outDir) {
        int n = 0;
        if (Files.isDirectory(samplesDir)) {
            try (Stream<Path> s = Files.list(samplesDir)) {
                n = (int) s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).count();
            } catch (IOException e) {
                n = 0;
            }
        }
        this.expected = n;
        this.items = outDir.resolve("items").toAbsolutePath().normalize();
    }

    /** One sample document went through normalize (and its items through the pipeline). */
    public void read(Exchange ex) {
        Integer n = ex.getProperty(NormalizeStage.PROP_ITEM_COUNT, Integer.class);
        int total = itemCount.addAndGet(n == null ? 0 : n);
        if (documents.incrementAndGet() == expected) {
            LOG.info("{} sample document{} → {} item{}; ninjs files under {}/ (a story carried twice is written once)",
                    expected, expected == 1 ? "" : "s", total, total == 1 ? "" : "s", items);
        }
    }
}
