package io.wirehub.normalize;

import io.wirehub.Routes;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The bean behind the {@code normalize} route: turns the document in the body into a lazy stream of
 * ninjs items for the route's streaming split, and reports, once the split is done, how many items
 * the document held and what was noticed about it.
 */
public class NormalizeStage {
    /** Exchange property: number of items the document yielded. */
    public static final String PROP_ITEM_COUNT = "wirehubItemCount";
    /** Exchange property: warnings about the document (malformed, skipped items). */
    public static final String PROP_WARNINGS = "wirehubWarnings";
    /** Exchange property: the uris of the items the document yielded, in order (the push answer lists them). */
    public static final String PROP_ITEM_IDS = "wirehubItemIds";
    private static final String PROP_READER = "wirehubReader";

    private final Normalizer normalizer;

    public NormalizeStage(Normalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** Body SourceDocument in, body lazy item iterator out. */
    public ItemReader open(Exchange ex) throws ParseException, org.apache.camel.InvalidPayloadException {
        SourceDocument doc = ex.getMessage().getMandatoryBody(SourceDocument.class);
        ex.setProperty(Routes.PROP_SOURCE, doc.name());
        Counting reader = new Counting(normalizer.open(doc));
        ex.setProperty(PROP_READER, reader);
        ex.setProperty(PROP_ITEM_IDS, reader.ids);
        return reader;
    }

    /** After the split: item count and warnings as exchange properties. */
    public void finished(Exchange ex) {
        Counting r = ex.getProperty(PROP_READER, Counting.class);
        if (r != null) {
            ex.setProperty(PROP_ITEM_COUNT, r.count);
            ex.setProperty(PROP_WARNINGS, r.warnings());
            r.close();
        }
    }

    private static final class Counting implements ItemReader {
        private final ItemReader inner;
        private int count;
        /** Shared with the exchange, so the ids are known even when the document breaks half-way. */
        private final List<String> ids = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        Counting(ItemReader inner) {
            this.inner = inner;
        }

        @Override
        public List<String> warnings() {
            return inner.warnings();
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public NinjsItem next() {
            if (!inner.hasNext()) {
                throw new NoSuchElementException();
            }
            NinjsItem i = inner.next();
            count++;
            ids.add(i.uri);
            return i;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
