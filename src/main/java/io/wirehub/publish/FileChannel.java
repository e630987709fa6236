package io.wirehub.publish;

import java.io.IOException;
import java.time.LocalDate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file channel of a subscriber: {@code ninjs} writes {@code <dir>/items/yyyy/mm/dd/<id>.json}
 * (temporary name, then atomic move, so a re-delivery overwrites the same file); {@code ndjson}
 * appends the event envelope to {@code <dir>/ndjson/yyyy-mm-dd.ndjson} unless the file already holds
 * its event id (a delivery retried after a crash is not appended twice; see {@link DayFileKeys}); {@code hub}
 * is the hub's own {@link FileSink} layout.
 *
 * <p>Lines are appended whole or not at all ({@link LineAppender}); a write that fails (a full
 * disk) throws a {@link FileWriteException} and leaves no partial line or file, so the caller
 * records a failed attempt and the delivery is retried.
 */
public class FileChannel {
    /** The event ids in the most recent envelope day files. */
    private final DayFileKeys envelopeIds = new DayFileKeys(DayFileKeys.setOf("id"), f -> f.get("id"));
    /** Shared by every folder, so two channels writing the same day file take the same lock. */
    private final LineAppender appender = new LineAppender(FileOpener.REAL);
    /** One sink per folder: a sink remembers which lines its day files hold. */
    private final Map<Path, FileSink> sinks = new ConcurrentHashMap<>();

    /** Test seam: opens files through {@code o} from now on (set before the first write). */
    void opener(FileOpener o) {
        appender.opener(o);
    }

    /** Forgets the sinks (on stop). */
    public void close() {
        sinks.clear();
    }

    /** Writes one envelope; a {@link FileWriteException} names the file that could not be written. */
    public void write(SubscriberSpec.Channel ch, String envelope) throws IOException {
        write(ch, envelope.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #write(SubscriberSpec.Channel, String)} of the envelope's UTF-8 bytes (as the publish route marshals it). */
    public void write(SubscriberSpec.Channel ch, byte[] envelope) throws IOException {
        // The item's own bytes are taken from the envelope as written: no item built, none serialized again.
        EnvelopeText env = EnvelopeText.read(envelope);
        LocalDate day = FileSink.dayOf(env.firstCreated(), env.versionCreated());
        Path root = Path.of(ch.dir);
        String format = ch.format == null ? "ninjs" : ch.format;
        switch (format) {
            case "hub" -> sinks.computeIfAbsent(root.toAbsolutePath(), r -> new FileSink(r, appender))
                    .write(env.uri(), env.version(), day, envelope, env.itemFrom(), env.itemTo());
            case "ndjson" -> appendOnce(root, day, env.eventId(), envelope);
            default -> FileSink.writeItemFile(root, env.uri(), day,
                    java.nio.ByteBuffer.wrap(envelope, env.itemFrom(), env.itemTo() - env.itemFrom()), appender.opener());
        }
    }

    private void appendOnce(Path root, LocalDate day, String eventId, byte[] envelope) throws IOException {
        Path dir = root.resolve("ndjson");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FileWriteException(dir, e);
        }
        Path file = dir.resolve(day + ".ndjson");
        byte[] line = java.util.Arrays.copyOf(envelope, envelope.length + 1);
        line[envelope.length] = '\n';
        // Under the day file's lock, after a torn last line was cut: an id in a cut line does not count.
        appender.append(file, line, envelopeIds.guard(file, eventId));
    }
}
