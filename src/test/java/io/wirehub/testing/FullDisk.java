package io.wirehub.testing;

import io.wirehub.publish.FileOpener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A size-limited file system over a real folder, for the file channels ({@link FileOpener}): files
 * under {@code mount} are real files, but the bytes of all of them together may not exceed the
 * capacity. A write that does not fit writes what fits, for real, and returns the short count, as
 * write(2) does; the next write then fails with {@code IOException("No space left on device")}
 * (ENOSPC). Space comes back when files shrink or are deleted, or with {@link #unlimited()}. Files
 * outside {@code mount} are opened unwrapped (another disk).
 */
public final class FullDisk implements FileOpener {
    public static final String ENOSPC = "No space left on device";
    private final Path mount;
    private volatile long capacity = Long.MAX_VALUE;
    /** Writes cut short because the disk filled up (a partial write really done). */
    public final AtomicInteger partialWrites = new AtomicInteger();
    /** Writes refused with ENOSPC. */
    public final AtomicInteger refused = new AtomicInteger();

    public FullDisk(Path mount) {
        this.mount = mount.toAbsolutePath().normalize();
    }

    /** Fills the disk: from now on only {@code freeBytes} more bytes fit. */
    public synchronized void fill(long freeBytes) {
        capacity = used() + freeBytes;
    }

    /** Space returns. */
    public synchronized void unlimited() {
        capacity = Long.MAX_VALUE;
    }

    /**
     * Bytes in the regular files under the mount. Walked with a visitor that skips entries deleted
     * meanwhile: the hub's temporary files come and go while the walk runs (Files.walk would throw).
     */
    public long used() {
        if (!Files.isDirectory(mount)) {
            return 0;
        }
        long[] sum = {0};
        try {
            Files.walkFileTree(mount, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile()) {
                        sum[0] += a.size();
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE; // deleted meanwhile
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum[0];
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        FileChannel real = FileChannel.open(file, options);
        if (!file.toAbsolutePath().normalize().startsWith(mount)) {
            return real;
        }
        return new Limited(real, Set.of(options).contains(StandardOpenOption.APPEND));
    }

    /** How many of {@code n} bytes written at {@code pos} fit; throws ENOSPC when none does. */
    private long fits(FileChannel ch, long pos, long n) throws IOException {
        long growth = Math.max(0, pos + n - ch.size());
        long free = capacity == Long.MAX_VALUE ? Long.MAX_VALUE : capacity - used();
        if (growth <= free) {
            return n;
        }
        long allowed = Math.max(0, ch.size() + Math.max(0, free) - pos);
        if (allowed == 0) {
            refused.incrementAndGet();
            throw new IOException(ENOSPC);
        }
        partialWrites.incrementAndGet();
        return allowed;
    }

    private final class Limited extends FileChannel {
        private final FileChannel real;
        private final boolean append;

        Limited(FileChannel real, boolean append) {
            this.real = real;
            this.append = append;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (FullDisk.this) {
                long pos = append ? real.size() : real.position();
                int n = (int) fits(real, pos, src.remaining());
                ByteBuffer part = src.slice().limit(n);
                int w = real.write(part);
                src.position(src.position() + w);
                return w;
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (FullDisk.this) {
                int n = (int) fits(real, position, src.remaining());
                ByteBuffer part = src.slice().limit(n);
                int w = real.write(part, position);
                src.position(src.position() + w);
                return w;
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    int before = srcs[i].remaining();
                    int w = write(srcs[i]);
                    total += w;
                    if (w < before) {
                        break;
                    }
                }
            }
            return total;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not used by the file channels");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not used by the file channels");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
