package io.wirehub.normalize;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 (with Dublin Core, content:encoded, media RSS) and Atom 1.0/0.3,
 * read as a stream.
 *
 * <p>Why not ROME's object model here: ROME builds a JDOM tree of the whole feed before the first
 * entry, so memory grows with the feed (a naive ROME route dies at 512 MB on a 43 MB feed) and its
 * parse alone runs at about a tenth of a StAX pass. This reader keeps one item at a time and, with
 * sanitizing and the ninjs mapping, still outruns ROME's bare parse (see {@code wirehub bench
 * normalize}, which runs ROME as the baseline on the same bytes). ROME still parses the dates
 * ({@link Dates}).
 *
 * <p>A strict parse comes first; when the XML turns out not well-formed (undeclared prefixes, bare
 * {@code &}, trailing garbage), the document is re-read leniently through jsoup's XML parser, the
 * items already delivered are skipped, and the feed's health notes the defect.
 */
public final class FeedParser implements FormatParser {
    static final String NS_ATOM = "http://www.w3.org/2005/Atom";
    static final String NS_ATOM03 = "http://purl.org/atom/ns#";
    static final String NS_RSS1 = "http://purl.org/rss/1.0/";
    static final String NS_RSS090 = "http://my.netscape.com/rdf/simple/0.9/";
    static final String NS_RSS091 = "http://purl.org/rss/1.0/modules/rss091#";
    static final String NS_DC = "http://purl.org/dc/elements/1.1/";
    static final String NS_DCTERMS = "http://purl.org/dc/terms/";
    static final String NS_CONTENT = "http://purl.org/rss/1.0/modules/content/";
    static final String NS_MEDIA = "http://search.yahoo.com/mrss/";
    static final String NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String NS_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    static final String NS_XHTML = "http://www.w3.org/1999/xhtml";

    /** Conventional prefixes, for feeds that use them without declaring them. */
    private static final Map<String, String> KNOWN_PREFIXES = Map.ofEntries(
            Map.entry("atom", NS_ATOM), Map.entry("dc", NS_DC), Map.entry("dcterms", NS_DCTERMS),
            Map.entry("content", NS_CONTENT), Map.entry("media", NS_MEDIA), Map.entry("rdf", NS_RDF),
            Map.entry("itunes", NS_ITUNES), Map.entry("xhtml", NS_XHTML),
            Map.entry("xml", XMLConstants.XML_NS_URI));

    /** Documents larger than this are not re-read leniently (jsoup holds the whole tree). */
    private static final long LENIENT_MAX_BYTES = 64L * 1024 * 1024;

    private static final java.util.regex.Pattern IMG_SRC = java.util.regex.Pattern.compile("\\bsrc=\"([^\"]+)\"");
    private static final XMLInputFactory STRICT = Xml.inputFactory(true);
    private static final XMLInputFactory LENIENT = Xml.inputFactory(false);

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.RSS, FormatDetector.RDF, FormatDetector.ATOM);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        StreamReader r = new StreamReader(doc, format);
        r.start();
        return r;
    }

    /** Feed-level facts items inherit. */
    private static final class FeedInfo {
        String link;
        String language;
    }

    private static final class StreamReader extends LookaheadReader {
        private final SourceDocument doc;
        private final String format;
        private final List<String> warnings = new ArrayList<>();
        private final FeedInfo feed = new FeedInfo();
        private final Set<String> guids = new HashSet<>();
        private final Deque<String[]> scope = new ArrayDeque<>(); // [base, lang, canonical ns, local]
        private XMLStreamReader xr;
        private Reader reader;
        private boolean lenient;
        private int skip;
        private boolean rootSeen;
        /** A root namespace read as another (a namespace-less Atom {@code <feed>} as Atom), or null. */
        private String remapNsFrom;
        private String remapNsTo;

        StreamReader(SourceDocument doc, String format) {
            this.doc = doc;
            this.format = format;
        }

        void start() throws ParseException {
            try {
                byte[] head = doc.head(4096);
                Charsets.Detected cs = Charsets.detect(head, doc.contentType());
                Charset charset = cs.charset();
                if (charset.equals(StandardCharsets.UTF_8) && !validUtf8()) {
                    warnings.add("declared charset " + ("default".equals(cs.source()) ? "(none, UTF-8 assumed)" : "UTF-8")
                            + " does not match the bytes; read as windows-1252");
                    charset = Charset.forName("windows-1252");
                }
                InputStream in = doc.open();
                in.skipNBytes(cs.bomLength());
                reader = Xml.skipBlankBeforeDeclaration(new InputStreamReader(in, charset), warnings);
                xr = STRICT.createXMLStreamReader(reader);
            } catch (IOException | XMLStreamException e) {
                throw new ParseException("cannot read " + doc.name() + ": " + e.getMessage(), e);
            }
            scope.clear();
            scope.push(new String[]{doc.context() == null ? null : doc.context().baseUrl(), null, "", ""});
        }

        private boolean validUtf8() throws IOException {
            if (doc.bytes() != null) {
                return Charsets.decodesCleanly(doc.bytes(), 0, doc.bytes().length, StandardCharsets.UTF_8);
            }
            try (InputStream in = doc.open()) {
                // Files: check a generous prefix; a wrong charset shows from the first accented word.
                byte[] b = in.readNBytes(1 << 20);
                int end = b.length;
                // do not cut a multi-byte sequence in the middle
                while (end > 0 && end > b.length - 4 && (b[end - 1] & 0xC0) == 0x80) {
                    end--;
                }
                if (end > 0 && (b[end - 1] & 0xC0) == 0xC0) {
                    end--;
                }
                return Charsets.decodesCleanly(b, 0, end, StandardCharsets.UTF_8);
            }
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public void close() {
            end();
            closeStreams();
        }

        private void closeStreams() {
            try {
                if (xr != null) {
                    xr.close();
                }
                if (reader != null) {
                    reader.close();
                }
            } catch (XMLStreamException | IOException ignored) {
                // closing a reader we no longer need
            }
        }

        @Override
        protected NinjsItem advance() {
            while (true) {
                try {
                    NinjsItem item = readNextItem();
                    if (item == null) {
                        close();
                    }
                    return item;
                } catch (XMLStreamException | RuntimeException e) {
                    if (lenient) {
                        close();
                        throw new ParseRuntimeException(doc.name() + ": not readable even leniently: " + message(e), e);
                    }
                    switchToLenient(e);
                }
            }
        }

        private void switchToLenient(Exception cause) {
            String why = message(cause);
            try {
                if (doc.size() > LENIENT_MAX_BYTES) {
                    throw new ParseRuntimeException(doc.name() + ": malformed XML (" + why + ") and too large to re-read leniently", cause);
                }
                closeStreams();
                String xml;
                try (InputStream in = doc.open()) {
                    byte[] head = doc.head(4096);
                    Charsets.Detected cs = Charsets.detect(head, doc.contentType());
                    Document d = Jsoup.parse(in, cs.charset().name(), doc.context() == null || doc.context().baseUrl() == null ? "" : doc.context().baseUrl(), Parser.xmlParser());
                    d.outputSettings().syntax(Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml).prettyPrint(false).charset(StandardCharsets.UTF_8);
                    d.select("script").remove();
                    // Keep only the first root element (drops trailing garbage).
                    org.jsoup.nodes.Element root = d.children().isEmpty() ? null : d.child(0);
                    if (root == null) {
                        throw new ParseRuntimeException(doc.name() + ": malformed XML with no root element (" + why + ")", cause);
                    }
                    xml = root.outerHtml();
                }
                reader = new StringReader(xml);
                xr = LENIENT.createXMLStreamReader(reader);
                lenient = true;
                skip = emitted();
                scope.clear();
                scope.push(new String[]{doc.context() == null ? null : doc.context().baseUrl(), null, "", ""});
                warnings.add("malformed XML (" + why + "); read leniently");
            } catch (IOException | XMLStreamException e) {
                throw new ParseRuntimeException(doc.name() + ": malformed XML (" + why + "): " + e.getMessage(), e);
            }
        }

        private static String message(Throwable e) {
            String m = e.getMessage();
            if (m == null) {
                return e.getClass().getSimpleName();
            }
            return m.replaceAll("\\s+", " ").trim();
        }

        /** Reads events up to the next item and returns it mapped, or null at the end. */
        private NinjsItem readNextItem() throws XMLStreamException {
            while (xr.hasNext()) {
                int ev = xr.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (!rootSeen) {
                        rootSeen = true;
                        checkRootNamespace();
                    }
                    String[] name = name();
                    String[] parent = scope.peek();
                    String base = inherit(parent[0], attrXml("base"));
                    String lang = firstNonNull(attrXml("lang"), parent[1]);
                    if (isItem(name)) {
                        XmlNode node = readSubtree(name, base, lang);
                        if (skip > 0) {
                            skip--;
                            continue;
                        }
                        NinjsItem item = map(node);
                        if (item != null) {
                            return item;
                        }
                        continue;
                    }
                    if (scope.size() == 1 && (name[1].equals("html") || name[1].equals("HTML"))) {
                        throw new ParseRuntimeException("an HTML page, not a feed", null);
                    }
                    if (isFeedLevel(parent) || (scope.size() == 1 && "feed".equals(name[1]))) {
                        if (scope.size() == 1) {
                            // the root: its xml:lang is the feed's language
                            if (lang != null && feed.language == null) {
                                feed.language = lang;
                            }
                        }
                        if (!isContainer(name) && scope.size() > 1) {
                            XmlNode n = readSubtree(name, base, lang);
                            feedField(n);
                            continue;
                        }
                    }
                    scope.push(new String[]{base, lang, name[0], name[1]});
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    scope.pop();
                    if (scope.size() == 1 && lenient) {
                        return null;
                    }
                }
            }
            return null;
        }

        /**
         * Reads a feed whose root is in the wrong namespace as what its root says: jekyll-feed and
         * hand-written templates emit {@code <feed>} without the Atom namespace (and some RSS 2.0
         * files put {@code <rss>} in Userland's), and read by the book such a document has no item
         * at all. Only the root's own namespace is mapped, so extension elements keep theirs.
         */
        private void checkRootNamespace() {
            if (lenient) {
                return; // the lenient reading maps unprefixed names by the format already
            }
            String ns = xr.getNamespaceURI() == null ? "" : xr.getNamespaceURI();
            String local = xr.getLocalName();
            if ("feed".equals(local) && !NS_ATOM.equals(ns) && !NS_ATOM03.equals(ns)) {
                remapNsFrom = ns;
                remapNsTo = NS_ATOM;
                warnings.add("read leniently: root element <feed> has "
                        + (ns.isEmpty() ? "no namespace" : "namespace " + ns) + "; read as Atom");
            } else if ("rss".equals(local) && !ns.isEmpty()) {
                remapNsFrom = ns;
                remapNsTo = "";
                warnings.add("read leniently: root element <rss> has namespace " + ns + "; read as RSS");
            }
        }

        private boolean isItem(String[] n) {
            return ("item".equals(n[1]) && n[0].isEmpty()) || ("entry".equals(n[1]) && NS_ATOM.equals(n[0]));
        }

        private static boolean isContainer(String[] n) {
            return "channel".equals(n[1]) && n[0].isEmpty();
        }

        /** The parent is rss/channel, rdf:RDF/channel or the Atom feed. */
        private boolean isFeedLevel(String[] parent) {
            return ("channel".equals(parent[3]) && parent[2].isEmpty()) || ("feed".equals(parent[3]) && NS_ATOM.equals(parent[2]));
        }

        private void feedField(XmlNode n) {
            if (n.ns.isEmpty() && "link".equals(n.local) && feed.link == null) {
                feed.link = Text.trimToNull(n.text());
                if (feed.link != null && ItemIds.isWebUrl(feed.link)) {
                    // RSS has no xml:base: relative item URLs mean the site, i.e. the channel's link,
                    // not the address the feed happened to be fetched from
                    String fetched = doc.context() == null ? null : doc.context().baseUrl();
                    for (String[] s : scope) {
                        if (s[0] == null || s[0].equals(fetched)) {
                            s[0] = feed.link;
                        }
                    }
                }
            } else if (NS_ATOM.equals(n.ns) && "link".equals(n.local) && feed.link == null) {
                String rel = n.attr("rel");
                if (rel == null || "alternate".equals(rel)) {
                    feed.link = resolve(n.base, n.attr("href"));
                }
            } else if ((n.ns.isEmpty() && "language".equals(n.local)) || (NS_DC.equals(n.ns) && "language".equals(n.local))) {
                if (feed.language == null) {
                    feed.language = Text.trimToNull(n.text());
                }
            }
        }

        /** Namespace and local name, canonical: RSS 0.90/1.0 elements as RSS 2.0's, Atom 0.3 as Atom 1.0. */
        private String[] name() {
            String ns;
            String local;
            if (lenient) {
                String q = xr.getLocalName();
                int c = q.indexOf(':');
                if (c > 0) {
                    String prefix = q.substring(0, c);
                    local = q.substring(c + 1);
                    ns = KNOWN_PREFIXES.getOrDefault(prefix.toLowerCase(Locale.ROOT), "urn:wirehub:prefix:" + prefix);
                } else {
                    local = q;
                    ns = FormatDetector.ATOM.equals(format) ? NS_ATOM : "";
                }
            } else {
                ns = xr.getNamespaceURI();
                local = xr.getLocalName();
                if (remapNsFrom != null && remapNsFrom.equals(ns == null ? "" : ns)) {
                    ns = remapNsTo;
                }
            }
            return new String[]{canonicalNs(ns), local};
        }

        private static String canonicalNs(String ns) {
            if (ns == null || ns.isEmpty() || NS_RSS1.equals(ns) || NS_RSS090.equals(ns) || NS_RSS091.equals(ns)) {
                return "";
            }
            if (NS_ATOM03.equals(ns)) {
                return NS_ATOM;
            }
            if (NS_ITUNES.equalsIgnoreCase(ns)) {
                return NS_ITUNES; // Apple's own examples spell it with capitals
            }
            return ns;
        }

        private String attrXml(String local) {
            if (lenient) {
                return xr.getAttributeValue(null, "xml:" + local);
            }
            return xr.getAttributeValue(XMLConstants.XML_NS_URI, local);
        }

        /** Reads the element the reader is on, with its subtree, into an XmlNode. */
        private XmlNode readSubtree(String[] name, String base, String lang) throws XMLStreamException {
            XmlNode root = new XmlNode(name[0], atom03(name), attributes(), base, lang);
            Deque<XmlNode> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                int ev = xr.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        XmlNode parent = stack.peek();
                        String[] n = name();
                        String b = inherit(parent.base, attrXml("base"));
                        String l = firstNonNull(attrXml("lang"), parent.lang);
                        XmlNode child = new XmlNode(n[0], atom03(n), attributes(), b, l);
                        parent.children.add(child);
                        stack.push(child);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.pop();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                         XMLStreamConstants.ENTITY_REFERENCE -> {
                        XmlNode parent = stack.peek();
                        String t = xr.getText();
                        int last = parent.children.size() - 1;
                        if (last >= 0 && parent.children.get(last) instanceof String prev) {
                            parent.children.set(last, prev + t);
                        } else {
                            parent.children.add(t);
                        }
                    }
                    case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("document ends inside <" + name[1] + ">");
                    default -> {
                        // comments and processing instructions carry no content
                    }
                }
            }
            return root;
        }

        /** Atom 0.3 element names mapped to Atom 1.0's. */
        private static String atom03(String[] n) {
            if (NS_ATOM.equals(n[0])) {
                return switch (n[1]) {
                    case "issued" -> "published";
                    case "modified" -> "updated";
                    case "tagline" -> "subtitle";
                    case "copyright" -> "rights";
                    default -> n[1];
                };
            }
            return n[1];
        }

        private Map<String, String> attributes() {
            int n = xr.getAttributeCount();
            if (n == 0) {
                return null;
            }
            Map<String, String> m = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                String local = xr.getAttributeLocalName(i);
                int c = local.indexOf(':');
                if (c > 0) {
                    if (local.startsWith("xmlns") || local.startsWith("xml:")) {
                        continue;
                    }
                    local = local.substring(c + 1);
                }
                String ns = lenient ? null : xr.getAttributeNamespace(i);
                if (XMLConstants.XML_NS_URI.equals(ns) || "xmlns".equals(local)) {
                    continue;
                }
                m.putIfAbsent(local, xr.getAttributeValue(i));
            }
            return m;
        }

        // ---- mapping one item to ninjs ----

        private NinjsItem map(XmlNode n) {
            NinjsItem item = new NinjsItem();
            String feedId = doc.context() == null ? null : doc.context().feedId();

            String guid = null;
            boolean guidIsLink = false;
            XmlNode g = n.child("", "guid");
            if (g != null) {
                guid = Text.trimToNull(g.text());
                guidIsLink = !"false".equalsIgnoreCase(Text.trimToNull(g.attr("isPermaLink")));
            }
            if (guid == null) {
                XmlNode id = n.child(NS_ATOM, "id");
                guid = id == null ? null : Text.trimToNull(id.text());
            }
            if (guid == null) {
                guid = Text.trimToNull(n.attr("about"));
            }

            String link = link(n);
            // isPermaLink defaults to true, but most feeds that omit it carry opaque guids: only a URL is a link
            if (link == null && guid != null && guidIsLink && g != null && ItemIds.isWebUrl(guid)) {
                link = guid;
            }

            if (guid != null && !guids.add(guid)) {
                warnings.add("duplicate guid '" + guid + "': later item skipped");
                return null;
            }

            String title = title(n);
            if (title != null) {
                item.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", title));
            }

            // Body: the fullest content the item carries; a shorter summary becomes a description.
            // An RSS item's XHTML <body> is its full text, as content:encoded would be (richer than a description).
            XmlNode content = firstOf(n.child(NS_CONTENT, "encoded"), n.child(NS_ATOM, "content"), xhtmlBody(n));
            XmlNode summary = firstOf(n.child("", "description"), n.child(NS_ATOM, "summary"),
                    n.child(NS_DC, "description"), mediaDescription(n), n.child(NS_ITUNES, "summary"));
            XmlNode bodyNode = content != null && !content.text().isBlank() || content != null && content.hasElementChildren() ? content : summary;
            if (content != null && NS_ATOM.equals(content.ns) && content.attr("src") != null && link == null) {
                link = resolve(content.base, content.attr("src"));
            }
            String html = bodyNode == null ? null : htmlOf(bodyNode);
            if (html == null && bodyNode != null && bodyNode != summary && summary != null) {
                bodyNode = summary; // the content could not be decoded: the summary is still the story
                html = htmlOf(bodyNode);
            }
            if (html != null) {
                String[] both = Html.sanitizeAndText(html, bodyNode.base);
                if (both[0] != null) {
                    item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/html", both[0]));
                }
                if (both[1] != null) {
                    item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", both[1]));
                }
            }
            if (summary != null && summary != bodyNode) {
                String sh = htmlOf(summary);
                String s = sh == null ? null : Html.toText(sh);
                if (s != null) {
                    item.descriptions.add(new NinjsItem.Text("summary", "text/plain", s));
                }
            }

            String published = firstText(n, new String[][]{{"", "pubDate"}, {NS_ATOM, "published"}, {NS_DC, "date"},
                    {NS_DCTERMS, "issued"}, {NS_DCTERMS, "created"}});
            String updated = firstText(n, new String[][]{{NS_ATOM, "updated"}, {NS_DCTERMS, "modified"}});
            item.firstCreated = Dates.toUtc(published);
            item.versionCreated = Dates.toUtc(updated);
            if (item.firstCreated == null && item.versionCreated != null) {
                item.firstCreated = item.versionCreated;
            }

            List<String> authors = authors(n);
            if (!authors.isEmpty()) {
                item.by = String.join(", ", authors);
            }
            categories(n, item);
            enclosures(n, item);
            leadPicture(item);

            String lang = firstNonNull(n.lang, content != null ? content.lang : null, feed.language);
            item.language = lang;
            if (link != null && !ItemIds.isWebUrl(link)) {
                link = null; // a relative link with nothing to resolve it against is no address
            }
            if (link != null) {
                item.renditions.add(new NinjsItem.Rendition("web", link, "text/html"));
            }
            if (guid != null) {
                item.setAltId("guid", guid);
            }
            item.uri = ItemIds.uri(feedId, guid, link);
            return item;
        }

        /**
         * Many outlets carry their lead picture only as an {@code <img>} in the description. When the
         * item declares no picture, the first image of the (sanitized) body becomes one, unless it is
         * a 1x1 tracking pixel.
         */
        private static void leadPicture(NinjsItem item) {
            if (item.associations.stream().anyMatch(a -> "picture".equals(a.type))) {
                return;
            }
            String html = item.bodyHtml();
            int img = html == null ? -1 : html.indexOf("<img ");
            if (img < 0) {
                return;
            }
            String tag = html.substring(img, Math.max(img, html.indexOf('>', img) + 1));
            java.util.regex.Matcher m = IMG_SRC.matcher(tag);
            if (!m.find() || tag.matches("(?s).*\\b(width|height)=\"[01]\".*")) {
                return;
            }
            String src = org.jsoup.parser.Parser.unescapeEntities(m.group(1), true);
            if (!ItemIds.isAbsoluteUri(src)) {
                return;
            }
            NinjsItem.Association a = new NinjsItem.Association();
            a.uri = src;
            a.rel = "lead-picture";
            a.type = "picture";
            a.name = fileName(src);
            a.renditions.add(new NinjsItem.Rendition("original", src, null));
            item.associations.add(a);
        }

        private static XmlNode mediaDescription(XmlNode n) {
            XmlNode d = n.child(NS_MEDIA, "description");
            if (d == null) {
                XmlNode grp = n.child(NS_MEDIA, "group");
                d = grp == null ? null : grp.child(NS_MEDIA, "description");
            }
            return d;
        }

        private String link(XmlNode n) {
            XmlNode l = n.child("", "link");
            if (l != null && Text.trimToNull(l.text()) != null) {
                return resolve(l.base, l.text().strip());
            }
            String alt = null;
            for (XmlNode al : n.childrenNamed(NS_ATOM, "link")) {
                String rel = al.attr("rel");
                String href = al.attr("href");
                if (href == null) {
                    continue;
                }
                if (rel == null || "alternate".equals(rel)) {
                    String type = al.attr("type");
                    if (alt == null || type == null || type.contains("html")) {
                        alt = resolve(al.base, href);
                        if (type == null || type.contains("html")) {
                            break;
                        }
                    }
                }
            }
            return alt;
        }

        /** An RSS item's XHTML {@code <body>} (its default namespace is lost when read leniently). */
        private XmlNode xhtmlBody(XmlNode n) {
            XmlNode b = n.child(NS_XHTML, "body");
            if (b == null && lenient && !NS_ATOM.equals(n.ns)) {
                b = n.child("", "body");
            }
            return b;
        }

        private String title(XmlNode n) {
            XmlNode t = firstOf(n.child("", "title"), n.child(NS_ATOM, "title"), n.child(NS_DC, "title"),
                    n.child(NS_ITUNES, "title"));
            if (t == null) {
                return null;
            }
            String type = t.attr("type");
            if (NS_ATOM.equals(t.ns) && "base64".equals(t.attr("mode"))) {
                String decoded = base64(t, "title");
                return decoded == null ? null : isHtmlType(type) ? Html.inlineText(decoded) : Text.collapse(decoded);
            }
            if (NS_ATOM.equals(t.ns) && (type == null || "text".equals(type))) {
                return Text.collapse(t.text());
            }
            return Html.inlineText(t.hasElementChildren() ? t.markup() : t.text());
        }

        /**
         * The element's content as HTML, by its declared type (Atom) or as HTML (RSS); null when
         * Atom 0.3 base64 content is not valid base64 (warned: nothing rather than garbage).
         */
        private String htmlOf(XmlNode c) {
            String type = c.attr("type");
            if (NS_ATOM.equals(c.ns) && "base64".equals(c.attr("mode"))) {
                // Atom 0.3 mode="base64": the text is the content's bytes; its type says HTML or text
                String decoded = base64(c, c.local);
                return decoded == null ? null : isHtmlType(type) ? decoded : textToHtml(decoded);
            }
            if (NS_ATOM.equals(c.ns) && (type == null || "text".equals(type) || "text/plain".equals(type))) {
                return textToHtml(c.text());
            }
            if (NS_ATOM.equals(c.ns) && "xhtml".equals(type)) {
                XmlNode div = c.elements().isEmpty() ? null : c.elements().get(0);
                return div == null ? c.markup() : div.markup();
            }
            return c.markup();
        }

        /** Atom 0.3's MIME types and Atom 1.0's names that mean markup. */
        private static boolean isHtmlType(String type) {
            return type != null && (type.contains("html") || type.contains("xml"));
        }

        /**
         * The text of an Atom 0.3 {@code mode="base64"} element, decoded (UTF-8, else windows-1252),
         * or null with a warning when it is not base64 or would decode past the text size limit.
         */
        private String base64(XmlNode c, String what) {
            String encoded = c.text().replaceAll("\\s+", "");
            if ((long) encoded.length() * 3 / 4 > Xml.MAX_TEXT_CHARS) {
                warnings.add("base64 " + what + " larger than " + Xml.MAX_TEXT_CHARS + " bytes decoded; left out");
                return null;
            }
            byte[] bytes;
            try {
                bytes = java.util.Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                warnings.add("invalid base64 in " + what + " (" + e.getMessage() + "); left out");
                return null;
            }
            Charset cs = Charsets.decodesCleanly(bytes, 0, bytes.length, StandardCharsets.UTF_8)
                    ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
            return new String(bytes, cs);
        }

        private static String textToHtml(String text) {
            StringBuilder sb = new StringBuilder();
            for (String para : text.strip().split("\\n\\s*\\n")) {
                if (!para.isBlank()) {
                    sb.append("<p>").append(Entities.escape(para.strip())).append("</p>");
                }
            }
            return sb.toString();
        }

        private static String firstText(XmlNode n, String[][] names) {
            for (String[] nm : names) {
                XmlNode c = n.child(nm[0], nm[1]);
                if (c != null && Text.trimToNull(c.text()) != null) {
                    return c.text().strip();
                }
            }
            return null;
        }

        private static List<String> authors(XmlNode n) {
            Set<String> out = new LinkedHashSet<>();
            for (XmlNode a : n.childrenNamed("", "author")) {
                add(out, personName(a.text()));
            }
            for (XmlNode a : n.childrenNamed(NS_DC, "creator")) {
                add(out, personName(a.text()));
            }
            for (XmlNode a : n.childrenNamed(NS_ATOM, "author")) {
                XmlNode name = a.child(NS_ATOM, "name");
                XmlNode email = a.child(NS_ATOM, "email");
                String nm = name == null ? null : Text.collapse(name.text());
                add(out, nm != null ? nm : email == null ? null : Text.collapse(email.text()));
            }
            for (XmlNode a : n.childrenNamed(NS_DC, "author")) {
                add(out, personName(a.text()));
            }
            if (out.isEmpty()) {
                for (XmlNode a : n.childrenNamed(NS_ITUNES, "author")) {
                    add(out, personName(a.text()));
                }
            }
            return new ArrayList<>(out);
        }

        private static void add(Set<String> s, String v) {
            if (v != null && !v.isBlank()) {
                s.add(v);
            }
        }

        /** "jo@example.com (Jo Smith)" and "Jo Smith <jo@example.com>" become "Jo Smith". */
        static String personName(String raw) {
            String s = Text.collapse(raw);
            if (s == null) {
                return null;
            }
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            if (open > 0 && close > open && s.substring(0, open).contains("@")) {
                return Text.trimToNull(s.substring(open + 1, close));
            }
            int lt = s.indexOf('<');
            if (lt > 0 && s.endsWith(">")) {
                return Text.trimToNull(s.substring(0, lt));
            }
            return s;
        }

        private static void categories(XmlNode n, NinjsItem item) {
            Set<NinjsItem.Concept> seen = new LinkedHashSet<>();
            for (XmlNode c : n.childrenNamed("", "category")) {
                String t = Text.collapse(c.text());
                if (t != null) {
                    seen.add(concept(t, t, c.attr("domain")));
                }
            }
            for (XmlNode k : n.childrenNamed(NS_ITUNES, "keywords")) {
                for (String t : k.text().split(",")) {
                    String v = Text.collapse(t);
                    if (v != null) {
                        seen.add(concept(v, v, null));
                    }
                }
            }
            for (XmlNode c : n.childrenNamed(NS_DC, "subject")) {
                String t = Text.collapse(c.text());
                if (t != null) {
                    seen.add(concept(t, t, null));
                }
            }
            for (XmlNode c : n.childrenNamed(NS_ATOM, "category")) {
                String term = Text.trimToNull(c.attr("term"));
                String label = Text.trimToNull(c.attr("label"));
                if (term != null || label != null) {
                    seen.add(concept(label != null ? label : term, term, c.attr("scheme")));
                }
            }
            item.subjects.addAll(seen);
        }

        private static NinjsItem.Concept concept(String name, String literal, String scheme) {
            String uri = null;
            if (literal != null && ItemIds.isAbsoluteUri(literal) && literal.contains("/")) {
                uri = literal;
            } else if (scheme != null && literal != null && ItemIds.isAbsoluteUri(scheme.strip())) {
                String s = scheme.strip();
                String candidate = s.endsWith("/") || s.endsWith("#") || s.endsWith(":") ? s + literal : null;
                if (candidate != null && ItemIds.isAbsoluteUri(candidate)) {
                    uri = candidate;
                }
            }
            return new NinjsItem.Concept(name, uri, literal);
        }

        private static void enclosures(XmlNode n, NinjsItem item) {
            Map<String, NinjsItem.Association> byUrl = new LinkedHashMap<>();
            for (XmlNode e : n.childrenNamed("", "enclosure")) {
                addEnclosure(byUrl, e.base, e.attr("url"), e.attr("type"), e.attr("length"), null, null, null);
            }
            for (XmlNode l : n.childrenNamed(NS_ATOM, "link")) {
                if ("enclosure".equals(l.attr("rel"))) {
                    addEnclosure(byUrl, l.base, l.attr("href"), l.attr("type"), l.attr("length"), l.attr("title"), null, null);
                }
            }
            List<XmlNode> media = new ArrayList<>(n.childrenNamed(NS_MEDIA, "content"));
            for (XmlNode grp : n.childrenNamed(NS_MEDIA, "group")) {
                media.addAll(grp.childrenNamed(NS_MEDIA, "content"));
            }
            for (XmlNode m : media) {
                String type = m.attr("type");
                if (type == null && m.attr("medium") != null) {
                    type = m.attr("medium");
                }
                XmlNode t = m.child(NS_MEDIA, "title");
                addEnclosure(byUrl, m.base, m.attr("url"), type, m.attr("fileSize"), t == null ? null : t.text(),
                        m.attr("width"), m.attr("height"));
            }
            for (XmlNode im : n.childrenNamed(NS_ITUNES, "image")) {
                addEnclosure(byUrl, im.base, im.attr("href"), "image", null, null, null, null);
            }
            for (XmlNode th : n.childrenNamed(NS_MEDIA, "thumbnail")) {
                addEnclosure(byUrl, th.base, th.attr("url"), "image", null, null, th.attr("width"), th.attr("height"));
            }
            item.associations.addAll(byUrl.values());
        }

        private static void addEnclosure(Map<String, NinjsItem.Association> byUrl, String base, String url, String type,
                                         String length, String title, String width, String height) {
            String href = resolve(base, Text.trimToNull(url));
            if (href == null || !ItemIds.isAbsoluteUri(href) || byUrl.containsKey(href)) {
                return;
            }
            NinjsItem.Association a = new NinjsItem.Association();
            a.uri = href;
            a.rel = "enclosure";
            String t = Text.collapse(title);
            a.name = t != null ? t : fileName(href);
            a.type = nature(type);
            NinjsItem.Rendition r = new NinjsItem.Rendition("original", href, type != null && type.contains("/") ? type : null);
            r.sizeInBytes = positiveLong(length);
            r.width = positiveInt(width);
            r.height = positiveInt(height);
            a.renditions.add(r);
            byUrl.put(href, a);
        }

        private static String fileName(String href) {
            String p = URI.create(href).getPath();
            if (p == null || p.isEmpty() || p.endsWith("/")) {
                return href;
            }
            return p.substring(p.lastIndexOf('/') + 1);
        }

        /** The ninjs type of an enclosure from its MIME type or media:content medium. */
        private static String nature(String type) {
            if (type == null) {
                return null;
            }
            String t = type.toLowerCase(Locale.ROOT);
            if (t.startsWith("image")) {
                return "picture";
            }
            if (t.startsWith("video")) {
                return "video";
            }
            if (t.startsWith("audio")) {
                return "audio";
            }
            return t.startsWith("text") || t.contains("html") ? "text" : null;
        }

        private static Long positiveLong(String s) {
            try {
                long v = Long.parseLong(s.strip());
                return v > 0 ? v : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static Integer positiveInt(String s) {
            try {
                int v = Integer.parseInt(s.strip());
                return v > 0 ? v : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    @SafeVarargs
    private static <T> T firstOf(T... xs) {
        for (T x : xs) {
            if (x != null) {
                return x;
            }
        }
        return null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... xs) {
        return firstOf(xs);
    }

    /** The xml:base in effect: the element's own, resolved against its parent's. */
    private static String inherit(String parentBase, String xmlBase) {
        return xmlBase == null ? parentBase : resolve(parentBase, xmlBase);
    }

    /** Resolves a possibly relative URL; returns the input when it cannot be resolved. */
    static String resolve(String base, String ref) {
        if (ref == null) {
            return null;
        }
        String r = ref.strip();
        if (base == null || base.isBlank()) {
            return r;
        }
        try {
            URI b = new URI(base.strip());
            return b.resolve(new URI(r.replace(" ", "%20"))).toString();
        } catch (Exception e) {
            return r;
        }
    }
}
