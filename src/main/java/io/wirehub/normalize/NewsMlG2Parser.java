package io.wirehub.normalize;

import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * IPTC NewsML-G2: a {@code newsItem}, a {@code packageItem} (its referenced items), or a
 * {@code newsMessage} carrying several items, read one item at a time.
 *
 * <p>Mapping (itemMeta/contentMeta to ninjs): guid to {@code uri} (kept across versions), @version to
 * {@code version}, itemClass to {@code type}, firstCreated/versionCreated/embargoed, pubStatus
 * (usable/withheld/canceled), headlines by role, slugline, by (else creators), dateline and located,
 * language, subjects and genres (qcodes as URIs where the scheme is known, else kept as literal),
 * urgency, creditline and infoSources, rightsInfo, itemMeta links as associations, remoteContent as
 * renditions, and the text of inlineXML (NITF or XHTML) or inlineData as the body.
 *
 * <p>Planning, concept, knowledge and catalog items are not news: they are skipped with their reason
 * in {@link ItemReader#warnings()}, never reported as errors. A standalone package yields one partial
 * item per reference ({@code representationType: partial}, headline from the reference's title);
 * inside a newsMessage, references to items carried in the same message yield those items.
 */
public final class NewsMlG2Parser implements FormatParser {
    private static final Set<String> NOT_NEWS = Set.of("planningItem", "conceptItem", "conceptSet", "knowledgeItem", "catalog", "catalogItem");
    private static final Set<String> FRAGMENTS = Set.of("contentMeta", "contentSet", "itemMeta");

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.NEWSML_G2);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        List<String> warnings = new ArrayList<>();
        String label = "NewsML-G2 document " + doc.name();
        AgencyXml.Opened in = AgencyXml.open(doc, label, warnings);
        String feedId = doc.context() == null ? null : doc.context().feedId();
        try {
            if (!in.nextStart()) {
                throw new ParseException(label + " has no root element");
            }
            String root = in.reader.getLocalName();
            if ("newsMessage".equals(root)) {
                return new MessageReader(in, feedId, label, warnings);
            }
            try (in) {
                AgencyNode node = in.readNode();
                List<NinjsItem> items = new ArrayList<>();
                Reader r = new Reader(feedId, warnings);
                if ("newsItem".equals(root)) {
                    items.add(r.newsItem(node));
                } else if ("packageItem".equals(root)) {
                    items.addAll(r.packageRefs(node, Set.of()));
                } else if ("groupSet".equals(root)) {
                    warnings.add(label + ": a bare <groupSet> fragment, read as a package without metadata");
                    items.addAll(r.packageRefs(AgencyNode.wrap("packageItem", Map.of(), List.of(node)), Set.of()));
                } else if (FRAGMENTS.contains(root)) {
                    warnings.add(label + ": a bare <" + root + "> fragment, not a complete newsItem; read as a partial item");
                    NinjsItem item = r.newsItem(AgencyNode.wrap("newsItem", Map.of(), List.of(node)));
                    item.putExtra("representationType", "partial");
                    items.add(item);
                } else if (NOT_NEWS.contains(root)) {
                    warnings.add(skipReason(node));
                } else {
                    throw new ParseException(label + ": root element <" + root + "> is not a NewsML-G2 item");
                }
                return ItemReader.of(items, warnings);
            }
        } catch (XMLStreamException e) {
            in.close();
            throw new ParseException(in.describe(e), e);
        } catch (ParseException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Why a non-news item is skipped, for the operator. */
    static String skipReason(AgencyNode node) {
        String guid = node.attr("guid");
        String what = switch (node.name) {
            case "planningItem" -> "planning item (news coverage planning, not a story)";
            case "conceptItem" -> "concept item (a person, organisation, event or other concept for a knowledge base, not a story)";
            case "conceptSet" -> "concept set (concepts for a knowledge base, not a story)";
            case "knowledgeItem" -> "knowledge item (a set of concepts for a knowledge base, not a story)";
            case "catalog", "catalogItem" -> "catalog (controlled-vocabulary scheme declarations, not a story)";
            default -> "<" + node.name + "> (not a news item)";
        };
        return "skipped " + what + (guid == null ? "" : " " + guid);
    }

    /** Streams the items of a newsMessage; references of its packages are resolved at the end. */
    private static final class MessageReader implements ItemReader {
        private final AgencyXml.Opened in;
        private final List<String> warnings;
        private final Reader reader;
        private final Deque<NinjsItem> pending = new ArrayDeque<>();
        private final List<AgencyNode> packages = new ArrayList<>();
        private final Set<String> carried = new LinkedHashSet<>();
        private boolean done;

        MessageReader(AgencyXml.Opened in, String feedId, String label, List<String> warnings) {
            this.in = in;
            this.warnings = warnings;
            this.reader = new Reader(feedId, warnings);
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !done) {
                advance();
            }
            return !pending.isEmpty();
        }

        @Override
        public NinjsItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void advance() {
            try {
                if (!in.nextStart()) {
                    done = true;
                    for (AgencyNode p : packages) {
                        pending.addAll(reader.packageRefs(p, carried));
                    }
                    in.close();
                    return;
                }
                String name = in.reader.getLocalName();
                switch (name) {
                    case "itemSet" -> {
                        // descend: its children are the items
                    }
                    case "newsItem" -> {
                        AgencyNode n = in.readNode();
                        NinjsItem item = reader.newsItem(n);
                        if (n.attr("guid") != null) {
                            carried.add(n.attr("guid"));
                        }
                        pending.add(item);
                    }
                    case "packageItem" -> packages.add(in.readNode());
                    default -> {
                        AgencyNode n = in.readNode();
                        if (NOT_NEWS.contains(name)) {
                            warnings.add(skipReason(n));
                        }
                    }
                }
            } catch (XMLStreamException e) {
                done = true;
                in.close();
                throw new ParseRuntimeException(in.describe(e), e);
            }
        }

        @Override
        public void close() {
            in.close();
        }
    }

    /** The mapping of one item; holds the scheme table the item's inline catalogs extend. */
    private static final class Reader {
        private final String feedId;
        private final List<String> warnings;

        Reader(String feedId, List<String> warnings) {
            this.feedId = feedId;
            this.warnings = warnings;
        }

        NinjsItem newsItem(AgencyNode ni) {
            Qcodes qcodes = new Qcodes();
            for (AgencyNode cat : ni.children("catalog")) {
                for (AgencyNode s : cat.children("scheme")) {
                    qcodes.declare(s.attr("alias"), s.attr("uri"));
                }
            }
            NinjsItem item = new NinjsItem();
            String guid = ni.attr("guid");
            item.uri = ItemIds.uri(feedId, guid, null);
            if (guid != null && !guid.equals(item.uri)) {
                item.setAltId("guid", guid);
            }
            item.version = Agency.versionNumber(ni.attr("version"));
            item.language = ni.attr("xml:lang");
            rights(ni.child("rightsInfo"), item);
            AgencyNode hop = ni.child("hopHistory");
            AgencyNode im = ni.child("itemMeta");
            if (im != null) {
                itemMeta(im, item, qcodes);
            }
            if (hop != null) {
                for (AgencyNode h : hop.children("hop")) {
                    AgencyNode party = h.child("party");
                    if (party != null) {
                        Agency.addSource(item, Agency.firstNonNull(party.childText("name"), AgencyNode.qcodeLocal(party.attr("qcode"))), "hop");
                    }
                }
            }
            AgencyNode cm = ni.child("contentMeta");
            if (cm != null) {
                contentMeta(cm, item, qcodes);
            }
            AgencyNode cs = ni.child("contentSet");
            if (cs != null) {
                contentSet(cs, item, qcodes, guid);
            }
            if (item.type == null) {
                item.type = "text";
            }
            return item;
        }

        private void rights(AgencyNode ri, NinjsItem item) {
            if (ri == null) {
                return;
            }
            AgencyNode holder = ri.child("copyrightHolder");
            if (holder != null) {
                item.copyrightHolder = Agency.firstNonNull(holder.childText("name"), holder.attr("literal"),
                        AgencyNode.qcodeLocal(holder.attr("qcode")), holder.attr("uri"));
            }
            item.copyrightNotice = ri.childText("copyrightNotice");
            item.usageTerms = ri.childText("usageTerms");
        }

        private void itemMeta(AgencyNode im, NinjsItem item, Qcodes qcodes) {
            AgencyNode ic = im.child("itemClass");
            if (ic != null) {
                item.type = Agency.type(ic.attr("qcode"));
            }
            AgencyNode provider = im.child("provider");
            if (provider != null) {
                Agency.addSource(item, Agency.firstNonNull(provider.childText("name"), AgencyNode.qcodeLocal(provider.attr("qcode")),
                        provider.attr("literal")), "provider");
            }
            item.versionCreated = Dates.toUtc(im.childText("versionCreated"));
            item.firstCreated = Dates.toUtc(im.childText("firstCreated"));
            item.embargoedUntil = Dates.toUtc(im.childText("embargoed"));
            AgencyNode ps = im.child("pubStatus");
            if (ps != null) {
                item.pubStatus = Agency.pubStatus(ps.attr("qcode"));
            }
            item.edNote = im.childText("edNote");
            String title = im.childText("title");
            if (title != null) {
                item.putExtra("title", title);
            }
            for (AgencyNode link : im.children("link")) {
                NinjsItem.Association a = link(link, qcodes);
                if (a != null) {
                    item.associations.add(a);
                }
            }
        }

        /** An itemMeta link (a picture, a related story) as an association; null without an absolute target. */
        private NinjsItem.Association link(AgencyNode link, Qcodes qcodes) {
            String residref = link.attr("residref");
            String href = link.attr("href");
            String target = residref != null && ItemIds.isAbsoluteUri(residref) ? ItemIds.toAscii(residref) : Agency.webUri(href);
            if (target == null) {
                return null;
            }
            NinjsItem.Association a = new NinjsItem.Association();
            String rel = AgencyNode.qcodeLocal(link.attr("rel"));
            a.name = rel == null ? "link" : rel;
            a.rel = rel;
            a.uri = target;
            a.version = Agency.versionNumber(link.attr("version"));
            String ct = link.attr("contenttype");
            AgencyNode ic = link.child("itemClass");
            a.type = ic != null ? Agency.type(ic.attr("qcode")) : ct != null && ct.startsWith("image/") ? "picture" : null;
            Agency.addText(a.headlines, NinjsItem.ROLE_MAIN, Agency.firstNonNull(link.childText("title"), link.attr("title")));
            if (Agency.webUri(href) != null) {
                a.renditions.add(new NinjsItem.Rendition("original", Agency.webUri(href), ct));
            }
            return a;
        }

        private void contentMeta(AgencyNode cm, NinjsItem item, Qcodes qcodes) {
            Integer urg = Agency.urgency(cm.childText("urgency"));
            if (urg != null) {
                item.urgency = urg;
            }
            item.contentCreated = Dates.toUtc(cm.childText("contentCreated"));
            AgencyNode located = cm.child("located");
            String locatedName = located == null ? null : located.childText("name");
            List<String> creators = new ArrayList<>();
            for (AgencyNode c : cm.children("creator")) {
                String n = Agency.firstNonNull(c.childText("name"), c.attr("literal"));
                if (n != null) {
                    creators.add(n);
                }
            }
            for (AgencyNode is : cm.children("infoSource")) {
                String name = Agency.firstNonNull(is.childText("name"), is.attr("literal"), AgencyNode.qcodeLocal(is.attr("qcode")), is.attr("uri"));
                String role = AgencyNode.qcodeLocal(is.attr("role"));
                Agency.addSource(item, name, role == null ? "source" : role);
                String uri = is.attr("uri");
                if (uri != null && ItemIds.isAbsoluteUri(uri)) {
                    item.infoSources.get(item.infoSources.size() - 1).uri = ItemIds.toAscii(uri);
                }
            }
            for (AgencyNode cl : cm.children("creditline")) {
                for (String party : Agency.creditParties(cl.text())) {
                    Agency.addSource(item, party, "credit");
                }
            }
            for (AgencyNode lang : cm.children("language")) {
                if (lang.attr("role") == null || item.language == null) {
                    item.language = Agency.firstNonNull(lang.attr("tag"), item.language);
                    if (lang.attr("role") == null) {
                        break;
                    }
                }
            }
            for (AgencyNode s : cm.children("subject")) {
                String qcode = s.attr("qcode");
                String uri = Agency.firstNonNull(qcodes.uri(qcode), absolute(s.attr("uri")));
                String name = name(s, item.language);
                if (qcode == null && uri == null && name == null) {
                    continue;
                }
                Agency.addSubject(item, name, uri, Agency.firstNonNull(qcode, s.attr("literal")));
            }
            for (AgencyNode g : cm.children("genre")) {
                String qcode = g.attr("qcode");
                NinjsItem.Concept c = new NinjsItem.Concept(name(g, item.language),
                        Agency.firstNonNull(qcodes.uri(qcode), absolute(g.attr("uri"))), Agency.firstNonNull(qcode, g.attr("literal")));
                if (!item.genres.contains(c)) {
                    item.genres.add(c);
                }
            }
            for (AgencyNode h : cm.children("headline")) {
                String role = AgencyNode.qcodeLocal(h.attr("role"));
                boolean hasMain = item.headlines.stream().anyMatch(t -> NinjsItem.ROLE_MAIN.equals(t.role));
                Agency.addText(item.headlines, role != null ? role : hasMain ? Agency.ROLE_SUBTITLE : NinjsItem.ROLE_MAIN, h.text());
            }
            item.slugline = cm.childText("slugline");
            item.by = Agency.firstNonNull(cm.childText("by"), creators.isEmpty() ? null : String.join(", ", creators));
            for (AgencyNode d : cm.children("description")) {
                String role = AgencyNode.qcodeLocal(d.attr("role"));
                Agency.addText(item.descriptions, role, d.text());
            }
            for (AgencyNode alt : cm.children("altId")) {
                String value = Agency.firstNonNull(alt.attr("id"), alt.text());
                String role = AgencyNode.qcodeLocal(alt.attr("type"));
                if (value != null) {
                    item.altIds.add(new NinjsItem.AltId(role == null ? "alt" : role, value));
                }
            }
            String dateline = cm.childText("dateline");
            if (dateline != null) {
                Agency.applyDateline(item, dateline, locatedName);
            }
            if (item.located == null) {
                item.located = locatedName;
            }
            if (item.located == null && located != null) {
                // "city:Philadelphia": a qcode whose code is a name (not a number) still says where
                String code = AgencyNode.qcodeLocal(located.attr("qcode"));
                if (code != null && code.matches("\\p{L}[\\p{L}\\p{M} .'’\\-]*")) {
                    item.located = code;
                }
            }
        }

        /** The name of a concept in the item's language if it has one, else its first name. */
        private static String name(AgencyNode concept, String language) {
            List<AgencyNode> names = concept.children("name");
            if (names.isEmpty()) {
                return null;
            }
            if (language != null) {
                String base = language.split("-")[0];
                for (AgencyNode n : names) {
                    String l = n.attr("xml:lang");
                    if (l != null && (l.equalsIgnoreCase(language) || l.split("-")[0].equalsIgnoreCase(base))) {
                        return n.text();
                    }
                }
            }
            return names.get(0).text();
        }

        private void contentSet(AgencyNode cs, NinjsItem item, Qcodes qcodes, String guid) {
            int n = 0;
            for (AgencyNode c : cs.elements()) {
                switch (c.name) {
                    case "inlineXML" -> inlineXml(c, item, qcodes, guid);
                    case "inlineData" -> inlineData(c, item);
                    case "remoteContent" -> {
                        n++;
                        NinjsItem.Rendition r = rendition(c, n);
                        if (r != null) {
                            item.renditions.add(r);
                        }
                    }
                    default -> {
                        // alternative content wirehub does not read (e.g. sportsml in a package)
                    }
                }
            }
        }

        private void inlineXml(AgencyNode c, NinjsItem item, Qcodes qcodes, String guid) {
            if (Agency.hasBody(item)) {
                return;
            }
            List<AgencyNode> els = c.elements();
            if (els.isEmpty()) {
                return;
            }
            AgencyNode root = els.get(0);
            String ct = c.attr("contenttype");
            if ("nitf".equals(root.name)) {
                Agency.applyNitf(root, item, qcodes);
            } else if (Agency.isXhtml(root, ct)) {
                Agency.setHtmlBody(item, Agency.xhtmlHtml(c), null);
            } else {
                warnings.add("item " + (guid == null ? "" : guid + " ") + "carries <" + root.name + "> in inlineXML"
                        + (ct == null ? "" : " (" + ct + ")") + ", which is not a text format wirehub reads; its metadata is kept");
            }
        }

        private void inlineData(AgencyNode c, NinjsItem item) {
            if (Agency.hasBody(item)) {
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (Object o : c.content) {
                if (o instanceof String s) {
                    sb.append(s);
                }
            }
            String data = sb.toString();
            String enc = c.attr("encoding");
            if (enc != null && enc.toLowerCase(java.util.Locale.ROOT).contains("base64")) {
                try {
                    data = new String(Base64.getMimeDecoder().decode(data.strip()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    warnings.add("inlineData declared base64 but is not: " + e.getMessage());
                    return;
                }
            }
            String ct = c.attr("contenttype");
            if (ct != null && ct.contains("html")) {
                Agency.setHtmlBody(item, data, null);
            } else {
                Agency.setPlainBody(item, paragraphs(data));
            }
        }

        private static List<String> paragraphs(String text) {
            List<String> out = new ArrayList<>();
            String[] blocks = text.strip().split("\\n\\s*\\n");
            if (blocks.length == 1) {
                // one paragraph per line when the text has no blank lines
                blocks = text.strip().split("\\n");
            }
            for (String b : blocks) {
                out.add(b);
            }
            return out;
        }

        private static NinjsItem.Rendition rendition(AgencyNode rc, int n) {
            String name = AgencyNode.qcodeLocal(rc.attr("rendition"));
            NinjsItem.Rendition r = new NinjsItem.Rendition(name == null ? "rendition" + n : name,
                    Agency.webUri(rc.attr("href")), rc.attr("contenttype"));
            r.width = integer(rc.attr("width"));
            r.height = integer(rc.attr("height"));
            Integer size = integer(rc.attr("size"));
            r.sizeInBytes = size == null ? null : size.longValue();
            String dur = rc.attr("duration");
            if (dur != null && dur.matches("\\d+(\\.\\d+)?")) {
                r.duration = Double.valueOf(dur);
            }
            return r;
        }

        /** One partial item per reference of a package, except those carried in the same message. */
        List<NinjsItem> packageRefs(AgencyNode pkg, Set<String> carried) {
            NinjsItem pkgItem = new NinjsItem();
            Qcodes qcodes = new Qcodes();
            AgencyNode im = pkg.child("itemMeta");
            if (im != null) {
                itemMeta(im, pkgItem, qcodes);
            }
            AgencyNode cm = pkg.child("contentMeta");
            if (cm != null) {
                contentMeta(cm, pkgItem, qcodes);
            }
            String pkgLang = Agency.firstNonNull(pkgItem.language, pkg.attr("xml:lang"));
            String pkgUri = ItemIds.uri(feedId, pkg.attr("guid"), null);
            Map<String, AgencyNode> refs = new LinkedHashMap<>();
            collectRefs(pkg, refs);
            List<NinjsItem> out = new ArrayList<>();
            int skipped = 0;
            for (Map.Entry<String, AgencyNode> e : refs.entrySet()) {
                if (carried.contains(e.getKey())) {
                    continue;
                }
                AgencyNode ref = e.getValue();
                NinjsItem item = new NinjsItem();
                item.uri = ItemIds.uri(feedId, e.getKey(), null);
                if (item.uri == null) {
                    skipped++;
                    continue;
                }
                item.version = Agency.versionNumber(ref.attr("version"));
                AgencyNode ic = ref.child("itemClass");
                item.type = ic == null ? "text" : Agency.firstNonNull(Agency.type(ic.attr("qcode")), "text");
                Agency.addText(item.headlines, NinjsItem.ROLE_MAIN, Agency.firstNonNull(ref.childText("headline"), ref.childText("title")));
                for (AgencyNode d : ref.children("description")) {
                    Agency.addText(item.descriptions, AgencyNode.qcodeLocal(d.attr("role")), d.text());
                }
                AgencyNode ps = ref.child("pubStatus");
                item.pubStatus = ps == null ? pkgItem.pubStatus : Agency.pubStatus(ps.attr("qcode"));
                item.versionCreated = Agency.firstNonNull(Dates.toUtc(ref.childText("versionCreated")), pkgItem.versionCreated);
                item.firstCreated = pkgItem.firstCreated;
                item.language = pkgLang;
                item.infoSources.addAll(pkgItem.infoSources);
                String web = Agency.webUri(ref.attr("href"));
                if (web != null && !web.equals(item.uri)) {
                    item.renditions.add(new NinjsItem.Rendition("original", web, ref.attr("contenttype")));
                }
                item.putExtra("representationType", "partial");
                if (pkgUri != null) {
                    NinjsItem.Association a = new NinjsItem.Association();
                    a.name = "package";
                    a.rel = "package";
                    a.uri = pkgUri;
                    a.type = "composite";
                    a.version = pkgItem.version == null ? Agency.versionNumber(pkg.attr("version")) : pkgItem.version;
                    Agency.addText(a.headlines, NinjsItem.ROLE_MAIN, pkgItem.headline());
                    item.associations.add(a);
                }
                out.add(item);
            }
            if (skipped > 0) {
                warnings.add("package " + Agency.firstNonNull(pkg.attr("guid"), "") + ": " + skipped
                        + " reference(s) without an absolute id were left out");
            }
            return out;
        }

        private static void collectRefs(AgencyNode n, Map<String, AgencyNode> refs) {
            for (AgencyNode c : n.elements()) {
                if ("itemRef".equals(c.name)) {
                    String id = Agency.firstNonNull(c.attr("residref"), c.attr("href"));
                    if (id != null) {
                        refs.putIfAbsent(id, c);
                    }
                } else {
                    collectRefs(c, refs);
                }
            }
        }

        private static String absolute(String uri) {
            return uri != null && ItemIds.isAbsoluteUri(uri) ? ItemIds.toAscii(uri) : null;
        }

        private static Integer integer(String s) {
            return s != null && s.matches("\\d{1,9}") ? Integer.valueOf(s) : null;
        }
    }
}
