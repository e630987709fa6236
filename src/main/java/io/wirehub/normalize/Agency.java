package io.wirehub.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mapping shared by the agency parsers (NewsML-G2, NewsML 1.2, NITF, wire copy): NITF and XHTML
 * bodies to sanitized HTML, datelines, credit chains, statuses, urgencies. One place, so the same
 * story reads the same whichever envelope it came in.
 */
final class Agency {
    /** Description roles used by the agency parsers. */
    static final String ROLE_CAPTION = "caption";
    static final String ROLE_DATELINE = "dateline";
    static final String ROLE_SUMMARY = "summary";
    static final String ROLE_SUBTITLE = "subtitle";
    /**
     * Role of a headline wirehub wrote itself from the lead sentence because the copy had none.
     * ninjs leaves headline roles open, so this validates; consumers that look for role "main" fall
     * back to the first headline ({@link NinjsItem#headline()}).
     */
    static final String ROLE_DERIVED = "derived";

    private static final Set<String> NITF_PASS = Set.of("p", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td",
            "th", "thead", "tbody", "tfoot", "caption", "col", "colgroup", "br", "em", "pre", "q", "a", "sub", "sup",
            "strong", "b", "i", "u", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "span", "img", "figure",
            "figcaption", "hr", "cite", "code", "abbr", "small", "s", "section", "article");
    private static final Set<String> DROP = Set.of("script", "style", "head", "title", "meta", "link", "object",
            "embed", "iframe", "note", "media-metadata", "media-object", "nitf-table-metadata", "ed-msg");

    /** Uppercase-led words of a place: "HERAT", "HÀ NỘI", "Rio de Janeiro" is not a wire dateline. */
    private static final String PLACE = "\\p{Lu}[\\p{L}\\p{M}'’.\\-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}'’.\\-]*){0,4}(?:\\s*\\([^()\\n]{1,40}\\))?";
    private static final String AGENCY = "[\\p{L}][\\p{L}0-9&/ .\\-]{0,24}";
    /** "HERAT, 10 juil. (AFP) -", "KABUL, July 10 (AFP) -", "HÀ NỘI, 10/7 (TTXVN) -", "PARIS (AFP) -". */
    private static final Pattern WIRE_DATELINE = Pattern.compile(
            "^(?<place>" + PLACE + ")\\s*(?:,\\s*(?<date>[^()\\n]{1,40}?))?\\s*\\((?<agency>" + AGENCY + ")\\)\\s*[-–—]+\\s*");
    /** A dateline standing alone (NewsML-G2 dateline, NewsML 1.2 DateLine): the dash is optional. */
    private static final Pattern LONE_DATELINE = Pattern.compile(
            "^(?<place>[^,()]{1,60}?(?:\\s*\\([^()]{1,40}\\))?)\\s*(?:,\\s*(?<date>[^()]{1,40}?))?\\s*(?:\\((?<agency>" + AGENCY + ")\\))?\\s*[-–—]*\\s*$");

    private static final String TOKEN = "\\p{Lu}[\\p{Lu}0-9&.]{1,11}";
    /** "AFP/VNA/CVN", "AFP-VNA/CVN", "(AFP)", "TTXVN", "Theo TTXVN/AFP". */
    private static final Pattern CREDIT = Pattern.compile(
            "^\\(?\\s*(?:(?i:theo|source|sources|nguồn)\\s*:?\\s*)?(" + TOKEN + "(?:\\s*[/\\-–,]\\s*" + TOKEN + ")*)\\s*\\)?\\.?$");
    private static final Set<String> NOT_CREDITS = Set.of("END", "ENDS", "FIN", "HẾT", "MORE", "URGENT", "FLASH",
            "ALERTE", "ALERT", "NNNN", "XXX", "TT");

    private static final Pattern VERSION = Pattern.compile("^0*(\\d{1,9})");
    private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,3}");
    private static final Pattern TRAILING_DASH = Pattern.compile("\\s*[-–—]+$");

    private Agency() {
    }

    // ---- bodies ------------------------------------------------------------------------------

    /** Sets the sanitized HTML body (role main), replacing an earlier one; blank input is ignored. */
    static void setHtmlBody(NinjsItem item, String rawHtml, String baseUri) {
        String html = Html.sanitize(rawHtml, baseUri);
        if (html == null || Html.toText(html) == null) {
            return;
        }
        item.bodies.removeIf(b -> "text/html".equals(b.contentType) || "text/plain".equals(b.contentType));
        item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/html", html));
    }

    /** Sets the plain-text body (role main) and an HTML rendering of its paragraphs. */
    static void setPlainBody(NinjsItem item, List<String> paragraphs) {
        List<String> paras = new ArrayList<>();
        for (String p : paragraphs) {
            String c = Text.collapse(p);
            if (c != null) {
                paras.add(c);
            }
        }
        if (paras.isEmpty()) {
            return;
        }
        item.bodies.removeIf(b -> "text/html".equals(b.contentType) || "text/plain".equals(b.contentType));
        item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", String.join("\n\n", paras)));
        StringBuilder html = new StringBuilder();
        for (String p : paras) {
            html.append("<p>").append(p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</p>");
        }
        item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/html", html.toString()));
    }

    /** True when the item has a main body already. */
    static boolean hasBody(NinjsItem item) {
        return item.bodyText() != null || item.bodyHtml() != null;
    }

    /** HTML of a NITF container ({@code body.content}, a NewsML 1.2 DataContent, an abstract). */
    static String nitfHtml(AgencyNode container) {
        return container.innerMarkup(Agency::nitfTag, Agency::nitfAttr);
    }

    private static String nitfTag(AgencyNode n) {
        String name = n.name.toLowerCase(Locale.ROOT);
        if (DROP.contains(name)) {
            return "";
        }
        switch (name) {
            case "hl1":
                return "h1";
            case "hl2":
                return "h2";
            case "bq":
                return "blockquote";
            case "block":
            case "fn":
                return "div";
            case "media":
                return "figure";
            case "media-reference":
                return "img";
            case "media-caption":
                return "figcaption";
            case "credit":
                return "cite";
            default:
                return NITF_PASS.contains(name) ? name : null;
        }
    }

    private static String nitfAttr(AgencyNode n, String attr) {
        String a = attr.toLowerCase(Locale.ROOT);
        if ("media-reference".equals(n.name)) {
            return switch (a) {
                case "source" -> "src";
                case "alternate-text" -> "alt";
                case "height", "width" -> a;
                default -> null;
            };
        }
        return switch (a) {
            case "href", "src", "alt", "title", "colspan", "rowspan", "datetime" -> a;
            default -> null;
        };
    }

    /** HTML of an XHTML document or fragment: the content of its body when it has one. */
    static String xhtmlHtml(AgencyNode node) {
        AgencyNode body = "body".equals(node.name) ? node : node.find("body");
        AgencyNode from = body != null ? body : node;
        return from.innerMarkup(n -> DROP.contains(n.name.toLowerCase(Locale.ROOT)) ? "" : n.name.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads an NITF document into the item, filling only what is still empty, so metadata from an
     * envelope (NewsML-G2 contentMeta, NewsML 1.2 NewsLines) wins over the NITF head.
     */
    static void applyNitf(AgencyNode nitf, NinjsItem item, Qcodes qcodes) {
        AgencyNode head = nitf.child("head");
        AgencyNode body = nitf.child("body");
        AgencyNode bodyHead = body == null ? null : body.child("body.head");
        if (bodyHead != null) {
            AgencyNode hed = bodyHead.child("hedline");
            if (hed != null) {
                if (item.headlines.isEmpty()) {
                    addText(item.headlines, NinjsItem.ROLE_MAIN, hed.childText("hl1"));
                }
                for (AgencyNode hl2 : hed.children("hl2")) {
                    addText(item.headlines, ROLE_SUBTITLE, hl2.text());
                }
            }
            if (item.by == null) {
                item.by = byline(bodyHead.child("byline"));
            }
            AgencyNode dl = bodyHead.child("dateline");
            if (dl != null) {
                String place = locationName(dl.child("location"));
                if (place == null) {
                    place = datelinePlace(textBefore(dl, "story.date"));
                }
                applyDateline(item, dl.text(), place);
            }
            AgencyNode abs = bodyHead.child("abstract");
            if (abs != null) {
                addText(item.descriptions, ROLE_SUMMARY, Html.toText(nitfHtml(abs)));
            }
            AgencyNode distributor = bodyHead.child("distributor");
            if (distributor != null && distributor.text() != null) {
                addSource(item, distributor.text(), "distributor");
            }
        }
        if (head != null) {
            if (item.headlines.isEmpty()) {
                addText(item.headlines, NinjsItem.ROLE_MAIN, head.childText("title"));
            }
            applyDocdata(head, item);
            for (AgencyNode t : head.children("tobject")) {
                for (AgencyNode s : t.children("tobject.subject")) {
                    String ref = s.attr("tobject.subject.refnum");
                    String name = s.attr("tobject.subject.matter");
                    if (name == null) {
                        name = s.attr("tobject.subject.type");
                    }
                    if (ref != null || name != null) {
                        // ipr defaults to IPTC (NITF DTD); an agency's own codes keep their scheme, without IPTC's URI
                        String ipr = s.attr("tobject.subject.ipr");
                        boolean iptc = Qcodes.isIptcAuthority(ipr);
                        String code = ref == null ? null : iptc ? "subj:" + ref : Text.collapse(ipr) + ":" + ref;
                        addSubject(item, name, iptc ? qcodes.uri(code) : null, code);
                    }
                }
            }
        }
        if (item.language == null) {
            item.language = firstNonNull(nitf.attr("xml:lang"), nitf.attr("baselang"), body == null ? null : body.attr("xml:lang"),
                    head == null ? null : head.attr("xml:lang"));
        }
        AgencyNode content = body == null ? null : body.child("body.content");
        if (content != null && !hasBody(item)) {
            setHtmlBody(item, nitfHtml(content), null);
        }
    }

    private static void applyDocdata(AgencyNode head, NinjsItem item) {
        AgencyNode dd = head.child("docdata");
        if (dd == null) {
            return;
        }
        AgencyNode docId = dd.child("doc-id");
        if (docId != null && item.altId("guid") == null) {
            item.setAltId("guid", docId.attr("id-string"));
        }
        AgencyNode urg = dd.child("urgency");
        if (urg != null && item.urgency == null) {
            item.urgency = urgency(urg.attr("ed-urg"));
        }
        AgencyNode issue = dd.child("date.issue");
        if (issue != null && item.versionCreated == null) {
            item.versionCreated = Dates.toUtc(firstNonNull(issue.attr("norm"), issue.text()));
        }
        AgencyNode release = dd.child("date.release");
        if (release != null && item.embargoedUntil == null) {
            String rel = Dates.toUtc(firstNonNull(release.attr("norm"), release.text()));
            if (rel != null && item.versionCreated != null && rel.compareTo(item.versionCreated) > 0) {
                item.embargoedUntil = rel;
            }
        }
        AgencyNode copyright = dd.child("doc.copyright");
        if (copyright != null && item.copyrightHolder == null) {
            item.copyrightHolder = copyright.attr("holder");
            String year = copyright.attr("year");
            if (item.copyrightNotice == null && item.copyrightHolder != null) {
                item.copyrightNotice = "Copyright " + (year == null ? "" : year + " ") + item.copyrightHolder;
            }
        }
        AgencyNode duKey = dd.child("du-key");
        if (duKey != null && item.version == null) {
            item.version = versionNumber(duKey.attr("version"));
        }
        AgencyNode status = dd.child("management-status");
        if (status != null && item.pubStatus == null) {
            item.pubStatus = pubStatus(firstNonNull(status.attr("info"), status.text()));
        }
        AgencyNode ed = dd.child("ed-msg");
        if (ed != null && item.edNote == null) {
            item.edNote = firstNonNull(ed.attr("info"), ed.text());
        }
        AgencyNode evloc = dd.child("evloc");
        if (evloc != null && item.located == null) {
            // where the event is, when the dateline names no place
            item.located = placeName(firstNonNull(evloc.attr("city"), evloc.attr("state-prov"), evloc.attr("county-dist"),
                    evloc.attr("iso-cc")));
        }
    }

    /** The place of an NITF {@code <location>}: its city, else state, region or country, else its text. */
    private static String locationName(AgencyNode location) {
        if (location == null) {
            return null;
        }
        return Text.collapse(firstNonNull(location.childText("city"), location.childText("state"), location.childText("region"),
                location.childText("country"), location.text()));
    }

    /** The text of an element up to its first child named {@code stop} ("PARIS, Jan. 2 (AFP) -" before the story.date). */
    private static String textBefore(AgencyNode n, String stop) {
        StringBuilder sb = new StringBuilder();
        for (Object o : n.content) {
            if (o instanceof AgencyNode c && stop.equals(c.name)) {
                break;
            }
            String t = o instanceof AgencyNode c ? c.text() : (String) o;
            if (t != null) {
                sb.append(t);
            }
        }
        return Text.collapse(sb.toString());
    }

    /** The place part of a dateline standing alone ("PARIS, Jan. 2 (AFP) -" gives "PARIS"), or null. */
    static String datelinePlace(String dateline) {
        String text = Text.collapse(dateline);
        if (text == null) {
            return null;
        }
        Matcher m = LONE_DATELINE.matcher(TRAILING_DASH.matcher(text).replaceAll(""));
        return m.find() ? Text.trimToNull(m.group("place")) : null;
    }

    private static String textOf(AgencyNode n) {
        return n == null ? null : n.text();
    }

    /** The by-line without its title element ("By Meredith Jameson, Staff Reporter" gives "By Meredith Jameson"). */
    static String byline(AgencyNode byline) {
        if (byline == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : byline.content) {
            if (o instanceof String s) {
                sb.append(s);
            } else if (o instanceof AgencyNode n && !"byttl".equals(n.name)) {
                sb.append(' ').append(n.text() == null ? "" : n.text()).append(' ');
            }
        }
        String by = Text.collapse(sb.toString());
        if (by != null) {
            by = by.replaceAll("[,;\\s]+$", "");
        }
        if (by == null || by.isEmpty()) {
            AgencyNode ttl = byline.child("byttl");
            by = ttl == null ? null : ttl.text();
        }
        return Text.trimToNull(by);
    }

    // ---- datelines ----------------------------------------------------------------------------

    /** A dateline found at the start of a wire lead paragraph. */
    record Dateline(String text, String place, String date, String agency, int end) {
    }

    /** The dateline that opens a lead paragraph ("HERAT, 10 juil. (AFP) - ..."), or null. */
    static Dateline leadDateline(String paragraph) {
        if (paragraph == null) {
            return null;
        }
        Matcher m = WIRE_DATELINE.matcher(paragraph);
        if (!m.find()) {
            return null;
        }
        String text = paragraph.substring(0, m.end()).strip().replaceAll("\\s*[-–—]+$", "");
        return new Dateline(text, placeName(m.group("place")), Text.trimToNull(m.group("date")), m.group("agency").strip(), m.end());
    }

    /**
     * Records a dateline on the item: the text as a description with role "dateline", and
     * {@code located} (when not set yet) from {@code place}, else from the dateline's place part.
     */
    static void applyDateline(NinjsItem item, String dateline, String place) {
        String text = Text.collapse(dateline);
        if (text != null) {
            text = TRAILING_DASH.matcher(text).replaceAll("");
            addText(item.descriptions, ROLE_DATELINE, text);
        }
        if (item.located == null) {
            String p = Text.collapse(place);
            if (p == null && text != null) {
                Matcher m = LONE_DATELINE.matcher(text);
                if (m.find()) {
                    p = m.group("place");
                }
            }
            item.located = placeName(p);
        }
    }

    /**
     * An all-caps place as a name ("HÀ NỘI" gives "Hà Nội"); mixed case is kept as written. A date
     * is no place (a dateline of only {@code <story.date>}): null.
     */
    static String placeName(String place) {
        String p = Text.collapse(place);
        if (p == null || Dates.looksLikeDate(p)) {
            return null;
        }
        p = p.replaceAll("\\s*\\(.*\\)$", "").strip();
        if (!p.equals(p.toUpperCase(Locale.ROOT))) {
            return p;
        }
        StringBuilder sb = new StringBuilder(p.length());
        boolean start = true;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            sb.append(start ? c : Character.toLowerCase(c));
            start = c == ' ' || c == '-' || c == '\'' || c == '’' || c == '.';
        }
        return sb.toString();
    }

    // ---- credits, statuses, small values --------------------------------------------------------

    /**
     * The agencies of a wire credit line, in order ("AFP/VNA/CVN" gives AFP, VNA, CVN), or null when
     * the line is not a credit line. Only upper-case agency codes count, so a short last sentence is
     * never taken for a credit.
     */
    static List<String> creditChain(String line) {
        String l = Text.collapse(line);
        if (l == null || l.length() > 60) {
            return null;
        }
        Matcher m = CREDIT.matcher(l);
        if (!m.matches()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String t : m.group(1).split("\\s*[/\\-–,]\\s*")) {
            String code = t.replaceAll("\\.$", "");
            if (NOT_CREDITS.contains(code)) {
                return null;
            }
            if (!out.contains(code)) {
                out.add(code);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Parties of a free-form credit line ("Acme/John Smith", "AFP"), split on slashes. */
    static List<String> creditParties(String creditline) {
        List<String> out = new ArrayList<>();
        String c = Text.collapse(creditline);
        if (c == null) {
            return out;
        }
        for (String p : c.split("\\s*/\\s*")) {
            String t = Text.trimToNull(p.replaceAll("^[(\\s]+|[)\\s.]+$", ""));
            if (t != null && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Adds an info source unless one with the same name is there already. */
    static void addSource(NinjsItem item, String name, String role) {
        String n = Text.collapse(name);
        if (n == null) {
            return;
        }
        for (NinjsItem.Concept c : item.infoSources) {
            if (n.equalsIgnoreCase(c.name)) {
                return;
            }
        }
        NinjsItem.Concept c = new NinjsItem.Concept(n, null, null);
        c.role = role;
        item.infoSources.add(c);
    }

    /** Adds a subject unless the same one (by uri, literal or name) is there already. */
    static void addSubject(NinjsItem item, String name, String uri, String literal) {
        for (NinjsItem.Concept c : item.subjects) {
            if ((uri != null && uri.equals(c.uri)) || (literal != null && literal.equals(c.literal))
                    || (uri == null && literal == null && name != null && name.equals(c.name))) {
                return;
            }
        }
        item.subjects.add(new NinjsItem.Concept(Text.collapse(name), uri, literal));
    }

    /** Adds a headline/description unless blank or already present with the same value. */
    static void addText(List<NinjsItem.Text> list, String role, String value) {
        String v = Text.collapse(value);
        if (v == null) {
            return;
        }
        for (NinjsItem.Text t : list) {
            if (v.equals(t.value) && java.util.Objects.equals(role, t.role)) {
                return;
            }
        }
        list.add(new NinjsItem.Text(role, null, v));
    }

    /** ninjs pubStatus from the sources' words (stat:canceled, Canceled, Withheld, kill...), or null. */
    static String pubStatus(String s) {
        String v = AgencyNode.qcodeLocal(s);
        if (v == null) {
            return null;
        }
        v = v.toLowerCase(Locale.ROOT);
        if (v.startsWith("cancel") || v.equals("kill") || v.equals("killed") || v.equals("deleted")) {
            return "canceled";
        }
        if (v.startsWith("withh") || v.equals("embargoed") || v.equals("hold")) {
            return "withheld";
        }
        if (v.equals("usable") || v.equals("active")) {
            return "usable";
        }
        return null;
    }

    /** Urgency 1-9 from a number in the source; out-of-range values are clamped, junk gives null. */
    static Integer urgency(String s) {
        String v = AgencyNode.qcodeLocal(s);
        if (v == null || !SMALL_NUMBER.matcher(v).matches()) {
            return null;
        }
        int u = Integer.parseInt(v);
        return u == 0 ? null : Math.min(9, Math.max(1, u));
    }

    /** A version as ninjs writes it (digits only, leading zeros removed), or the text as given. */
    static String versionNumber(String s) {
        String v = Text.trimToNull(s);
        if (v == null) {
            return null;
        }
        Matcher m = VERSION.matcher(v);
        return m.find() ? (m.group(1).isEmpty() ? "0" : m.group(1)) : v;
    }

    /** ninjs type from a NewsML-G2 item class or NewsML 1.2 media type. */
    static String type(String itemClassOrMedia) {
        String v = AgencyNode.qcodeLocal(itemClassOrMedia);
        if (v == null) {
            return null;
        }
        v = v.toLowerCase(Locale.ROOT);
        if (v.startsWith("text")) {
            return "text";
        }
        if (v.startsWith("photo") || v.startsWith("picture") || v.startsWith("image")) {
            return "picture";
        }
        if (v.startsWith("graphic")) {
            return "graphic";
        }
        if (v.startsWith("video")) {
            return "video";
        }
        if (v.startsWith("audio") || v.startsWith("sound")) {
            return "audio";
        }
        if (v.startsWith("composite") || v.startsWith("package")) {
            return "composite";
        }
        return null;
    }

    /** An http(s) URL in ASCII form, or null: the only links wirehub passes on to subscribers. */
    static String webUri(String href) {
        String h = Text.trimToNull(href);
        if (h == null || !ItemIds.isAbsoluteUri(h)) {
            return null;
        }
        String scheme = h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT);
        return "http".equals(scheme) || "https".equals(scheme) ? ItemIds.toAscii(h) : null;
    }

    /** True when the inlineXML root (or its content type) says XHTML. */
    static boolean isXhtml(AgencyNode root, String contentType) {
        return (contentType != null && contentType.contains("html")) || root.ns.contains("xhtml")
                || Set.of("html", "body", "p", "div", "section", "article", "h1", "h2", "ul", "ol", "table").contains(root.name);
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
