package io.wirehub.normalize;

import javax.xml.stream.XMLStreamException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPTC NewsML 1.2 as AFP delivers it: {@code NewsML/NewsItem/NewsComponent/ContentItem}, read one
 * NewsItem at a time.
 *
 * <p>Mapping: the NewsIdentifier without its revision ({@code urn:newsml:afp.com:20210710:ID}) is
 * the {@code uri}, so every revision of a story keeps it; {@code RevisionId} is the {@code version};
 * {@code Status} (Usable, Withheld, Canceled; Embargoed with its StatusWillChange date) and a kill
 * {@code Instruction} give {@code pubStatus}; NewsLines give headline, subheadline, by-line,
 * dateline ({@code located}), credit and copyright; DescriptiveMetadata gives language, genre,
 * subjects (IPTC subject codes as URIs) and Location; the main text ContentItem (NITF, XHTML or
 * plain text in DataContent) is the body; photo components become picture associations with their
 * renditions and caption.
 */
public final class NewsMl1Parser implements FormatParser {
    private static final Pattern REVISION_SUFFIX = Pattern.compile(":\\d+[A-Za-z]?$");
    private static final Set<String> MEDIA_ROLES = Set.of("photo", "picture", "image", "graphic", "video", "audio", "sound");

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.NEWSML_1);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        List<String> warnings = new ArrayList<>();
        String label = "NewsML 1.2 document " + doc.name();
        AgencyXml.Opened in = AgencyXml.open(doc, label, warnings);
        try {
            if (!in.nextStart() || !"NewsML".equalsIgnoreCase(in.reader.getLocalName())) {
                in.close();
                throw new ParseException(label + " has no <NewsML> root element");
            }
        } catch (XMLStreamException e) {
            in.close();
            throw new ParseException(in.describe(e), e);
        }
        String feedId = doc.context() == null ? null : doc.context().feedId();
        ItemReader reader = new Items(in, feedId, warnings);
        // The first item is read now, so a document broken before any item is refused outright.
        try {
            reader.hasNext();
        } catch (ParseRuntimeException e) {
            throw new ParseException(e.getMessage(), e.getCause());
        }
        return reader;
    }

    private static final class Items implements ItemReader {
        private final AgencyXml.Opened in;
        private final String feedId;
        private final List<String> warnings;
        private final Deque<NinjsItem> pending = new ArrayDeque<>();
        private boolean done;
        private int count;

        Items(AgencyXml.Opened in, String feedId, List<String> warnings) {
            this.in = in;
            this.feedId = feedId;
            this.warnings = warnings;
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !done) {
                try {
                    if (!in.nextStart()) {
                        done = true;
                        in.close();
                        if (count == 0) {
                            warnings.add(in.label + " carries no NewsItem");
                        }
                    } else if ("NewsItem".equals(in.reader.getLocalName())) {
                        count++;
                        pending.add(newsItem(in.readNode()));
                    } else if (!"NewsML".equals(in.reader.getLocalName())) {
                        in.readNode();
                    }
                } catch (XMLStreamException e) {
                    done = true;
                    in.close();
                    throw new ParseRuntimeException(in.describe(e), e);
                }
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

        @Override
        public void close() {
            in.close();
        }

        private NinjsItem newsItem(AgencyNode ni) {
            NinjsItem item = new NinjsItem();
            item.language = ni.attr("xml:lang");
            identification(ni.child("Identification"), item);
            management(ni.child("NewsManagement"), item);
            AgencyNode top = ni.child("NewsComponent");
            if (top != null) {
                component(top, item, new Qcodes(), new ArrayList<>(), false);
                if (!Agency.hasBody(item)) {
                    body(item);
                }
            }
            pendingText.clear();
            if (item.type == null) {
                item.type = "text";
            }
            return item;
        }

        private void identification(AgencyNode id, NinjsItem item) {
            if (id == null) {
                return;
            }
            AgencyNode nid = id.child("NewsIdentifier");
            if (nid != null) {
                String provider = nid.childText("ProviderId");
                String date = nid.childText("DateId");
                String itemId = nid.childText("NewsItemId");
                String pub = nid.childText("PublicIdentifier");
                String guid;
                if (provider != null && date != null && itemId != null) {
                    guid = "urn:newsml:" + provider + ":" + date + ":" + itemId;
                } else if (pub != null) {
                    guid = REVISION_SUFFIX.matcher(pub).replaceFirst("");
                } else {
                    guid = itemId;
                }
                item.uri = ItemIds.uri(feedId, guid, null);
                if (pub != null) {
                    item.setAltId("publicIdentifier", pub);
                }
                item.version = Agency.versionNumber(nid.childText("RevisionId"));
            }
            String nameLabel = id.childText("NameLabel");
            if (nameLabel != null) {
                item.slugline = nameLabel;
            }
        }

        private void management(AgencyNode nm, NinjsItem item) {
            if (nm == null) {
                return;
            }
            item.firstCreated = Dates.toUtc(nm.childText("FirstCreated"));
            item.versionCreated = Dates.toUtc(nm.childText("ThisRevisionCreated"));
            AgencyNode status = nm.child("Status");
            String st = status == null ? null : status.attr("FormalName");
            item.pubStatus = Agency.pubStatus(st);
            if ("embargoed".equalsIgnoreCase(st)) {
                AgencyNode will = nm.child("StatusWillChange");
                if (will != null) {
                    item.embargoedUntil = Dates.toUtc(will.childText("DateAndTime"));
                }
            }
            AgencyNode urgency = nm.child("Urgency");
            if (urgency != null) {
                item.urgency = Agency.urgency(urgency.attr("FormalName"));
            }
            for (AgencyNode ins : nm.children("Instruction")) {
                String f = ins.attr("FormalName");
                if (f != null && f.toLowerCase(Locale.ROOT).matches(".*(kill|cancel|delete|withdraw).*")) {
                    item.pubStatus = "canceled";
                }
            }
        }

        /** Text ContentItems found outside media components: (contentItem, underMainRole). */
        private final List<Object[]> pendingText = new ArrayList<>();

        private void component(AgencyNode nc, NinjsItem item, Qcodes qcodes, List<String> roles, boolean main) {
            String role = roleOf(nc);
            boolean isMain = main || "main".equalsIgnoreCase(role);
            if (role != null && MEDIA_ROLES.contains(role.toLowerCase(Locale.ROOT)) && !roles.isEmpty()) {
                NinjsItem.Association a = media(nc, item, role);
                if (a != null) {
                    item.associations.add(a);
                }
                return;
            }
            newsLines(nc.child("NewsLines"), item);
            administrative(nc.child("AdministrativeMetadata"), item);
            descriptive(nc.child("DescriptiveMetadata"), item, qcodes);
            AgencyNode rights = nc.child("RightsMetadata");
            if (rights != null && item.copyrightHolder == null) {
                item.copyrightHolder = rights.find("CopyrightHolder") == null ? null : rights.find("CopyrightHolder").text();
            }
            for (AgencyNode ci : nc.children("ContentItem")) {
                String mt = mediaType(ci);
                if (mt == null || "text".equals(Agency.type(mt))) {
                    pendingText.add(new Object[]{ci, isMain});
                } else if (!roles.isEmpty()) {
                    NinjsItem.Association a = media(nc, item, role);
                    if (a != null) {
                        item.associations.add(a);
                    }
                    break;
                } else if (item.type == null) {
                    // a top-level photo or video item: its renditions are the item's own
                    item.type = Agency.type(mt);
                    addRendition(item.renditions, ci, role);
                } else {
                    addRendition(item.renditions, ci, role);
                }
            }
            List<String> deeper = new ArrayList<>(roles);
            deeper.add(role == null ? "" : role);
            for (AgencyNode child : nc.children("NewsComponent")) {
                component(child, item, qcodes, deeper, isMain);
            }
        }

        private void body(NinjsItem item) {
            Object[] chosen = null;
            for (Object[] t : pendingText) {
                if ((Boolean) t[1]) {
                    chosen = t;
                    break;
                }
            }
            if (chosen == null && !pendingText.isEmpty()) {
                chosen = pendingText.get(0);
            }
            if (chosen != null) {
                dataContent((AgencyNode) chosen[0], item);
            }
        }

        private void dataContent(AgencyNode ci, NinjsItem item) {
            AgencyNode dc = ci.child("DataContent");
            if (dc == null) {
                return;
            }
            List<AgencyNode> els = dc.elements();
            if (els.isEmpty()) {
                List<String> paras = new ArrayList<>();
                for (String p : dc.content.isEmpty() ? new String[0] : String.join("", strings(dc)).split("\\n\\s*\\n|\\n")) {
                    paras.add(p);
                }
                Agency.setPlainBody(item, paras);
                return;
            }
            AgencyNode first = els.get(0);
            if ("nitf".equals(first.name)) {
                Agency.applyNitf(first, item, new Qcodes());
            } else if ("body".equals(first.name) && first.find("body.content") != null) {
                Agency.applyNitf(AgencyNode.wrap("nitf", java.util.Map.of(), List.of(first)), item, new Qcodes());
            } else if ("html".equals(first.name) || "body".equals(first.name)) {
                Agency.setHtmlBody(item, Agency.xhtmlHtml(first), null);
            } else {
                Agency.setHtmlBody(item, Agency.nitfHtml(dc), null);
            }
        }

        private static List<String> strings(AgencyNode n) {
            List<String> out = new ArrayList<>();
            for (Object o : n.content) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
            return out;
        }

        /** A photo/video component as an association with its renditions and caption. */
        private NinjsItem.Association media(AgencyNode nc, NinjsItem item, String role) {
            NinjsItem.Association a = new NinjsItem.Association();
            a.name = role == null ? "media" : role.toLowerCase(Locale.ROOT);
            a.rel = a.name;
            List<AgencyNode> items = new ArrayList<>();
            collectContentItems(nc, items);
            String caption = null;
            for (AgencyNode ci : items) {
                String mt = mediaType(ci);
                if (mt == null || "text".equals(Agency.type(mt))) {
                    AgencyNode dc = ci.child("DataContent");
                    if (dc != null && caption == null) {
                        caption = Html.toText(Agency.nitfHtml(dc));
                    }
                } else {
                    if (a.type == null) {
                        a.type = Agency.type(mt);
                    }
                    addRendition(a.renditions, ci, roleOf(parentOf(nc, ci)));
                }
            }
            AgencyNode lines = nc.child("NewsLines");
            if (lines != null) {
                Agency.addText(a.headlines, NinjsItem.ROLE_MAIN, lines.childText("HeadLine"));
                a.by = lines.childText("ByLine");
                String credit = lines.childText("CreditLine");
                for (String p : Agency.creditParties(credit)) {
                    Agency.addSource(a, p, "credit");
                }
            }
            Agency.addText(a.descriptions, Agency.ROLE_CAPTION, caption);
            if (a.type == null) {
                a.type = Agency.type(role);
            }
            String duid = nc.attr("Duid");
            a.uri = a.renditions.isEmpty() ? null : a.renditions.get(0).href;
            if (a.uri == null && duid != null && item.uri != null) {
                a.uri = item.uri + "#" + duid;
            }
            return a.uri == null || a.renditions.isEmpty() && a.headlines.isEmpty() ? null : a;
        }

        private static AgencyNode parentOf(AgencyNode root, AgencyNode target) {
            for (AgencyNode c : root.elements()) {
                if (c == target) {
                    return root;
                }
                AgencyNode p = parentOf(c, target);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        private static void collectContentItems(AgencyNode n, List<AgencyNode> out) {
            for (AgencyNode c : n.elements()) {
                if ("ContentItem".equals(c.name)) {
                    out.add(c);
                } else if ("NewsComponent".equals(c.name)) {
                    collectContentItems(c, out);
                }
            }
        }

        private static void addRendition(List<NinjsItem.Rendition> list, AgencyNode ci, String role) {
            String href = Agency.webUri(ci.attr("Href"));
            if (href == null) {
                return;
            }
            AgencyNode mime = ci.child("MimeType");
            String name = role == null ? "rendition" + (list.size() + 1) : role.toLowerCase(Locale.ROOT);
            NinjsItem.Rendition r = new NinjsItem.Rendition(name, href, mime == null ? null : mime.attr("FormalName"));
            AgencyNode ch = ci.child("Characteristics");
            if (ch != null) {
                String size = ch.childText("SizeInBytes");
                if (size != null && size.matches("\\d{1,15}")) {
                    r.sizeInBytes = Long.valueOf(size);
                }
                for (AgencyNode p : ch.children("Property")) {
                    String f = p.attr("FormalName");
                    String v = p.attr("Value");
                    if (f != null && v != null && v.matches("\\d{1,9}")) {
                        if ("width".equalsIgnoreCase(f)) {
                            r.width = Integer.valueOf(v);
                        } else if ("height".equalsIgnoreCase(f)) {
                            r.height = Integer.valueOf(v);
                        }
                    }
                }
            }
            list.add(r);
        }

        private static String roleOf(AgencyNode nc) {
            AgencyNode role = nc == null ? null : nc.child("Role");
            return role == null ? null : role.attr("FormalName");
        }

        private static String mediaType(AgencyNode ci) {
            AgencyNode mt = ci.child("MediaType");
            return mt == null ? null : mt.attr("FormalName");
        }

        private void newsLines(AgencyNode nl, NinjsItem item) {
            if (nl == null) {
                return;
            }
            if (item.headlines.isEmpty()) {
                Agency.addText(item.headlines, NinjsItem.ROLE_MAIN, nl.childText("HeadLine"));
            }
            for (AgencyNode sub : nl.children("SubHeadLine")) {
                Agency.addText(item.headlines, Agency.ROLE_SUBTITLE, sub.text());
            }
            if (item.by == null) {
                item.by = nl.childText("ByLine");
            }
            String dateline = nl.childText("DateLine");
            if (dateline != null) {
                Agency.applyDateline(item, dateline, null);
            }
            for (AgencyNode cl : nl.children("CreditLine")) {
                for (String p : Agency.creditParties(cl.text())) {
                    Agency.addSource(item, p, "credit");
                }
            }
            if (item.copyrightNotice == null) {
                item.copyrightNotice = nl.childText("CopyrightLine");
            }
            String slug = nl.childText("SlugLine");
            if (slug != null) {
                item.slugline = slug;
            }
        }

        private void administrative(AgencyNode am, NinjsItem item) {
            if (am == null) {
                return;
            }
            for (String what : new String[]{"Provider", "Source", "Creator"}) {
                for (AgencyNode holder : am.children(what)) {
                    for (AgencyNode party : holder.children("Party")) {
                        String name = Agency.firstNonNull(party.attr("FormalName"), party.text());
                        if ("Creator".equals(what)) {
                            if (item.by == null) {
                                item.by = name;
                            }
                        } else {
                            Agency.addSource(item, name, what.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }

        private void descriptive(AgencyNode dm, NinjsItem item, Qcodes qcodes) {
            if (dm == null) {
                return;
            }
            AgencyNode lang = dm.child("Language");
            if (lang != null && lang.attr("FormalName") != null) {
                item.language = lang.attr("FormalName");
            }
            for (AgencyNode g : dm.children("Genre")) {
                String f = g.attr("FormalName");
                if (f != null) {
                    NinjsItem.Concept c = new NinjsItem.Concept(f, null, f);
                    if (!item.genres.contains(c)) {
                        item.genres.add(c);
                    }
                }
            }
            for (AgencyNode sc : dm.children("SubjectCode")) {
                for (AgencyNode s : sc.elements()) {
                    String code = s.attr("FormalName");
                    if (code == null) {
                        continue;
                    }
                    // an 8-digit code is IPTC's only under IPTC's scheme (the default); an agency's own vocabulary keeps its code
                    boolean iptc = code.matches("\\d{8}") && Qcodes.isIptcAuthority(firstNonNullAttr(s, "Scheme", "Vocabulary"));
                    String qcode = iptc ? "subj:" + code : code;
                    Agency.addSubject(item, iptc ? null : code, qcodes.uri(qcode), qcode);
                }
            }
            for (AgencyNode loc : dm.children("Location")) {
                String city = null;
                String country = null;
                String other = null;
                for (AgencyNode p : loc.children("Property")) {
                    String f = p.attr("FormalName");
                    String v = p.attr("Value");
                    if (f == null || v == null) {
                        continue;
                    }
                    switch (f.toLowerCase(Locale.ROOT)) {
                        case "city" -> city = v;
                        case "country" -> country = v;
                        default -> other = other == null ? v : other;
                    }
                }
                if (item.located == null) {
                    item.located = Agency.firstNonNull(city, other, country);
                }
            }
        }
    }

    private static String firstNonNullAttr(AgencyNode n, String... names) {
        for (String a : names) {
            String v = n.attr(a);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The revision-free identifier of a NewsML 1.x public identifier (exposed for tests and tools). */
    static String withoutRevision(String publicIdentifier) {
        Matcher m = REVISION_SUFFIX.matcher(publicIdentifier);
        return m.replaceFirst("");
    }
}
