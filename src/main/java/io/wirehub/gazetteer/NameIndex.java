package io.wirehub.gazetteer;

import java.util.Arrays;

/**
 * The gazetteer's name index: a trie whose edges are normalized tokens (see {@link Tokens}), each
 * node holding the places whose name ends there.
 *
 * <p>Hand-written because it is the core of the matcher: walking a token trie lets one pass over the
 * text find every multi-word name with no per-token allocation; the general-purpose alternatives
 * (a regex alternation of 600,000 names, a {@code Map<String, ...>} probed with every n-gram) are
 * orders of magnitude slower or larger. Storage is a few primitive arrays: a token table (one char
 * pool, open addressing), the edges as an open-addressing {@code long → int} map keyed by
 * {@code node << 32 | token}, and the entries per node in CSR form.
 */
final class NameIndex {
    // ---- token table ----
    private char[] pool = new char[1 << 20];
    private int poolLen;
    private int[] tokOff = new int[1 << 16];
    private int[] tokLen = new int[1 << 16];
    private int[] tokHash = new int[1 << 16];
    private int tokens;
    private int[] tokSlots = new int[1 << 17];

    // ---- edges ----
    private long[] edgeKeys = new long[1 << 17];
    private int[] edgeVals = new int[1 << 17];
    private int edges;
    private int nodes = 1; // root = 0

    // ---- entries (CSR after freeze) ----
    private long[] pending = new long[1 << 16];
    private int pendingLen;
    private int[] entryStart;
    private int[] entryPlace;
    private byte[] entryFlags;

    static final int MAX_TOKENS = 8;

    /** Token id of a normalized token, or -1. */
    int token(char[] k, int len, int hash) {
        int mask = tokSlots.length - 1;
        int i = hash & mask;
        while (true) {
            int t = tokSlots[i] - 1;
            if (t < 0) {
                return -1;
            }
            if (tokHash[t] == hash && tokLen[t] == len && regionEquals(t, k, len)) {
                return t;
            }
            i = (i + 1) & mask;
        }
    }

    private boolean regionEquals(int t, char[] k, int len) {
        int off = tokOff[t];
        for (int j = 0; j < len; j++) {
            if (pool[off + j] != k[j]) {
                return false;
            }
        }
        return true;
    }

    private int addToken(char[] k, int len, int hash) {
        int t = token(k, len, hash);
        if (t >= 0) {
            return t;
        }
        if ((tokens + 1) * 2 > tokSlots.length) {
            growTokSlots();
        }
        if (tokens == tokOff.length) {
            int n = tokOff.length * 2;
            tokOff = Arrays.copyOf(tokOff, n);
            tokLen = Arrays.copyOf(tokLen, n);
            tokHash = Arrays.copyOf(tokHash, n);
        }
        if (poolLen + len > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolLen + len));
        }
        System.arraycopy(k, 0, pool, poolLen, len);
        t = tokens++;
        tokOff[t] = poolLen;
        tokLen[t] = len;
        tokHash[t] = hash;
        poolLen += len;
        insertSlot(tokSlots, t, hash);
        return t;
    }

    private static void insertSlot(int[] slots, int t, int hash) {
        int mask = slots.length - 1;
        int i = hash & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = t + 1;
    }

    private void growTokSlots() {
        int[] n = new int[tokSlots.length * 2];
        for (int t = 0; t < tokens; t++) {
            insertSlot(n, t, tokHash[t]);
        }
        tokSlots = n;
    }

    /** Child of {@code node} through {@code token}, or -1. */
    int child(int node, int token) {
        long key = ((long) node << 32) | token;
        int mask = edgeKeys.length - 1;
        int i = mix(key) & mask;
        while (true) {
            long k = edgeKeys[i];
            if (k == 0) {
                return -1;
            }
            if (k == key + 1) {
                return edgeVals[i];
            }
            i = (i + 1) & mask;
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    private int addChild(int node, int token) {
        int c = child(node, token);
        if (c >= 0) {
            return c;
        }
        if ((edges + 1) * 2 > edgeKeys.length) {
            long[] ok = edgeKeys;
            int[] ov = edgeVals;
            edgeKeys = new long[ok.length * 2];
            edgeVals = new int[ok.length * 2];
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] != 0) {
                    putEdge(ok[i], ov[i]);
                }
            }
        }
        c = nodes++;
        putEdge((((long) node << 32) | token) + 1, c);
        edges++;
        return c;
    }

    private void putEdge(long storedKey, int val) {
        int mask = edgeKeys.length - 1;
        int i = mix(storedKey - 1) & mask;
        while (edgeKeys[i] != 0) {
            i = (i + 1) & mask;
        }
        edgeKeys[i] = storedKey;
        edgeVals[i] = val;
    }

    /** Adds a name of place {@code place} (index) with name flags. Returns false when the name has no token. */
    boolean add(CharSequence name, int place, int flags) {
        int[] path = {0, 0};
        Tokens.tokenize(name, (start, end, tflags, gap, key, keyLen, hash) -> {
            if (path[1] >= MAX_TOKENS || path[0] < 0) {
                path[0] = -1;
                return;
            }
            int t = addToken(key, keyLen, hash);
            path[0] = addChild(path[0], t);
            path[1]++;
        });
        if (path[1] == 0 || path[0] <= 0) {
            return false;
        }
        if (pendingLen == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        // a demonym entry stays apart from the place-name entry of the same place and key
        // ("Philippines": the country, and the French plural of "Philippine")
        long dem = (flags & Gazetteer.N_DEMONYM) != 0 ? 1 : 0;
        pending[pendingLen++] = ((long) path[0] << 37) | ((long) place << 9) | (dem << 8) | (flags & 0xFF);
        return true;
    }

    /** Builds the entry arrays; no names can be added afterwards. */
    void freeze() {
        long[] p = Arrays.copyOf(pending, pendingLen);
        pending = null;
        Arrays.sort(p);
        int[] start = new int[nodes + 1];
        int[] places = new int[p.length];
        byte[] flags = new byte[p.length];
        int n = 0;
        int prevNode = -1;
        int prevPlace = -1;
        int prevDem = -1;
        for (long e : p) {
            int node = (int) (e >>> 37);
            int place = (int) ((e >>> 9) & 0x0FFFFFFF);
            int dem = (int) ((e >>> 8) & 1);
            int f = (int) (e & 0xFF);
            if (node == prevNode && place == prevPlace && dem == prevDem) {
                flags[n - 1] |= (byte) f;
                continue;
            }
            places[n] = place;
            flags[n] = (byte) f;
            start[node + 1]++;
            n++;
            prevNode = node;
            prevPlace = place;
            prevDem = dem;
        }
        for (int i = 0; i < nodes; i++) {
            start[i + 1] += start[i];
        }
        entryStart = start;
        entryPlace = Arrays.copyOf(places, n);
        entryFlags = Arrays.copyOf(flags, n);
        pool = Arrays.copyOf(pool, poolLen);
    }

    int entriesFrom(int node) {
        return entryStart[node];
    }

    int entriesTo(int node) {
        return entryStart[node + 1];
    }

    int entryPlace(int e) {
        return entryPlace[e];
    }

    int entryFlags(int e) {
        return entryFlags[e] & 0xFF;
    }

    int tokenCount() {
        return tokens;
    }

    int nodeCount() {
        return nodes;
    }

    int entryCount() {
        return entryPlace.length;
    }
}
