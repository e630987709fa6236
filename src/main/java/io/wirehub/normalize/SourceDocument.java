package io.wirehub.normalize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One document as it arrived (a polled feed body, an inbox file, a pushed body), re-readable so
 * that a strict parse that fails half-way can be retried leniently.
 *
 * @param name        what an operator recognises in an error: the feed id or the file name
 * @param bytes       the document, when it is held in memory (HTTP bodies, pushes)
 * @param path        the document, when it is a file on disk (inbox); bytes is then null
 * @param contentType the HTTP Content-Type header, used only as the last hint for the charset
 * @param context     what the hub knows of the source: feed id, agency, language hint, base URL
 */
public record SourceDocument(String name, byte[] bytes, Path path, String contentType, FeedContext context) {

    public static SourceDocument ofBytes(String name, byte[] bytes, String contentType, FeedContext context) {
        return new SourceDocument(name, bytes, null, contentType, context);
    }

    public static SourceDocument ofFile(Path path, FeedContext context) {
        return new SourceDocument(path.getFileName().toString(), null, path, null, context);
    }

    /** Opens the document from its start; each call gives a fresh stream. */
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    /** Size in bytes. */
    public long size() throws IOException {
        return bytes != null ? bytes.length : Files.size(path);
    }

    /** Up to {@code max} leading bytes, for format and charset sniffing. */
    public byte[] head(int max) throws IOException {
        try (InputStream in = open()) {
            return in.readNBytes(max);
        }
    }
}
