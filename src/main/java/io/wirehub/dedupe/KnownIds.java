package io.wirehub.dedupe;

/**
 * A Bloom filter of the item keys and text fingerprints in the store: most items are new, and for
 * them "certainly not stored" is answered in memory instead of by two index lookups in a table of
 * millions of rows. A "maybe" still goes to the database, so a false positive costs one query and
 * never a wrong decision. Filled at start from the table, then as items are recorded (and, on a
 * shared database, as other nodes record them); entries are never removed (the retention only
 * makes a few more "maybe" answers).
 */
final class KnownIds {
    private static final int HASHES = 6;
    private final long[] bits;
    private final int mask;

    /** @param expected how many values the filter should hold with few false positives (16 bits each) */
    KnownIds(long expected) {
        long want = Math.max(1L << 23, Long.highestOneBit(Math.max(1, expected) * 16) << 1);
        int size = (int) Math.min(1L << 30, want); // at most 128 MB
        this.bits = new long[Math.max(1, size >>> 6)];
        this.mask = bits.length * 64 - 1;
    }

    synchronized void add(String hexHash) {
        if (hexHash == null) {
            return;
        }
        long h1 = seed(hexHash, 0);
        long h2 = seed(hexHash, 16) | 1;
        for (int i = 0; i < HASHES; i++) {
            int b = (int) ((h1 + i * h2) & mask);
            bits[b >>> 6] |= 1L << (b & 63);
        }
    }

    synchronized boolean mightContain(String hexHash) {
        long h1 = seed(hexHash, 0);
        long h2 = seed(hexHash, 16) | 1;
        for (int i = 0; i < HASHES; i++) {
            int b = (int) ((h1 + i * h2) & mask);
            if ((bits[b >>> 6] & (1L << (b & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The values are SHA-256 hex strings already: 64 of their bits are a good hash; others are mixed. */
    private static long seed(String s, int from) {
        if (s.length() >= from + 16) {
            long v = 0;
            boolean hex = true;
            for (int i = from; i < from + 16 && hex; i++) {
                int d = Character.digit(s.charAt(i), 16);
                hex = d >= 0;
                v = v << 4 | (d & 15);
            }
            if (hex) {
                return v;
            }
        }
        return StorySketch.mix(StorySketch.hash(s) + from);
    }
}
