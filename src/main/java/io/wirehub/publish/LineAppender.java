package io.wirehub.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends lines to NDJSON files, each line whole or not at all. Appends to one file are serialized
 * by a lock per file, so concurrent deliveries cannot interleave. A write that fails part way (a
 * full disk) is undone by truncating the file back to its length before the append, so the next
 * line does not start in the middle of a cut one; the failure is thrown to the caller, which must
 * not record the line as written.
 */
final class LineAppender {
    private static final Logger LOG = LoggerFactory.getLogger(LineAppender.class);
    private static final int BLOCK = 8192;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    private volatile FileOpener opener;

    LineAppender(FileOpener opener) {
        this.opener = opener;
    }

    void opener(FileOpener o) {
        this.opener = o;
    }

    FileOpener opener() {
        return opener;
    }

    /** What the caller checks and records under the file's lock. */
    interface Guard {
        /** True when the line is already in the (repaired) file: nothing is appended. */
        boolean alreadyThere() throws IOException;

        /** The line was appended whole. */
        default void appended() {
        }
    }

    /**
     * Appends {@code line} (ending in '\n') to {@code file} unless {@code guard} finds it there;
     * returns whether it was appended. On failure the file is as it was before and a
     * {@link FileWriteException} is thrown.
     */
    boolean append(Path file, byte[] line, Guard guard) throws IOException {
        synchronized (locks.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
            // Opened per append, not kept: a day file moved away or deleted by an operator is
            // recreated instead of written through a stale handle; the cost is small next to the
            // database commit of each delivery.
            try (java.nio.channels.FileChannel ch = opener.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long size = repair(file, ch);
                if (guard.alreadyThere()) {
                    return false;
                }
                ByteBuffer buf = ByteBuffer.wrap(line);
                try {
                    long pos = size;
                    while (buf.hasRemaining()) {
                        pos += ch.write(buf, pos);
                    }
                } catch (IOException e) {
                    undo(file, ch, size, e);
                    throw new FileWriteException(file, e);
                }
                guard.appended();
                return true;
            } catch (FileWriteException e) {
                throw e;
            } catch (IOException e) {
                throw new FileWriteException(file, e);
            }
        }
    }

    /** Truncates back to the last complete line; if even that fails, the next append repairs it. */
    private static void undo(Path file, java.nio.channels.FileChannel ch, long size, IOException cause) {
        try {
            ch.truncate(size);
        } catch (IOException t) {
            cause.addSuppressed(t);
            LOG.warn("{}: a line cut by a failed write could not be removed ({}); it is before the next append",
                    file, t.getMessage());
        }
    }

    /**
     * Cuts a last line without its '\n' (left by a kill mid-append, or by a version that did not
     * undo failed writes) and returns the new length. Safe: lines are only ever written whole and
     * '\n'-terminated, and a delivery is recorded only after its write returned, so an unterminated
     * tail is a write that never completed; its delivery was not recorded and will write the whole
     * line again. Keeping it would glue the next line onto it, making both invalid JSON.
     */
    private static long repair(Path file, java.nio.channels.FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return 0;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        if (ch.read(last, size - 1) == 1 && last.get(0) == '\n') {
            return size; // the usual case: one byte read
        }
        long end = size;
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        search:
        while (end > 0) {
            long from = Math.max(0, end - BLOCK);
            b.clear().limit((int) (end - from));
            while (b.hasRemaining()) {
                if (ch.read(b, from + b.position()) < 0) {
                    break;
                }
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    end = from + i + 1;
                    break search;
                }
            }
            end = from;
        }
        if (end < size) {
            ch.truncate(end);
            LOG.warn("{}: removed a cut last line ({} bytes without a newline, left by an interrupted write)", file, size - end);
        }
        return end;
    }
}
