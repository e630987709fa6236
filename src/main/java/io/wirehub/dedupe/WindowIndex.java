package io.wirehub.dedupe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LSH index of the items that arrived within the time window: band key to items. It lives in
 * memory because a same-story lookup is then sixteen hash probes (no SQL at all) and costs the same
 * whatever the size of the store; it is rebuilt from {@code dedupe_item} (which keeps every item's
 * sketch) when the hub starts, and, when the database is shared by several hub nodes (PostgreSQL),
 * topped up from it with what the other nodes recorded. Only the window is held, so its size is
 * bounded by the feed volume of one window, not by the retention.
 */
final class WindowIndex {
    /** An indexed item: its key (its row is read on a match), sketch, times and band keys. */
    record Entry(String key, StorySketch sketch, long itemTime, long arrived, long[] bands) {
    }

    /**
     * Band key to its item (an {@link Entry}) or items (an {@code ArrayList<Entry>}): most band keys
     * hold one item, and a primitive map with no list for them takes ~16 bytes a band instead of
     * ~100 (boxed key, node, list, array): 16 bands an item, for every item of the window.
     */
    private final it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<Object> byBand = new it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private final ArrayDeque<Entry> byArrival = new ArrayDeque<>();

    synchronized void add(Entry e) {
        Entry old = byKey.put(e.key(), e);
        if (old != null) {
            unlink(old);
        }
        for (long b : e.bands()) {
            Object v = byBand.get(b);
            if (v == null) {
                byBand.put(b, e);
            } else if (v instanceof Entry one) {
                List<Entry> l = new ArrayList<>(2);
                l.add(one);
                l.add(e);
                byBand.put(b, l);
            } else {
                entries(v).add(e);
            }
        }
        byArrival.addLast(e);
    }

    /** Removes {@code e} if it is still the entry of its key (its recording was rolled back). */
    synchronized void remove(Entry e) {
        if (byKey.get(e.key()) == e) {
            byKey.remove(e.key());
            unlink(e);
        }
    }

    synchronized boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** Items sharing at least one band key, at most {@code max}. */
    synchronized List<Entry> candidates(long[] bands, int max) {
        Set<Entry> out = new LinkedHashSet<>();
        for (long b : bands) {
            Object v = byBand.get(b);
            if (v != null) {
                for (Entry e : v instanceof Entry one ? List.of(one) : entries(v)) {
                    if (out.size() >= max) {
                        return new ArrayList<>(out);
                    }
                    out.add(e);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Drops the items that arrived before {@code t} (epoch ms). */
    synchronized void evictArrivedBefore(long t) {
        while (!byArrival.isEmpty() && byArrival.peekFirst().arrived() < t) {
            Entry e = byArrival.pollFirst();
            if (byKey.get(e.key()) == e) {
                byKey.remove(e.key());
                unlink(e);
            }
        }
    }

    synchronized int size() {
        return byKey.size();
    }

    private void unlink(Entry e) {
        for (long b : e.bands()) {
            Object v = byBand.get(b);
            if (v == e) {
                byBand.remove(b);
            } else if (v != null && !(v instanceof Entry)) {
                List<Entry> l = entries(v);
                l.remove(e);
                if (l.size() == 1) {
                    byBand.put(b, l.get(0));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Entry> entries(Object v) {
        return (List<Entry>) v;
    }
}
