package io.wirehub.gazetteer;

import java.text.Normalizer;

/**
 * The tokenizer and token normalization shared by the gazetteer's names and the texts it tags, so
 * that a name and its occurrence in copy always reduce to the same token keys.
 *
 * <p>Hand-written rather than built on {@link java.text.BreakIterator} or a regex: it runs over
 * every character of every item (the geotagging budget is 20 MB/s on one core), allocates nothing
 * per token, and its rules are part of the matcher's contract:
 * <ul>
 *   <li>tokens are runs of letters and digits; accents and case are folded through a precomputed
 *       table ({@code Hà Nội}, {@code Ha Noi} and {@code HA NOI} fold alike, {@code đ} to {@code d});</li>
 *   <li>an apostrophe followed by a capital splits (French elision {@code d'Hérat}, {@code l'Iran},
 *       {@code N'Djamena}); followed by a small letter it is part of the word ({@code Qal‘ah});
 *       an English possessive {@code 's} ends the token ({@code Herat's});</li>
 *   <li>hyphens split ({@code Ho-Chi-Minh-Ville} = {@code Ho Chi Minh Ville});</li>
 *   <li>transliteration variants meet in one key: {@code q}→{@code k}, {@code tch}→{@code ch},
 *       {@code ch}→{@code sh}, {@code ou}→{@code u}, {@code dj}→{@code j}, doubled letters once,
 *       a final {@code h} after a vowel dropped (so {@code Qala}/{@code Qal‘ah},
 *       {@code Zinda}/{@code Zindah}, {@code Kaboul}/{@code Kabul}, {@code Tachkent}/{@code Tashkent}).</li>
 * </ul>
 */
public final class Tokens {
    private Tokens() {
    }

    /** Token flag: the first letter is a capital. */
    public static final int CAP = 1;
    /** Token flag: every letter is a capital (and there are at least two letters, or one letter). */
    public static final int UPPER = 2;
    /** Token flag: contains a digit. */
    public static final int DIGIT = 4;

    /** Gap before a token: only spaces, hyphens or a splitting apostrophe. */
    public static final int GAP_SPACE = 0;
    /** Gap before a token: a period (abbreviations such as {@code U.S.} or {@code St. Louis}). */
    public static final int GAP_PERIOD = 1;
    /** Gap before a token: other punctuation inside a sentence (comma, parenthesis, quote...). */
    public static final int GAP_PUNCT = 2;
    /** Gap before a token: a sentence or line boundary (or the start of the text). */
    public static final int GAP_SENTENCE = 3;

    /** Folded form of each BMP char: 0 = not part of a token, 1 = combining mark (dropped). */
    private static final char[] FOLD = new char[65536];
    /** Second char for the few chars folding to two (ß→ss, æ→ae, œ→oe, þ→th). */
    private static final char[] FOLD2 = new char[65536];
    /** Whether a char is upper case (for capitalization flags). */
    private static final boolean[] IS_UPPER = new boolean[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            char ch = (char) c;
            if (Character.isSurrogate(ch)) {
                continue;
            }
            int type = Character.getType(ch);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                FOLD[c] = 1;
                continue;
            }
            if (!Character.isLetterOrDigit(ch)) {
                continue;
            }
            IS_UPPER[c] = Character.isUpperCase(ch) || Character.isTitleCase(ch);
            String d = Normalizer.normalize(String.valueOf(ch), Normalizer.Form.NFD);
            char base = d.charAt(0);
            char low = Character.toLowerCase(base);
            FOLD[c] = low < 2 ? ch : low;
        }
        special('đ', 'd', (char) 0);
        special('Đ', 'd', (char) 0);
        special('ð', 'd', (char) 0);
        special('Ð', 'd', (char) 0);
        special('ø', 'o', (char) 0);
        special('Ø', 'o', (char) 0);
        special('ł', 'l', (char) 0);
        special('Ł', 'l', (char) 0);
        special('ı', 'i', (char) 0);
        special('ħ', 'h', (char) 0);
        special('Ħ', 'h', (char) 0);
        special('ß', 's', 's');
        special('æ', 'a', 'e');
        special('Æ', 'a', 'e');
        special('œ', 'o', 'e');
        special('Œ', 'o', 'e');
        special('þ', 't', 'h');
        special('Þ', 't', 'h');
        // Modifier letters used as apostrophes in transliterations (ʻ ʼ) are handled as apostrophes.
        FOLD['ʻ'] = 0;
        FOLD['ʼ'] = 0;
        FOLD['ʿ'] = 0;
        FOLD['ʾ'] = 0;
    }

    private static void special(char c, char a, char b) {
        FOLD[c] = a;
        FOLD2[c] = b;
    }

    /** Whether c is one of the apostrophes found in copy and transliterations. */
    public static boolean isApostrophe(char c) {
        return c == '\'' || c == '’' || c == '‘' || c == 'ʼ' || c == 'ʻ' || c == '`' || c == '´'
                || c == 'ʿ' || c == 'ʾ' || c == '′';
    }

    static boolean isTokenChar(char c) {
        return FOLD[c] != 0;
    }

    static boolean isUpper(char c) {
        return IS_UPPER[c];
    }

    /**
     * Receives the tokens of a text. {@code key}/{@code keyLen} hold the normalized token (valid only
     * during the call).
     */
    public interface Sink {
        void token(int start, int end, int flags, int gap, char[] key, int keyLen, int hash);
    }

    /** Tokenizes {@code s}, calling {@code sink} for each token with its normalized key. */
    public static void tokenize(CharSequence s, Sink sink) {
        int n = s.length();
        char[] buf = new char[64];
        int i = 0;
        int gap = GAP_SENTENCE;
        int prevEnd = -1;
        int prevLen = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (FOLD[c] == 0 || FOLD[c] == 1) {
                // "U.S." / "St. Louis": a period right after a one- or two-letter word may be an abbreviation
                int g = c == '.' ? (i == prevEnd && prevLen >= 1 && prevLen <= 2 ? GAP_PERIOD : GAP_SENTENCE) : gapOf(c);
                gap = Math.max(gap, g);
                i++;
                continue;
            }
            int start = i;
            int len = 0;
            int letters = 0;
            int uppers = 0;
            int flags = 0;
            int skip = 0;
            if (IS_UPPER[c]) {
                flags |= CAP;
            }
            while (i < n) {
                c = s.charAt(i);
                char f = FOLD[c];
                if (f == 0) {
                    if (isApostrophe(c) && i + 1 < n && len > 0) {
                        char next = s.charAt(i + 1);
                        if (FOLD[next] > 1 && !IS_UPPER[next] && !Character.isDigit(next)) {
                            // possessive 's ends the token; otherwise the apostrophe is inside the word
                            boolean possessive = (next == 's' || next == 'S')
                                    && (i + 2 >= n || FOLD[s.charAt(i + 2)] == 0);
                            if (!possessive) {
                                i++;
                                continue;
                            }
                            skip = 2; // the 's of a possessive belongs to no token
                        }
                    }
                    break;
                }
                i++;
                if (f == 1) {
                    continue; // combining mark
                }
                if (len + 2 >= buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                if (Character.isDigit(c)) {
                    flags |= DIGIT;
                } else {
                    letters++;
                    if (IS_UPPER[c]) {
                        uppers++;
                    }
                }
                buf[len++] = f;
                char f2 = FOLD2[c];
                if (f2 != 0) {
                    buf[len++] = f2;
                }
            }
            if (letters > 0 && uppers == letters) {
                flags |= UPPER;
            }
            int keyLen = normalize(buf, len);
            sink.token(start, i, flags, gap, buf, keyLen, hash(buf, keyLen));
            gap = GAP_SPACE;
            prevEnd = i;
            prevLen = i - start;
            i += skip;
        }
    }

    private static int gapOf(char c) {
        switch (c) {
            case ' ', '\t', '-', '\u00A0', '\u2010', '\u2011', '\u202F':
                return GAP_SPACE;
            case '\n', '\r', '!', '?', '|', '>', '•', '…', ';', ':':
                return GAP_SENTENCE;
            default:
                if (isApostrophe(c)) {
                    return GAP_SPACE;
                }
                return GAP_PUNCT;
        }
    }

    /**
     * Applies the transliteration rules in place to a folded token and returns the new length.
     */
    static int normalize(char[] b, int len) {
        int w = 0;
        for (int r = 0; r < len; r++) {
            char c = b[r];
            if (c == 'q') {
                c = 'k';
            } else if (c == 't' && r + 2 < len && b[r + 1] == 'c' && b[r + 2] == 'h') {
                continue; // tch -> ch
            } else if (c == 'c' && r + 1 < len && b[r + 1] == 'h') {
                c = 's'; // ch -> sh
            } else if (c == 'o' && r + 1 < len && b[r + 1] == 'u') {
                r++;
                c = 'u'; // ou -> u
            } else if (c == 'd' && r + 1 < len && b[r + 1] == 'j') {
                continue; // dj -> j
            }
            if (w > 0 && b[w - 1] == c && Character.isLetter(c)) {
                continue; // doubled letter once
            }
            b[w++] = c;
        }
        if (w > 3 && b[w - 1] == 'h' && isVowel(b[w - 2])) {
            w--;
        }
        return w;
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }

    static int hash(char[] b, int len) {
        return hash(b, 0, len);
    }

    static int hash(char[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** The normalized token keys of a name, joined by single spaces (for tests and debugging). */
    public static String key(CharSequence name) {
        StringBuilder sb = new StringBuilder();
        tokenize(name, (start, end, flags, gap, key, keyLen, hash) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(key, 0, keyLen);
        });
        return sb.toString();
    }

    /** Accent- and case-folded form of a string, without the transliteration rules. */
    public static String fold(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char f = FOLD[c];
            if (f == 1) {
                continue;
            }
            if (f == 0) {
                sb.append(Character.isWhitespace(c) ? ' ' : c);
                continue;
            }
            sb.append(f);
            if (FOLD2[c] != 0) {
                sb.append(FOLD2[c]);
            }
        }
        return sb.toString();
    }
}
