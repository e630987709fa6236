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
