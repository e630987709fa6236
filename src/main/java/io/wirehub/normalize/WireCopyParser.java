package io.wirehub.normalize;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Plain-text wire copy, as agencies and their re-distributors send it (the seed article's shape).
 * Wire conventions are structure, not prose:
 * <ul>
 *   <li>a line starting {@code >>} is a related headline: an association (rel "related"), never body;</li>
 *   <li>a line ending with {@code |} is a photo caption: a description with role "caption", never body;</li>
 *   <li>a final credit line ({@code AFP/VNA/CVN}, {@code AFP-VNA/CVN}, {@code (AFP)}, {@code TTXVN})
 *       becomes {@code infoSources} in order and leaves the body;</li>
 *   <li>a dateline opening the lead ({@code HERAT, 10 juil. (AFP) -}, {@code KABUL, July 10 (AFP) -},
 *       {@code HÀ NỘI, 10/7 (TTXVN) -}) becomes {@code located} and a "dateline" description;</li>
 *   <li>a short first line without closing punctuation is the headline; copy without one gets a
 *       headline derived from its lead sentence, with role "derived" so no one takes it for the
 *       agency's own.</li>
 * </ul>
 * Paragraphs are the lines (or, in hard-wrapped copy, the blocks between blank lines). Binary data
 * and markup are refused with a clear reason rather than read as a story.
 */
public final class WireCopyParser implements FormatParser {
    /** Longest derived headline, in characters, before it is cut at a word and given an ellipsis. */
    static final int DERIVED_MAX = 110;
    private static final int HEADLINE_MAX = 200;
    private static final Pattern MARKUP = Pattern.compile("(?i)<(html|head|body|div|p|script|table|span|br)\\b[^>]*>");

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.WIRE);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        String label = "wire copy " + doc.name();
        List<String> warnings = new ArrayList<>();
        byte[] bytes = AgencyXml.readCapped(doc, label);
        String binary = FormatDetector.binaryKind(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 16 * 1024)));
        if (binary != null) {
            throw new ParseException(label + " is " + binary + ", not text");
        }
        String text = decode(bytes, doc.contentType(), label, warnings);
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new ParseException(label + " is empty");
        }
        if (trimmed.startsWith("<") || MARKUP.matcher(trimmed).results().limit(3).count() >= 3) {
            throw new ParseException(label + " is markup (HTML or XML), not plain-text wire copy");
        }
        NinjsItem item = parse(text, warnings);
        double letters = letterShare(item.bodyText());
        if (item.bodyText() == null || Text.wordCount(item.bodyText()) < 3 || letters < 0.5) {
            throw new ParseException(label + " does not read as a story: "
                    + (item.bodyText() == null ? "no body text" : "too little text (" + Math.round(letters * 100) + "% letters)"));
        }
        return ItemReader.of(List.of(item), warnings);
    }

    private static String decode(byte[] bytes, String contentType, String label, List<String> warnings) {
        Charsets.Detected d = Charsets.detect(bytes, contentType);
        Charset cs = d.charset();
        int off = d.bomLength();
        if (cs.equals(StandardCharsets.UTF_8) && !Charsets.decodesCleanly(bytes, off, bytes.length - off, cs)) {
            cs = Charset.forName("windows-1252");
            warnings.add(label + " is not valid UTF-8; read as windows-1252");
        }
        return new String(bytes, off, bytes.length - off, cs);
    }

    /** The item of a piece of wire copy (no uri: the normalizer gives it one from its content). */
    static NinjsItem parse(String text, List<String> warnings) {
        List<String> lines = new ArrayList<>(text.replace("\r\n", "\n").replace('\r', '\n').lines().map(String::stripTrailing).toList());
        NinjsItem item = new NinjsItem();
        item.type = "text";

        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        List<String> credits = last > 0 ? Agency.creditChain(lines.get(last)) : null;
        if (credits != null) {
            lines.set(last, "");
        }

        List<String> related = new ArrayList<>();
        List<String> paragraphs = new ArrayList<>();
        boolean blocks = hasMultiLineBlocks(lines);
        StringBuilder cur = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith(">>")) {
                flush(cur, paragraphs);
                String h = Text.collapse(line.replaceFirst("^>>+", ""));
                if (h != null) {
                    related.add(h);
                }
            } else if (line.endsWith("|")) {
                flush(cur, paragraphs);
                Agency.addText(item.descriptions, Agency.ROLE_CAPTION, line.substring(0, line.length() - 1));
            } else if (line.isEmpty()) {
                flush(cur, paragraphs);
            } else if (!blocks || Character.isWhitespace(raw.charAt(0))) {
                flush(cur, paragraphs);
                cur.append(line);
                if (!blocks) {
                    flush(cur, paragraphs);
                }
            } else {
                if (cur.length() > 0) {
                    cur.append(' ');
                }
                cur.append(line);
            }
        }
        flush(cur, paragraphs);

        if (paragraphs.size() > 1 && looksLikeHeadline(paragraphs.get(0))) {
            Agency.addText(item.headlines, NinjsItem.ROLE_MAIN, paragraphs.remove(0));
        }
        if (!paragraphs.isEmpty()) {
            Agency.Dateline dl = Agency.leadDateline(paragraphs.get(0));
            if (dl != null) {
                Agency.applyDateline(item, dl.text(), dl.place());
                String rest = paragraphs.get(0).substring(dl.end()).strip();
                if (rest.isEmpty()) {
                    paragraphs.remove(0);
                } else {
                    paragraphs.set(0, rest);
                }
                if (credits == null) {
                    List<String> fromDateline = Agency.creditChain(dl.agency());
                    credits = fromDateline != null ? fromDateline : List.of(dl.agency());
                }
            }
        }
        if (item.headlines.isEmpty() && !paragraphs.isEmpty()) {
            String derived = derivedHeadline(paragraphs.get(0));
            if (derived != null) {
                item.headlines.add(new NinjsItem.Text(Agency.ROLE_DERIVED, null, derived));
            }
        }
        Agency.setPlainBody(item, paragraphs);
        if (credits != null) {
            for (String c : credits) {
                Agency.addSource(item, c, "credit");
            }
        }
        int n = 0;
        for (String h : related) {
            n++;
            NinjsItem.Association a = new NinjsItem.Association();
            a.name = "related-" + n;
            a.rel = "related";
            a.type = "text";
            // A related headline has no id of its own: a content URN, the same for the same headline.
            a.uri = ItemIds.contentUri("related", h);
            a.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, null, h));
            item.associations.add(a);
        }
        return item;
    }

    private static boolean hasMultiLineBlocks(List<String> lines) {
        int run = 0;
        for (String l : lines) {
            String s = l.strip();
            boolean body = !s.isEmpty() && !s.startsWith(">>") && !s.endsWith("|");
            run = body ? run + 1 : 0;
            if (run >= 2) {
                // two body lines in a row: are there blank lines between body lines at all?
                return lines.stream().anyMatch(String::isBlank) && shortLines(lines);
            }
        }
        return false;
    }

    /** Hard-wrapped copy has lines of similar, modest length (classic wire: under 80 columns). */
    private static boolean shortLines(List<String> lines) {
        int body = 0;
        int shortOnes = 0;
        for (String l : lines) {
            if (!l.isBlank()) {
                body++;
                if (l.length() <= 80) {
                    shortOnes++;
                }
            }
        }
        return body > 0 && shortOnes * 10 >= body * 9;
    }

    private static void flush(StringBuilder cur, List<String> paragraphs) {
        String p = Text.collapse(cur.toString());
        if (p != null) {
            paragraphs.add(p);
        }
        cur.setLength(0);
    }

    private static boolean looksLikeHeadline(String p) {
        return p.length() <= HEADLINE_MAX && Text.wordCount(p) <= 30 && !p.matches(".*[.!…:;,\"»”)]$")
                && Agency.leadDateline(p) == null;
    }

    /** The lead sentence, cut at a word boundary to {@link #DERIVED_MAX} characters. */
    static String derivedHeadline(String lead) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(lead);
        int end = it.next();
        String s = (end == BreakIterator.DONE ? lead : lead.substring(0, end)).strip();
        s = s.replaceAll("[\\s.;:,]+$", "");
        if (s.length() > DERIVED_MAX) {
            int cut = s.lastIndexOf(' ', DERIVED_MAX);
            s = s.substring(0, cut > DERIVED_MAX / 2 ? cut : DERIVED_MAX).replaceAll("[\\s,;:(\\-–]+$", "") + "…";
        }
        return Text.trimToNull(s);
    }

    private static double letterShare(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        int letters = 0;
        int visible = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                visible++;
                if (Character.isLetter(c)) {
                    letters++;
                }
            }
        }
        return visible == 0 ? 0 : (double) letters / visible;
    }
}
