package io.wirehub.normalize;

import java.text.Normalizer;
import java.util.Locale;

/** Small text helpers shared by the parsers. */
public final class Text {
    private Text() {
    }

    /** Whitespace (including NBSP) collapsed to single spaces, trimmed; null for blank. */
    public static String collapse(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        appendCollapsed(sb, s);
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == ' ') {
            sb.setLength(end - 1);
        }
        int start = sb.length() > 0 && sb.charAt(0) == ' ' ? 1 : 0;
        return sb.length() - start == 0 ? null : sb.substring(start);
    }

    /**
     * Appends {@code s} with every run of whitespace (NBSP included) as one space, continuing a run
     * already at the end of {@code sb}. A plain loop: this runs on every text node of every item.
     */
    public static void appendCollapsed(StringBuilder sb, String s) {
        boolean space = sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\u00A0' || c == '\f' || Character.isWhitespace(c)) {
                if (!space) {
                    sb.append(' ');
                    space = true;
                }
            } else {
                sb.append(c);
                space = false;
            }
        }
    }

    /** Trimmed, or null when blank. */
    public static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /**
     * Accent- and case-folded form used for matching and fingerprints: NFD, combining marks
     * removed, đ/Đ to d, lower case (Vietnamese "Hà Nội" and "Ha Noi" fold alike).
     */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        if (isAscii(s)) {
            return s.toLowerCase(Locale.ROOT); // nothing to decompose: the common case of English copy, and cheap
        }
        // Latin, Vietnamese and the like fold a character at a time from a table (the same result:
        // NFD decomposes each character on its own and the marks it adds are dropped anyway), without
        // the normalizer's copies of the whole text; other scripts take the normalizer.
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char f = c < FOLD.length ? FOLD[c] : c >= LATIN_EXT_ADDITIONAL && c < LATIN_EXT_ADDITIONAL_END
                    ? FOLD_EXT[c - LATIN_EXT_ADDITIONAL] : OTHER;
            if (f == OTHER) {
                return foldByNormalizer(s);
            }
            if (sb == null) {
                sb = new StringBuilder(s.length());
            }
            if (f != DROP) {
                sb.append(f);
            }
        }
        return sb == null ? "" : sb.toString();
    }

    private static String foldByNormalizer(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (c == 'đ' || c == 'Đ') {
                c = 'd';
            }
            sb.append(c);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Table marks: the character folds to nothing (a combining mark), or needs the normalizer. */
    private static final char DROP = '\uFFFE';
    private static final char OTHER = '\uFFFF';
    private static final char LATIN_EXT_ADDITIONAL = '\u1E00';
    private static final char LATIN_EXT_ADDITIONAL_END = '\u1F00';
    /** Folded form of U+0000..U+036F (Latin to the combining marks) and of Latin Extended Additional. */
    private static final char[] FOLD = foldTable('\u0000', '\u0370');
    private static final char[] FOLD_EXT = foldTable(LATIN_EXT_ADDITIONAL, LATIN_EXT_ADDITIONAL_END);

    private static char[] foldTable(char from, char to) {
        char[] t = new char[to - from];
        for (int c = from; c < to; c++) {
            String f = foldByNormalizer(String.valueOf((char) c));
            t[c - from] = f.isEmpty() ? DROP : f.length() == 1 && f.charAt(0) < DROP ? f.charAt(0) : OTHER;
        }
        return t;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Number of words (whitespace-separated runs). */
    public static int wordCount(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean ws = Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '\u00A0';
            if (!ws && !in) {
                n++;
            }
            in = !ws;
        }
        return n;
    }
}
