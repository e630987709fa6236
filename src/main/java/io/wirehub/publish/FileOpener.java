package io.wirehub.publish;

import java.io.IOException;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files the file channels write into. Production uses {@link #REAL}; a test passes one
 * whose disk fills up, so a full disk can be simulated without mounting anything.
 */
@FunctionalInterface
public interface FileOpener {
    /** {@link java.nio.channels.FileChannel#open(Path, OpenOption...)}. */
    FileOpener REAL = java.nio.channels.FileChannel::open;

    /** Opens {@code file} with these options. */
    java.nio.channels.FileChannel open(Path file, OpenOption... options) throws IOException;
}
