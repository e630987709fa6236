package io.wirehub.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads a response body with a cap on its decoded size and a deadline for the whole body: the
 * HTTP client has already undone gzip/deflate, so a compression bomb stops at the cap, and a server
 * that trickles bytes forever stops at the deadline (each single read is bounded by the socket
 * timeout).
 */
public final class CappedRead {
    private CappedRead() {
    }

    /** The body decoded per its Content-Encoding (gzip, deflate with or without zlib header, identity). */
    public static InputStream decoded(InputStream raw, String contentEncoding) throws IOException {
        if (raw == null || contentEncoding == null || contentEncoding.isBlank()) {
            return raw;
        }
        String enc = contentEncoding.strip().toLowerCase(java.util.Locale.ROOT);
        switch (enc) {
            case "identity":
                return raw;
            case "gzip":
            case "x-gzip":
                return new java.util.zip.GZIPInputStream(raw, 64 * 1024);
            case "deflate":
                java.io.BufferedInputStream b = new java.io.BufferedInputStream(raw, 64 * 1024);
                b.mark(1);
                int first = b.read();
                b.reset();
                // RFC 9110 deflate is zlib-wrapped; some servers send raw deflate
                return new java.util.zip.InflaterInputStream(b, new java.util.zip.Inflater((first & 0x0F) != 8), 64 * 1024);
            default:
                throw new FetchException("unsupported Content-Encoding " + contentEncoding);
        }
    }

    /**
     * Gives the connection back: closed when the body was read to its end, aborted otherwise, so a
     * hostile server's endless or oversized body is never drained.
     */
    public static void release(InputStream raw, boolean complete) {
        if (raw == null) {
            return;
        }
        try {
            if (!complete && raw instanceof org.apache.hc.core5.http.io.EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                raw.close();
            }
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    public static byte[] readAll(InputStream in, long maxBytes, Instant deadline, String source) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw new FetchException("body of " + source + " exceeds " + maxBytes + " bytes once decoded");
            }
            out.write(buf, 0, n);
            if (deadline != null && Instant.now().isAfter(deadline)) {
                throw new FetchException("body of " + source + " not complete before the total timeout");
            }
        }
        return out.toByteArray();
    }
}
