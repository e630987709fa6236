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
    /** Atomic words: every feed thread reads it, and a bit set by one must be seen by the others without a lock. */
    private final java.util.concurrent.atomic.AtomicLongArray bits;
    private final int mask;

    /** @param expected how many values the filter should hold with few false positives (16 bits each) */
    KnownIds(long expected) {
        long want = Math.max(1L << 23, Long.highestOneBit(Math.max(1, expected) * 16) << 1);
        int size = (int) Math.min(1L << 30, want); // at most 128 MB
        this.bits = new java.util.concurrent.atomic.AtomicLongArray(Math.max(1, size >>> 6));
        this.mask = bits.length() * 64 - 1;
    }

    /** Adds a value by its {@link ItemKeys#hash64} (0 stands for "no value" and is ignored). */
    void add(long h) {
        if (h == 0) {
            return;
        }
        long h2 = StorySketch.mix(h) | 1;
        for (int i = 0; i < HASHES; i++) {
            int b = (int) ((h + i * h2) & mask);
            long bit = 1L << (b & 63);
            if ((bits.get(b >>> 6) & bit) == 0) {
                bits.getAndAccumulate(b >>> 6, bit, (x, y) -> x | y);
            }
        }
    }

    boolean mightContain(long h) {
        long h2 = StorySketch.mix(h) | 1;
        for (int i = 0; i < HASHES; i++) {
            int b = (int) ((h + i * h2) & mask);
            if ((bits.get(b >>> 6) & (1L << (b & 63))) == 0) {
                return false;
            }
        }
        return true;
    }
}
