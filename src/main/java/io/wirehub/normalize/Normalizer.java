package io.wirehub.normalize;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The normalize stage: one entry point for every way a document arrives (poll, inbox, push, CLI).
 * It detects the format from the content, hands the document to the parser registered for it, and
 * finishes every item the same way (language, ids, counts), so all formats yield the same ninjs.
 */
public final class Normalizer {
    private static final Logger LOG = LoggerFactory.getLogger(Normalizer.class);
    private final Map<String, FormatParser> parsers = new HashMap<>();

    /** A normalizer with every parser registered through {@link ServiceLoader}. */
    public Normalizer() {
        for (FormatParser p : ServiceLoader.load(FormatParser.class, Normalizer.class.getClassLoader())) {
            for (String f : p.formats()) {
                parsers.putIfAbsent(f, p);
            }
        }
    }

    /** The format names that have a parser. */
    public Set<String> formats() {
        return parsers.keySet();
    }

    /**
     * Opens a document: its items, normalized, in document order.
     *
     * @throws ParseException when the format is unknown or the document cannot be read at all
     */
    public ItemReader open(SourceDocument doc) throws ParseException {
        String forced = doc.context() == null ? null : doc.context().format();
        String format = forced == null || forced.isBlank() || "auto".equals(forced) ? FormatDetector.detect(doc) : forced;
        FormatParser parser = parsers.get(format);
        if (parser == null) {
            throw new ParseException(unsupported(format));
        }
        return ReadAheadReader.of(new Checked(parser.open(doc, format), doc), doc);
    }

    /**
     * What every format's items pass through: each is finished the same way, and an item with
     * neither headline, nor body, nor link is dropped with a warning naming the document (the tail
     * of a cut-off feed, {@code <item><title}, would otherwise reach every subscriber as an empty
     * record). A document whose items were all dropped is an error; one with no item at all (an
     * empty channel) says so in the log.
     */
    private static final class Checked extends LookaheadReader {
        private final ItemReader raw;
        private final SourceDocument doc;
        private final List<String> dropped = new ArrayList<>();
        private int position;

        Checked(ItemReader raw, SourceDocument doc) {
            this.raw = raw;
            this.doc = doc;
        }

        @Override
        protected NinjsItem advance() {
            while (raw.hasNext()) {
                NinjsItem item = raw.next();
                position++;
                if (isEmpty(item)) {
                    String guid = item.altId("guid");
                    dropped.add(doc.name() + ": item " + position + (guid == null ? "" : " (guid '" + guid + "')")
                            + " dropped: " + EMPTY_REASON);
                    continue;
                }
                return finish(item, doc.context());
            }
            if (emitted() == 0) {
                if (!dropped.isEmpty()) {
                    throw new ParseRuntimeException(doc.name() + ": no usable item, " + dropped.size()
                            + (dropped.size() == 1 ? " item" : " items") + " dropped: " + EMPTY_REASON
                            + " (a truncated or empty document?)", null);
                }
                LOG.info("{}: no items", doc.name());
            }
            return null;
        }

        @Override
        public List<String> warnings() {
            List<String> all = new ArrayList<>(raw.warnings());
            all.addAll(dropped);
            return all;
        }

        @Override
        public void close() {
            end();
            raw.close();
        }
    }

    private static final String EMPTY_REASON = "no headline, body or link";

    /**
     * True, before {@link #finish}, for an item nobody can use: no headline, no body, no link to the
     * story or its media, and nothing else its source said about it either (identifier, byline,
     * description, date, place, subject, credited source). What a cut-off document leaves
     * ({@code <item><title}) has none of these; a record sent on purpose with metadata only (a
     * NewsML-G2 partial item, an RSS item with just its date or author) has some and is kept.
     * Language does not count: an item inherits it from its feed.
     */
    static boolean isEmpty(NinjsItem item) {
        return item.uri == null && item.by == null && item.located == null && item.subjects.isEmpty()
                && item.firstCreated == null && item.versionCreated == null && item.infoSources.isEmpty()
                && item.descriptions.stream().noneMatch(t -> t.value != null && !t.value.isBlank())
                && item.headlines.stream().noneMatch(t -> t.value != null && !t.value.isBlank())
                && item.bodies.stream().noneMatch(t -> t.value != null && !t.value.isBlank())
                && item.renditions.stream().noneMatch(r -> r.href != null && !r.href.isBlank())
                && item.associations.isEmpty();
    }

    private static String unsupported(String format) {
        if (FormatDetector.HTML.equals(format)) {
            return "an HTML page, not a feed";
        }
        if (format.startsWith("xml:")) {
            return "unknown XML document with root element <" + format.substring(4) + ">";
        }
        return "no parser for format " + format;
    }

    /** The finishing every item gets, whatever its format. */
    public static NinjsItem finish(NinjsItem item, FeedContext ctx) {
        if (item.type == null) {
            item.type = "text";
        }
        if (item.version == null) {
            item.version = "1";
        }
        if (item.versionCreated == null) {
            item.versionCreated = item.firstCreated;
        }
        if (item.firstCreated == null) {
            item.firstCreated = item.versionCreated;
        }
        String plain = item.bodyText();
        String html = item.bodyHtml();
        if (plain == null && html != null) {
            plain = Html.toText(html);
            if (plain != null) {
                item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", plain));
            }
        }
        for (NinjsItem.Text b : item.bodies) {
            if ("text/plain".equals(b.contentType) && b.value != null) {
                b.charCount = b.value.length();
                b.wordCount = Text.wordCount(b.value);
            }
        }
        if (Dates.looksLikeDate(item.located)) {
            item.located = null; // a dateline's date taken for its place, by any parser: no place is better
        }
        item.language = Languages.normalizeTag(item.language);
        if (item.language == null && ctx != null) {
            item.language = Languages.normalizeTag(ctx.languageHint());
        }
        if (item.language == null) {
            item.language = Languages.detect(plain != null ? plain : item.headline());
        }
        if (ctx != null && ctx.feedId() != null && item.altId("feed") == null) {
            item.setAltId("feed", ctx.feedId());
        }
        if (item.infoSources.isEmpty() && ctx != null && ctx.agency() != null) {
            NinjsItem.Concept c = new NinjsItem.Concept(ctx.agency(), null, null);
            c.role = "source";
            item.infoSources.add(c);
        }
        if (item.uri == null) {
            item.uri = ItemIds.contentUri(ctx == null ? null : ctx.feedId(), item.headline(), plain, item.firstCreated);
        }
        return item;
    }
}
