package io.wirehub.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the subscribers an item matches without checking every subscriber: each subscriber is
 * posted under the keys any item it accepts must have (its places, the 1-degree cells its radius
 * covers, or the words of which its keyword expression needs at least one); an item collects the
 * postings of its own keys, and only those candidates, plus the few subscribers nothing can index
 * (no place, radius nor positive keyword), run the full filter. Immutable: rebuilt when subscribers
 * change.
 */
public final class SubscriberIndex {
    /** Radius filters covering more cells than this are checked for every item instead. */
    private static final int MAX_CELLS = 400;

    private final Subscriber[] subs;
    private final Map<String, int[]> postings;
    private final int[] unindexed;
    private final ThreadLocal<int[]> marks;
    private final ThreadLocal<int[]> generation = ThreadLocal.withInitial(() -> new int[1]);

    public SubscriberIndex(List<Subscriber> subscribers) {
        List<Subscriber> active = new ArrayList<>();
        for (Subscriber s : subscribers) {
            if (s.enabled()) {
                active.add(s);
            }
        }
        this.subs = active.toArray(new Subscriber[0]);
        Map<String, List<Integer>> post = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < subs.length; i++) {
            Set<String> keys = keysOf(subs[i].filter());
            if (keys == null) {
                rest.add(i);
            } else {
                for (String k : keys) {
                    post.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
                }
            }
        }
        this.postings = new HashMap<>();
        post.forEach((k, v) -> postings.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
        int n = subs.length;
        this.marks = ThreadLocal.withInitial(() -> new int[n]);
    }

    /** The keys a subscriber is posted under; null when it must be checked for every item. */
    static Set<String> keysOf(CompiledFilter f) {
        if (f.placeKeys != null) {
            return f.placeKeys;
        }
        if (f.hasNear && !Double.isNaN(f.nearLat)) {
            Set<String> cells = cells(f.nearLat, f.nearLon, f.nearKm);
            if (cells != null) {
                return cells;
            }
        }
        if (f.keywords != null) {
            Set<String> k = f.keywords.indexKeys();
            if (k != null) {
                Set<String> out = new java.util.HashSet<>();
                for (String w : k) {
                    out.add("w:" + w);
                }
                return out;
            }
        }
        return null;
    }

    private static Set<String> cells(double lat, double lon, double km) {
        double dLat = km / 110.574;
        double cos = Math.cos(Math.toRadians(Math.min(89, Math.abs(lat) + dLat)));
        double dLon = cos < 1e-6 ? 360 : km / (111.320 * cos);
        int lat0 = (int) Math.floor(Math.max(-90, lat - dLat));
        int lat1 = (int) Math.floor(Math.min(89.999, lat + dLat));
        if (dLon >= 180) {
            return null;
        }
        int lon0 = (int) Math.floor(lon - dLon);
        int lon1 = (int) Math.floor(lon + dLon);
        if ((long) (lat1 - lat0 + 1) * (lon1 - lon0 + 1) > MAX_CELLS) {
            return null;
        }
        Set<String> out = new java.util.HashSet<>();
        for (int a = lat0; a <= lat1; a++) {
            for (int o = lon0; o <= lon1; o++) {
                int ow = ((o + 180) % 360 + 360) % 360 - 180;
                out.add("n:" + a + ":" + ow);
            }
        }
        return out;
    }

    /** The keys of an item, in the same space as the subscribers'. */
    private static List<String> itemKeys(ItemFacts f) {
        List<String> keys = new ArrayList<>(f.placeKeys.size() + f.wordSet().size() + f.places.size());
        keys.addAll(f.placeKeys);
        for (ItemFacts.ItemPlace p : f.places) {
            if (p.lat() != null && p.lon() != null) {
                keys.add("n:" + (int) Math.floor(p.lat()) + ":" + (int) Math.floor(p.lon()));
            }
        }
        for (String w : f.wordSet()) {
            keys.add("w:" + w);
        }
        return keys;
    }

    /** The subscribers the item matches. {@code checks}, when given, counts full filter evaluations. */
    public List<Subscriber> match(ItemFacts f, long[] checks) {
        List<Subscriber> out = new ArrayList<>();
        if (subs.length == 0) {
            return out;
        }
        int[] mark = marks.get();
        int[] gen = generation.get();
        if (++gen[0] == Integer.MAX_VALUE) {
            java.util.Arrays.fill(mark, 0);
            gen[0] = 1;
        }
        int g = gen[0];
        long n = 0;
        // No indexed filter (only subscribers that take everything, or filters without keys): no keys to make.
        for (String k : postings.isEmpty() ? List.<String>of() : itemKeys(f)) {
            int[] p = postings.get(k);
            if (p == null) {
                continue;
            }
            for (int i : p) {
                if (mark[i] != g) {
                    mark[i] = g;
                    n++;
                    if (subs[i].filter().matches(f)) {
                        out.add(subs[i]);
                    }
                }
            }
        }
        for (int i : unindexed) {
            n++;
            if (subs[i].filter().matches(f)) {
                out.add(subs[i]);
            }
        }
        if (checks != null) {
            checks[0] += n;
        }
        return out;
    }

    /** The baseline the benchmark compares with: every subscriber's filter for every item. */
    public List<Subscriber> scan(ItemFacts f) {
        List<Subscriber> out = new ArrayList<>();
        for (Subscriber s : subs) {
            if (s.filter().matches(f)) {
                out.add(s);
            }
        }
        return out;
    }

    public int size() {
        return subs.length;
    }

    /** Subscribers checked for every item (not indexable). */
    public int unindexedCount() {
        return unindexed.length;
    }
}
