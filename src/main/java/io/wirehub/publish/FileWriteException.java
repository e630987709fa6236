package io.wirehub.publish;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A file delivery that could not be written: the file and the reason (e.g. "No space left on
 * device"), kept apart so that failures can be reported per folder and reason rather than per item.
 */
public class FileWriteException extends IOException {
    private final Path file;
    private final String reason;

    public FileWriteException(Path file, IOException cause) {
        super(file + ": " + reasonOf(cause), cause);
        this.file = file;
        this.reason = reasonOf(cause);
    }

    /** The file (or folder) being written. */
    public Path file() {
        return file;
    }

    /** Why, without the file name: the OS message when there is one. */
    public String reason() {
        return reason;
    }

    static String reasonOf(IOException e) {
        if (e instanceof FileWriteException f) {
            return f.reason;
        }
        // a FileSystemException's message starts with the file name, which varies per item
        String r = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return r == null || r.isBlank() ? e.getClass().getSimpleName() : r;
    }
}
