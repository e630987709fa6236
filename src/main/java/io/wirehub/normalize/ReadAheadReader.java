package io.wirehub.normalize;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads a large document's items on a second thread, at most {@link #AHEAD} items ahead of the
 * caller: parsing, sanitizing and finishing item n+1 runs while the caller handles item n (writes its
 * JSON, or dedupes, geotags and publishes it). The items come out in document order, exactly as the
 * wrapped reader gives them; an exception the reader throws part way is thrown by {@link #next()}
 * at the same place.
 *
 * <p>Why: a burst (an agency's file of 20,000 items, a feed's first poll) kept one core busy while the
 * other waited; the profile had normalize at about a quarter to a third of the thread that reads a
 * document. Small documents (a feed poll's few new items) are read on the caller's thread: a handoff
 * costs more than it saves there.
 */
final class ReadAheadReader implements ItemReader {
    /** Documents at least this large are read ahead (a few hundred feed items). */
    static final long MIN_BYTES = 256 * 1024;
    /** Items read ahead at most: enough to absorb an item that takes long, small enough for the heap. */
    static final int AHEAD = 64;

    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wirehub-read-ahead");
        t.setDaemon(true);
        return t;
    });
    /** Marks the end of the document in the queue. */
    private static final Object END = new Object();

    private final ItemReader raw;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Future<?> reading;
    private volatile boolean closed;
    private Object next;
    private boolean ended;

    private ReadAheadReader(ItemReader raw) {
        this.raw = raw;
        this.reading = READERS.submit(this::readAll);
    }

    /** {@code raw} read ahead on a second thread if the document is large and there is a second core. */
    static ItemReader of(ItemReader raw, SourceDocument doc) {
        try {
            if (Runtime.getRuntime().availableProcessors() > 1 && doc.size() >= MIN_BYTES) {
                return new ReadAheadReader(raw);
            }
        } catch (java.io.IOException e) {
            // size unknown: read on the caller's thread
        }
        return raw;
    }

    private void readAll() {
        Object last = END;
        try {
            while (!closed && raw.hasNext()) {
                if (!put(raw.next())) {
                    return;
                }
            }
        } catch (Throwable e) {
            // whatever ends the reading (a checked exception thrown sneakily too) ends the caller's loop
            last = e instanceof RuntimeException || e instanceof Error ? e : new ParseRuntimeException(String.valueOf(e.getMessage()), e);
        }
        put(last);
    }

    /** False when the caller closed the reader meanwhile (nobody takes items any more). */
    private boolean put(Object o) {
        try {
            while (!queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (next == null && !ended) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ParseRuntimeException("interrupted while reading the document", e);
            }
            if (next == END) {
                next = null;
                ended = true;
            } else if (next instanceof RuntimeException e) {
                next = null;
                ended = true;
                throw e;
            } else if (next instanceof Error e) {
                next = null;
                ended = true;
                throw e;
            }
        }
        return next != null;
    }

    @Override
    public NinjsItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        NinjsItem n = (NinjsItem) next;
        next = null;
        return n;
    }

    /**
     * What the reader noticed, once the items have all been taken (every caller asks after the last
     * item). Asked before that, the caller has given up on the document: reading stops there.
     */
    @Override
    public List<String> warnings() {
        if (!ended) {
            stop();
        }
        awaitReader();
        return raw.warnings();
    }

    @Override
    public void close() {
        stop();
        awaitReader();
        raw.close();
    }

    /** No more items are taken: the second thread stops at its next item. */
    private void stop() {
        closed = true;
        queue.clear();
    }

    private void awaitReader() {
        try {
            reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // readAll catches what the reader throws; nothing else can end it
        }
    }
}
