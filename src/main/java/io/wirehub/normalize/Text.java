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
