package io.wirehub.normalize;

import com.rometools.rome.io.impl.DateParser;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;

/**
 * Dates as feeds write them (RFC 822 with its many variants, ISO 8601 / W3C-DTF, bare dates),
 * normalized to UTC ISO-8601 ({@code 2021-07-10T08:15:00Z}). ROME's date parser handles the RFC 822
 * zoo; java.time handles ISO forms.
 */
public final class Dates {
    private Dates() {
    }

    private static final java.util.regex.Pattern DIGIT = java.util.regex.Pattern.compile("\\d");
    private static final java.util.regex.Pattern LETTER = java.util.regex.Pattern.compile("\\p{L}");

    /**
     * True for text that is a date or a time rather than a name ("20170102T222800+0000",
     * "2017-01-02", "Jan. 2, 2017 22:28"): the guard that keeps dates out of {@code located} and
     * other place fields, whichever parser filled them. Mostly digits, or parseable as a date.
     */
    public static boolean looksLikeDate(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return false;
        }
        long digits = DIGIT.matcher(s).results().count();
        if (digits == 0) {
            return false; // every date has a number; spares names the date parsers
        }
        long letters = LETTER.matcher(s).results().count();
        return digits >= 4 && digits >= letters || parse(s) != null;
    }

    /** UTC ISO-8601, or null when the text is not a date. */
    public static String toUtc(String text) {
        Instant i = parse(text);
        return i == null ? null : format(i);
    }

    /** The instant, or null when the text is not a date. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // not ISO with offset
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ignored) {
            // not an ISO instant
        }
        try {
            // NewsML 1.2 writes 20210710T081500+0000
            return OffsetDateTime.parse(s, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssZ")).toInstant();
        } catch (DateTimeParseException ignored) {
            // not basic ISO
        }
        try {
            return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // no zone: taken as UTC below if nothing else fits
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not a bare date
        }
        try {
            // RSS pubDate in its standard form, without ROME's slower list of masks
            return java.time.ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // one of the many variants below
        }
        Instant basic = basicIso(s);
        if (basic != null) {
            return basic;
        }
        Date d = DateParser.parseDate(s, Locale.US);
        return d == null ? null : d.toInstant();
    }

    private static final java.util.regex.Pattern BASIC = java.util.regex.Pattern.compile(
            "^(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(\\d{2})?(?:[.,]\\d+)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?$");

    /**
     * ISO 8601 basic forms that NewsML 1.2 and NITF write ({@code 20210710T081500Z},
     * {@code 20210710T0815+0200}, {@code 20210710}); no zone is taken as UTC.
     */
    private static Instant basicIso(String s) {
        java.util.regex.Matcher m = BASIC.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String zone = m.group(7) == null || "Z".equals(m.group(7)) ? "Z"
                : m.group(7).substring(0, 3) + ":" + m.group(7).substring(m.group(7).length() - 2);
        String iso = m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T"
                + (m.group(4) == null ? "00" : m.group(4)) + ":" + (m.group(5) == null ? "00" : m.group(5)) + ":"
                + (m.group(6) == null ? "00" : m.group(6)) + zone;
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The instant of the exact form {@link #format} writes ({@code 2021-07-10T08:15:00Z}, optional
     * fraction), or null for any other text (then use {@link #parse}). Read by hand: it runs for every
     * item in dedupe, where a java.time formatter cost more than the rest of the date handling.
     */
    public static Instant parseUtc(String s) {
        int n = s == null ? 0 : s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int f = digits(s, 20, n - 1);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int k = n - 21; k < 9; k++) {
                nanos *= 10;
            }
        }
        int y = digits(s, 0, 4);
        int mo = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        int h = digits(s, 11, 13);
        int mi = digits(s, 14, 16);
        int se = digits(s, 17, 19);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(y, mo, d, h, mi, se, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // 2021-02-30 and the like: the full parser decides
        }
    }

    /** The decimal number in s[from, to), or -1 when a char is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** UTC ISO-8601 with second precision (millis kept only when present). */
    public static String format(Instant i) {
        Instant t = i.getNano() % 1_000_000 == 0 ? i : i.truncatedTo(ChronoUnit.MILLIS);
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
