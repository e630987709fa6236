package io.wirehub.ingest;

import io.wirehub.Routes;
import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.SourceDocument;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The bean behind the {@code inbox} and {@code samples} routes: a dropped file becomes a
 * {@link SourceDocument}; a file that fails gets {@code error/<name>.error.txt} with the reason beside
 * it (the route's file consumer moves the file itself to {@code error/}).
 */
public class InboxFiles {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);
    private final long maxBytes;

    /** @param maxBytes files larger than this are refused (not read into memory) */
    public InboxFiles(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Body GenericFile in, SourceDocument out. */
    public SourceDocument fromFile(Exchange ex) throws IOException, io.wirehub.normalize.ParseException {
        GenericFile<?> gf = ex.getMessage().getBody(GenericFile.class);
        Path p = Path.of(gf.getAbsoluteFilePath());
        long size = Files.size(p);
        if (size > maxBytes) {
            throw new io.wirehub.normalize.ParseException("file is " + size + " bytes, over the inbox limit of " + maxBytes);
        }
        String source = "inbox:" + gf.getFileName();
        ex.setProperty(Routes.PROP_SOURCE, source);
        ex.setProperty(Routes.PROP_FEED, "inbox");
        return new SourceDocument(gf.getFileName(), null, p, null, new FeedContext("inbox", null, null, null, null));
    }

    /**
     * After a file was normalized: what was noticed about it (read leniently, items dropped) is
     * logged with the file's name, as feed health does for polled feeds, so a file that gave
     * fewer items than it holds, or none, always says why.
     */
    public void read(Exchange ex) {
        String name = ex.getProperty(Routes.PROP_SOURCE, String.class);
        java.util.List<?> warnings = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_WARNINGS, java.util.List.class);
        Integer items = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_ITEM_COUNT, Integer.class);
        if (warnings != null && !warnings.isEmpty()) {
            LOG.warn("inbox file {}: {} item(s); {}", name, items == null ? 0 : items,
                    String.join("; ", warnings.stream().map(String::valueOf).toList()));
        } else if (items != null && items == 0) {
            LOG.info("inbox file {}: no items", name);
        }
    }

    /** Writes the reason next to where the failed file goes, and logs it once. */
    public void failed(Exchange ex) throws IOException {
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = FeedPolling.reason(t);
        String name = ex.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String dir = ex.getMessage().getHeader("CamelFileParent", String.class);
        if (name == null || dir == null) {
            LOG.warn("inbox file failed: {}", reason);
            return;
        }
        Path errDir = Path.of(dir).resolve("error");
        Files.createDirectories(errDir);
        Files.writeString(errDir.resolve(name + ".error.txt"),
                "file: " + name + "\nfailed at: " + Instant.now() + "\nreason: " + reason + "\n", StandardCharsets.UTF_8);
        LOG.warn("inbox file {} moved to error/: {}", name, reason);
    }
}
