package io.wirehub.normalize;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * HTML from feeds, made safe: jsoup's allow-list keeps structure and links, drops script and style
 * content, event handlers and any URL that is not http(s)/mailto, and resolves relative URLs
 * against the item's base.
 */
public final class Html {
    private static final Safelist SAFE = Safelist.relaxed()
            .addTags("figure", "figcaption", "abbr", "time")
            .addAttributes("time", "datetime")
            .removeProtocols("img", "src", "http", "https").addProtocols("img", "src", "http", "https")
            .removeProtocols("a", "href", "ftp").addProtocols("a", "href", "http", "https", "mailto")
            .addAttributes("a", "rel")
            .preserveRelativeLinks(false);
    private static final Cleaner CLEANER = new Cleaner(SAFE);
    private static final Document.OutputSettings OUT = new Document.OutputSettings()
            .prettyPrint(false).escapeMode(Entities.EscapeMode.base).charset("UTF-8");

    private Html() {
    }

    /**
     * Sanitized HTML. Relative links are resolved against {@code baseUri}; a link that cannot be made
     * absolute is dropped (its text stays).
     */
    public static String sanitize(String html, String baseUri) {
        if (html == null || html.isBlank()) {
            return null;
        }
        Document dirty = Jsoup.parseBodyFragment(html, baseUri == null ? "" : baseUri);
        Document clean = CLEANER.clean(dirty);
        clean.outputSettings(OUT);
        String out = clean.body().html().trim();
        return out.isEmpty() ? null : out;
    }

    /**
     * Sanitized HTML and its plain text, from one parse: {@code [html, text]}, either null when empty.
     * Markup-free input skips jsoup entirely (most feed summaries are plain text).
     */
    public static String[] sanitizeAndText(String html, String baseUri) {
        if (html == null || html.isBlank()) {
            return new String[]{null, null};
        }
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            String t = Text.collapse(html);
            return new String[]{t == null ? null : "<p>" + t + "</p>", t};
        }
        Document dirty = Jsoup.parseBodyFragment(html, baseUri == null ? "" : baseUri);
        Document clean = CLEANER.clean(dirty);
        clean.outputSettings(OUT);
        String out = clean.body().html().trim();
        String text = blocksText(clean.body());
        return new String[]{out.isEmpty() ? null : out, text};
    }

    /**
     * Plain text of an HTML fragment: block elements become paragraph breaks, whitespace collapsed
     * within paragraphs.
     */
    public static String toText(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return Text.collapse(html);
        }
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("script, style, noscript, iframe, object, embed").remove();
        return blocksText(doc.body());
    }

    /** Text with paragraph breaks between blocks, each line trimmed; null when empty. */
    private static String blocksText(Element root) {
        StringBuilder sb = new StringBuilder();
        appendBlocks(root, sb);
        StringBuilder out = new StringBuilder(sb.length());
        int blank = 0;
        int i = 0;
        int n = sb.length();
        while (i <= n) {
            int nl = sb.indexOf("\n", i);
            int end = nl < 0 ? n : nl;
            int a = i;
            int b = end;
            while (a < b && sb.charAt(a) == ' ') {
                a++;
            }
            while (b > a && sb.charAt(b - 1) == ' ') {
                b--;
            }
            if (a == b) {
                blank++;
            } else {
                if (out.length() > 0) {
                    out.append(blank > 0 ? "\n\n" : "\n");
                }
                out.append(sb, a, b);
                blank = 0;
            }
            i = end + 1;
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static void appendBlocks(Element root, StringBuilder sb) {
        for (org.jsoup.nodes.Node n : root.childNodes()) {
            if (n instanceof org.jsoup.nodes.TextNode t) {
                Text.appendCollapsed(sb, t.getWholeText());
            } else if (n instanceof Element e) {
                boolean block = e.isBlock() || "br".equals(e.normalName());
                if (block && sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                    trimTrailingSpace(sb);
                    sb.append(e.normalName().equals("br") ? "\n" : "\n\n");
                }
                appendBlocks(e, sb);
                if (block && !"br".equals(e.normalName())) {
                    trimTrailingSpace(sb);
                    sb.append("\n\n");
                }
            }
        }
    }

    private static void trimTrailingSpace(StringBuilder sb) {
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 1);
        }
    }

    /** Text of a headline or title that may carry markup or entities: no markup, one line. */
    public static String inlineText(String maybeHtml) {
        if (maybeHtml == null) {
            return null;
        }
        String s = maybeHtml;
        if (s.indexOf('<') >= 0 || s.indexOf('&') >= 0) {
            s = Jsoup.parseBodyFragment(s).text();
        }
        s = Text.collapse(s);
        return s == null || s.isEmpty() ? null : s;
    }
}
