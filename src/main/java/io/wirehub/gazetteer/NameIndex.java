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
        return token(k, 0, len, hash);
    }

    /** Token id of the normalized token at {@code k[off..off+len)}, or -1. */
    int token(char[] k, int off, int len, int hash) {
        int mask = tokSlots.length - 1;
        int i = hash & mask;
        while (true) {
            int t = tokSlots[i] - 1;
            if (t < 0) {
                return -1;
            }
            if (tokHash[t] == hash && tokLen[t] == len && regionEquals(t, k, off, len)) {
                return t;
            }
            i = (i + 1) & mask;
        }
    }

    private boolean regionEquals(int t, char[] k, int koff, int len) {
        int off = tokOff[t];
        for (int j = 0; j < len; j++) {
            if (pool[off + j] != k[koff + j]) {
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
        int[][] pt = parentsAndTokens();
        summarize(pt[0], pt[1]);
    }

    /** Writes the frozen index: tokens, then each node's parent and token, then the entries. */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        Bulk.writeChars(out, pool);
        Bulk.writeInts(out, Arrays.copyOf(tokLen, tokens));
        int[][] pt = parentsAndTokens();
        Bulk.writeInts(out, pt[0]);
        Bulk.writeInts(out, pt[1]);
        Bulk.writeInts(out, entryStart);
        Bulk.writeInts(out, entryPlace);
        Bulk.writeBytes(out, entryFlags);
    }

    /** Reads an index written by {@link #write}. */
    static NameIndex read(java.io.DataInputStream in) throws java.io.IOException {
        NameIndex ix = new NameIndex();
        ix.pool = Bulk.readChars(in);
        ix.poolLen = ix.pool.length;
        int[] lens = Bulk.readInts(in, -1);
        ix.tokens = lens.length;
        ix.tokLen = lens;
        ix.tokOff = new int[lens.length];
        ix.tokHash = new int[lens.length];
        int cap = Integer.highestOneBit(Math.max(16, lens.length * 2)) << 1;
        ix.tokSlots = new int[cap];
        int off = 0;
        for (int t = 0; t < lens.length; t++) {
            if (off + lens[t] > ix.poolLen) {
                throw new java.io.IOException("corrupt gazetteer file (token table)");
            }
            ix.tokOff[t] = off;
            ix.tokHash[t] = Tokens.hash(ix.pool, off, lens[t]);
            insertSlot(ix.tokSlots, t, ix.tokHash[t]);
            off += lens[t];
        }
        int[] parent = Bulk.readInts(in, -1);
        int[] token = Bulk.readInts(in, parent.length);
        ix.nodes = parent.length;
        int ecap = Integer.highestOneBit(Math.max(16, ix.nodes * 2)) << 1;
        ix.edgeKeys = new long[ecap];
        ix.edgeVals = new int[ecap];
        for (int c = 1; c < ix.nodes; c++) {
            ix.putEdge((((long) parent[c] << 32) | token[c]) + 1, c);
        }
        ix.edges = ix.nodes - 1;
        ix.entryStart = Bulk.readInts(in, ix.nodes + 1);
        ix.entryPlace = Bulk.readInts(in, -1);
        ix.entryFlags = Bulk.readBytes(in, ix.entryPlace.length);
        ix.pending = null;
        ix.summarize(parent, token);
        return ix;
    }

    /** Per node: some entry is a plain name (not a demonym, not an abbreviation). */
    private java.util.BitSet plain;
    /** Bloom bits over the hashes of the first tokens of demonyms (lower-case words worth a lookup). */
    private final long[] demonymStart = new long[1 << 10];

    /** Computes the per-node summaries from the entries and the node parents. */
    private void summarize(int[] parent, int[] token) {
        plain = new java.util.BitSet(nodes);
        for (int node = 0; node < nodes; node++) {
            for (int e = entryStart[node]; e < entryStart[node + 1]; e++) {
                int f = entryFlags[e] & 0xFF;
                if ((f & (Gazetteer.N_DEMONYM | Gazetteer.N_ABBR)) == 0) {
                    plain.set(node);
                }
                if ((f & Gazetteer.N_DEMONYM) != 0) {
                    int x = node;
                    while (parent[x] != 0) {
                        x = parent[x];
                    }
                    int h = tokHash[token[x]];
                    demonymStart[(h >>> 6) & (demonymStart.length - 1)] |= 1L << (h & 63);
                }
            }
        }
    }

    private int[][] parentsAndTokens() {
        int[] parent = new int[nodes];
        int[] token = new int[nodes];
        for (int i = 0; i < edgeKeys.length; i++) {
            if (edgeKeys[i] != 0) {
                long key = edgeKeys[i] - 1;
                parent[edgeVals[i]] = (int) (key >>> 32);
                token[edgeVals[i]] = (int) key;
            }
        }
        return new int[][]{parent, token};
    }

    boolean hasPlainEntry(int node) {
        return plain.get(node);
    }

    boolean mayStartDemonym(int hash) {
        return (demonymStart[(hash >>> 6) & (demonymStart.length - 1)] & (1L << (hash & 63))) != 0;
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
