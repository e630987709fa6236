package io.wirehub.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** New items per hour over the last day, kept as text in the feed's state ("epochHour:count,..."). */
final class RecentItems {
    private RecentItems() {
    }

    static String add(String recent, Instant now, int n) {
        long hour = now.getEpochSecond() / 3600;
        TreeMap<Long, Long> m = parse(recent, hour);
        m.merge(hour, (long) n, Long::sum);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(':').append(e.getValue());
        }
        return sb.toString();
    }

    /** Items counted in the last 24 hours (the current hour and the 23 before it). */
    static long lastDay(String recent, Instant now) {
        long sum = 0;
        for (long v : parse(recent, now.getEpochSecond() / 3600).values()) {
            sum += v;
        }
        return sum;
    }

    private static TreeMap<Long, Long> parse(String recent, long hour) {
        TreeMap<Long, Long> m = new TreeMap<>();
        if (recent == null || recent.isEmpty()) {
            return m;
        }
        for (String part : recent.split(",")) {
            int c = part.indexOf(':');
            if (c <= 0) {
                continue;
            }
            try {
                long h = Long.parseLong(part.substring(0, c));
                if (h > hour - 24 && h <= hour) {
                    m.merge(h, Long.parseLong(part.substring(c + 1)), Long::sum);
                }
            } catch (NumberFormatException e) {
                // a damaged entry is forgotten
            }
        }
        return m;
    }
}
