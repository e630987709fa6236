package io.wirehub.publish;

import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;

import java.io.IOException;
import java.io.OutputStream;
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
 */
public class FileSink {
    private final Path root;
    private final Object ndjsonLock = new Object();
    private OutputStream ndjson;
    private LocalDate openDay;

    public FileSink(Path root) {
        this.root = root;
    }

    /** Route entry point: writes the item in the body and leaves the body as it was. */
    public void publish(NinjsItem item) throws IOException {
        write(item);
    }

    /** Writes the item; returns the path of its JSON file. */
    public Path write(NinjsItem item) throws IOException {
        LocalDate day = dayOf(item);
        Path dir = root.resolve("items").resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
        Files.createDirectories(dir);
        String json = NinjsJson.write(item);
        Path target = dir.resolve(ItemIds.fileId(item.uri) + ".json");
        Path tmp = Files.createTempFile(dir, ".wirehub-", ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        appendNdjson(day, json);
        return target;
    }

    private void appendNdjson(LocalDate day, String json) throws IOException {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (ndjsonLock) {
            // One open append channel per day file (items arrive mostly in date order); each line is
            // written whole, in one call, so a crash leaves no half line behind a complete one.
            if (!day.equals(openDay) || ndjson == null) {
                closeNdjson();
                Path dir = Files.createDirectories(root.resolve("ndjson"));
                ndjson = Files.newOutputStream(dir.resolve(day + ".ndjson"),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                openDay = day;
            }
            ndjson.write(line);
            ndjson.flush();
        }
    }

    private void closeNdjson() throws IOException {
        if (ndjson != null) {
            ndjson.close();
            ndjson = null;
        }
    }

    /** Closes the open NDJSON file (on hub stop). */
    public void close() throws IOException {
        synchronized (ndjsonLock) {
            closeNdjson();
        }
    }

    static LocalDate dayOf(NinjsItem item) {
        String d = item.firstCreated != null ? item.firstCreated : item.versionCreated;
        try {
            return d == null ? LocalDate.now(ZoneOffset.UTC) : Instant.parse(d).atZone(ZoneOffset.UTC).toLocalDate();
        } catch (Exception e) {
            return LocalDate.now(ZoneOffset.UTC);
        }
    }
}
