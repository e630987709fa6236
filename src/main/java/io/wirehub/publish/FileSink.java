package io.wirehub.publish;

import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The file sink: each item as {@code out/items/yyyy/mm/dd/<id>.json}, written to a temporary name and
 * moved atomically (a reader never sees half a file), and one line per item in
 * {@code out/ndjson/yyyy-mm-dd.ndjson}. The date is the item's first-created date in UTC.
 *
 * <p>Idempotent across a crash: the dedupe state is recorded only after the sink wrote the item, so
 * after a kill the same item (uri and version) comes again. Its JSON file is simply rewritten under
 * the same name; its NDJSON line is not appended twice, because the sink knows which uri+version
 * lines each day file holds (read once per day file and process, then kept up to date), and a
 * line cut short by the crash is removed before anything is appended after it.
 *
 * <p>A line is appended whole or not at all ({@link LineAppender}): a write that fails part way (a
 * full disk) is truncated away and thrown, so the delivery is retried and the file stays valid
 * NDJSON. A failed item file leaves neither a partial nor an empty file.
 */
public class FileSink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileSink.class);
    private final Path root;
    /** uri + version of the lines of the most recent day files. */
    private final DayFileKeys written = new DayFileKeys(DayFileKeys.setOf("uri", "version"),
            f -> f.get("uri") == null ? null : lineKey(f.get("uri"), f.get("version")));
    private final LineAppender appender;

    public FileSink(Path root) {
        this(root, new LineAppender(FileOpener.REAL));
    }

    /** A sink whose files are opened by {@code opener} (a test simulates a full disk with it). */
    FileSink(Path root, FileOpener opener) {
        this(root, new LineAppender(opener));
    }

    /** A sink appending through {@code appender}, whose per-file locks it then shares. */
    FileSink(Path root, LineAppender appender) {
        this.root = root;
        this.appender = appender;
    }

    /** Route entry point: writes the item in the body and leaves the body as it was. */
    public void publish(NinjsItem item) throws IOException {
        write(item);
    }

    /**
     * Writes the item; returns the path of its JSON file. Throws a {@link FileWriteException} when
     * a file cannot be written (nothing partial is left behind).
     */
    public Path write(NinjsItem item) throws IOException {
        return write(item.uri, item.version, dayOf(item), NinjsJson.write(item));
    }

    /** {@link #write(NinjsItem)} for an item already written as JSON (the envelope's own text). */
    public Path write(String uri, String version, LocalDate day, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return write(uri, version, day, bytes, 0, bytes.length);
    }

    /** {@link #write(String, String, LocalDate, String)} of the JSON's UTF-8 bytes at {@code from..to} of {@code src}. */
    public Path write(String uri, String version, LocalDate day, byte[] src, int from, int to) throws IOException {
        // One copy for both files; the line is the same bytes and a newline.
        byte[] line = new byte[to - from + 1];
        System.arraycopy(src, from, line, 0, to - from);
        line[to - from] = '\n';
        Path target = writeItemFile(root, uri, day, java.nio.ByteBuffer.wrap(line, 0, to - from), appender.opener());
        appendNdjson(day, line, uri, version);
        return target;
    }

    /**
     * Writes {@code json} as {@code root/items/yyyy/mm/dd/<id>.json}: to a temporary name first, then
     * moved over the target atomically, so a reader never sees half a file; on failure the temporary
     * file is deleted and a {@link FileWriteException} thrown. Returns the target.
     */
    static Path writeItemFile(Path root, NinjsItem item, String json, FileOpener opener) throws IOException {
        return writeItemFile(root, item.uri, dayOf(item), json, opener);
    }

    /** {@link #writeItemFile(Path, NinjsItem, String, FileOpener)} by the item's uri and day. */
    static Path writeItemFile(Path root, String uri, LocalDate day, String json, FileOpener opener) throws IOException {
        return writeItemFile(root, uri, day, java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), opener);
    }

    /** This process's part of temporary names: random once, so no two processes share one. */
    private static final String PROCESS = Long.toHexString(new java.security.SecureRandom().nextLong());

    /** Day folders known to exist (created or seen by this process): one stat less per item. */
    private static final java.util.Set<Path> KNOWN_DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@link #writeItemFile(Path, String, LocalDate, String, FileOpener)} for the JSON's UTF-8 bytes. */
    static Path writeItemFile(Path root, String uri, LocalDate day, java.nio.ByteBuffer json, FileOpener opener) throws IOException {
        Path dir = root.resolve("items").resolve(dayPath(day));
        String id = ItemIds.fileId(uri);
        Path target = dir.resolve(id + ".json");
        // A temporary name of this item, process and thread: two threads or two nodes (a shared out/)
        // writing the same item never share one, and no random name is drawn per item
        // (Files.createTempFile's SecureRandom cost more than the write). Created new (O_EXCL, so never
        // through a planted symlink); permissions follow the umask, as the NDJSON day files do.
        Path tmp = dir.resolve(".wirehub-" + id + "-" + PROCESS + "-" + Thread.currentThread().getId() + ".tmp");
        try {
            if (!KNOWN_DIRS.contains(dir)) {
                Files.createDirectories(dir);
                KNOWN_DIRS.add(dir);
            }
            java.nio.channels.FileChannel opened;
            try {
                opened = opener.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.NoSuchFileException gone) {
                // the day folder was removed meanwhile (an operator cleaning out/): made again
                KNOWN_DIRS.remove(dir);
                Files.createDirectories(dir);
                KNOWN_DIRS.add(dir);
                opened = opener.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException left) {
                // left by an earlier write of this process that could not remove it
                Files.deleteIfExists(tmp);
                opened = opener.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            boolean moved = false;
            try {
                try (java.nio.channels.FileChannel ch = opened) {
                    while (json.hasRemaining()) {
                        ch.write(json);
                    }
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                moved = true;
            } finally {
                if (!moved) {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw e instanceof FileWriteException ? e : new FileWriteException(target, e);
        }
        return target;
    }

    /** "yyyy/mm/dd" (String.format's Formatter and locale lookup cost more than the rest of the path). */
    static String dayPath(LocalDate day) {
        StringBuilder sb = new StringBuilder(10);
        int y = day.getYear();
        if (y >= 0 && y < 1000) {
            sb.append(y < 10 ? "000" : y < 100 ? "00" : "0");
        }
        sb.append(y).append('/');
        int m = day.getMonthValue();
        int d = day.getDayOfMonth();
        return sb.append(m < 10 ? "0" : "").append(m).append('/').append(d < 10 ? "0" : "").append(d).toString();
    }

    private void appendNdjson(LocalDate day, byte[] line, String uri, String version) throws IOException {
        String key = lineKey(uri, version);
        Path dir;
        try {
            dir = Files.createDirectories(root.resolve("ndjson"));
        } catch (IOException e) {
            throw new FileWriteException(root.resolve("ndjson"), e);
        }
        Path file = dir.resolve(day + ".ndjson");
        // Under the day file's lock: the appender has already cut a torn last line when the guard runs.
        LineAppender.Guard seen = written.guard(file, key);
        appender.append(file, line, new LineAppender.Guard() {
            @Override
            public boolean alreadyThere() throws IOException {
                if (seen.alreadyThere()) {
                    // written before a crash, not yet recorded by dedupe: already there
                    LOG.info("{} version {} already in {} (written before a restart): not appended again", uri, version, file.getFileName());
                    return true;
                }
                return false;
            }

            @Override
            public void appended() {
                seen.appended();
            }
        });
    }

    /** Nothing stays open between writes; kept for callers that close the sink on stop. */
    public void close() throws IOException {
    }

    private static String lineKey(String uri, String version) {
        return uri + '\u0000' + (version == null ? "1" : version);
    }

    static LocalDate dayOf(NinjsItem item) {
        return dayOf(item.firstCreated, item.versionCreated);
    }

    /** The day of an item's files: its first creation, else its version's, else today (UTC). */
    static LocalDate dayOf(String firstCreated, String versionCreated) {
        String d = firstCreated != null ? firstCreated : versionCreated;
        if (d != null && d.length() >= 20 && d.charAt(d.length() - 1) == 'Z' && d.charAt(4) == '-' && d.charAt(7) == '-'
                && d.charAt(10) == 'T') {
            // The normalizer writes UTC instants ("2026-11-24T08:00:00Z"): their day is their first ten
            // characters; Instant.parse cost more than the rest of a file delivery's bookkeeping.
            try {
                return LocalDate.of(Integer.parseInt(d, 0, 4, 10), Integer.parseInt(d, 5, 7, 10), Integer.parseInt(d, 8, 10, 10));
            } catch (RuntimeException e) {
                // not digits where a date has them: the general parse below decides
            }
        }
        try {
            return d == null ? LocalDate.now(ZoneOffset.UTC) : Instant.parse(d).atZone(ZoneOffset.UTC).toLocalDate();
        } catch (Exception e) {
            return LocalDate.now(ZoneOffset.UTC);
        }
    }
}
