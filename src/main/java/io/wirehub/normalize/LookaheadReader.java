package io.wirehub.normalize;

import java.util.NoSuchElementException;

/**
 * An {@link ItemReader} that reads one item ahead: subclasses implement {@link #advance()}, which
 * returns the next item or null at the end, and this class does the iterator bookkeeping.
 */
abstract class LookaheadReader implements ItemReader {
    private NinjsItem next;
    private boolean ended;
    private int emitted;

    /** The next item of the document, or null when there is none. */
    protected abstract NinjsItem advance();

    /** Items handed out so far. */
    protected int emitted() {
        return emitted;
    }

    /** After this, {@link #hasNext()} is false. */
    protected void end() {
        ended = true;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = advance();
            if (next == null) {
                ended = true;
            }
        }
        return next != null;
    }

    @Override
    public NinjsItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        NinjsItem n = next;
        next = null;
        emitted++;
        return n;
    }
}
