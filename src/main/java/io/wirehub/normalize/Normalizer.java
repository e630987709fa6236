package io.wirehub.normalize;

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
        ItemReader raw = parser.open(doc, format);
        return new ItemReader() {
            @Override
            public List<String> warnings() {
                return raw.warnings();
            }

            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public NinjsItem next() {
                return finish(raw.next(), doc.context());
            }

            @Override
            public void close() {
                raw.close();
            }
        };
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
