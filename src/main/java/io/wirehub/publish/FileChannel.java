package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file channel of a subscriber: {@code ninjs} writes {@code <dir>/items/yyyy/mm/dd/<id>.json}
 * (temporary name, then atomic move, so a re-delivery overwrites the same file); {@code ndjson}
 * appends the event envelope to {@code <dir>/ndjson/yyyy-mm-dd.ndjson}, first checking the end of
 * the file for the event id so a delivery retried after a crash is not appended twice; {@code hub}
 * is the hub's own {@link FileSink} layout.
 */
public class FileChannel {
    /** Bytes at the end of a day file searched for an event id before appending it. */
    private static final int TAIL = 4 << 20;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    /** One sink per folder: a sink keeps its NDJSON day file open. */
    private final Map<Path, FileSink> sinks = new ConcurrentHashMap<>();
    private volatile FileOpener opener = FileOpener.REAL;

    /** Test seam: opens files through {@code o} from now on (set before the first write). */
    void opener(FileOpener o) {
        this.opener = o;
    }

    /** Closes the open day files. */
    public void close() {
        for (FileSink s : sinks.values()) {
            try {
                s.close();
            } catch (IOException e) {
                // closing at shutdown: nothing more to do
            }
        }
        sinks.clear();
    }

    /** Writes one envelope. */
    public void write(SubscriberSpec.Channel ch, String envelope) throws IOException {
        JsonNode env = NinjsJson.MAPPER.readTree(envelope);
        NinjsItem item = NinjsJson.MAPPER.treeToValue(env.get("item"), NinjsItem.class);
        Path root = Path.of(ch.dir);
        String format = ch.format == null ? "ninjs" : ch.format;
        switch (format) {
            case "hub" -> sinks.computeIfAbsent(root.toAbsolutePath(), r -> new FileSink(r, opener)).write(item);
            case "ndjson" -> appendOnce(root, item, env.get("id").asText(), envelope);
            default -> writeItem(root, item);
        }
    }

    private void writeItem(Path root, NinjsItem item) throws IOException {
        FileSink.writeItemFile(root, item, NinjsJson.write(item), opener);
    }

    private void appendOnce(Path root, NinjsItem item, String eventId, String envelope) throws IOException {
        Path dir = root.resolve("ndjson");
        Files.createDirectories(dir);
        Path file = dir.resolve(FileSink.dayOf(item) + ".ndjson");
        synchronized (locks.computeIfAbsent(file.toAbsolutePath(), k -> new Object())) {
            if (Files.exists(file) && tailContains(file, "\"id\":\"" + eventId + "\"")) {
                return;
            }
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(opener.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE))) {
                out.write((envelope + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean tailContains(Path file, String needle) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - TAIL);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8).contains(needle);
        }
    }
}
