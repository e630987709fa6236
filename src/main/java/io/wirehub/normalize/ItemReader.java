package io.wirehub.normalize;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The items of one document, in order. {@link #next()} may throw {@link ParseRuntimeException} when
 * the document turns out unreadable past the items already returned. Warnings (a malformed feed
 * read leniently, items skipped with their reason) are collected in {@link #warnings()}.
 */
public interface ItemReader extends Iterator<NinjsItem>, java.io.Closeable {

    /** Non-fatal findings about the document: "malformed XML, read leniently", "planning item skipped". */
    List<String> warnings();

    @Override
    default void close() {
    }

    /** An already-parsed list of items. */
    static ItemReader of(List<NinjsItem> items, List<String> warnings) {
        Iterator<NinjsItem> it = items.iterator();
        return new ItemReader() {
            @Override
            public List<String> warnings() {
                return warnings;
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public NinjsItem next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return it.next();
            }
        };
    }
}
