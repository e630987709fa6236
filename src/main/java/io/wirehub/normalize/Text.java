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
        String r = s.replace('\u00A0', ' ').replaceAll("\\s+", " ").trim();
        return r.isEmpty() ? null : r;
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

    /** Number of words (whitespace-separated runs). */
    public static int wordCount(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        return s.strip().split("\\s+").length;
    }
}
