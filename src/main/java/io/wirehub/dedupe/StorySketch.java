package io.wirehub.dedupe;

import io.wirehub.normalize.NinjsItem;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Level 3 of dedupe, "same story": a MinHash signature over word shingles of the headline and the
 * lead, and its LSH band keys.
 *
 * <p>Hand-written on purpose: story clustering is the core of this stage, the algorithm is thirty
 * lines, and what the libraries offer (java-LSH, datasketches) gives no stable, storable signature
 * and band keys: here the sketch is stored with each item (so the window's LSH index is rebuilt
 * after a restart or shared by the nodes of a cluster) and the band keys include the language.
 *
 * <p>Language-aware: text is folded (case, accents, Vietnamese diacritics and đ), the stop words
 * of French, English and Vietnamese are dropped before shingling (they would make any two texts
 * in one language look alike), and the language is part of every band key, so a French and a
 * Vietnamese text never become candidates of each other.
 */
public final class StorySketch {
    /** Number of min-hashes in a signature; the similarity estimate uses all of them. */
    public static final int HASHES = 64;

    static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            s = mix(s + 0x9E3779B97F4A7C15L * (i + 1));
            SEEDS[i] = s;
        }
    }

    /** Folded stop words of fr, en and vi: frequent in every text of the language, they say nothing of the story. */
    static final Set<String> STOP = Set.copyOf(java.util.Arrays.asList((
            // en
            "the a an and or of to in on at for by with from as is are was were be been has have had it its this that "
            + "these those he she they his her their we our you i not but will would said says after before over into "
            + "than also about more most up out who which what when where while there here all some new one two "
            // fr
            + "le la les l un une des du de d et ou au aux en dans sur sous par pour avec sans ce cet cette ces qui que qu "
            + "quoi dont ou il elle ils elles on nous vous je se s sa son ses leur leurs lui y ne pas plus a ete est sont "
            + "etait ont avait avoir etre fait selon apres avant lors deux entre mais comme aussi tres tout tous "
            // vi (folded syllables)
            + "cua va cac da la nhung duoc trong cho voi nay co khong nguoi mot cung thi tai tu den ve nhu khi de se dang "
            + "theo sau truoc nam ngay vao ra len o bi nhieu hon rat do nay neu con hai").split(" ")));

    /** Words of the lead that enter the sketch: enough to survive an edited first sentence. */
    static final int LEAD_WORDS = 80;

    private final int[] minHashes;
    private final int shingles;

    private StorySketch(int[] minHashes, int shingles) {
        this.minHashes = minHashes;
        this.shingles = shingles;
    }

    /** The sketch of an item: headline and lead of its plain-text body, furniture removed. */
    public static StorySketch of(NinjsItem item) {
        String body = item.bodyText();
        if (body == null && !item.descriptions.isEmpty()) {
            body = item.descriptions.get(0).value;
        }
        return of(item.headline(), body);
    }

    /** The sketch of a headline and a plain-text body (its wire furniture is removed first). */
    public static StorySketch of(String headline, String body) {
        return ofNormalized(TextFingerprint.normalize(headline), TextFingerprint.normalize(TextFingerprint.stripFurniture(body)));
    }

    /** The sketch of a headline and a body already in {@link TextFingerprint#normalize} form (furniture removed). */
    static StorySketch ofNormalized(String normalizedHeadline, String normalizedBody) {
        // Words are hashed as they are scanned (no split, no substrings): this runs for every item
        // and was most of a dedupe decision. The result is the one of splitting on spaces and hashing
        // each word; TextFingerprintTest holds the sketches stored by the earlier code.
        long[] tokens = new long[spaces(normalizedHeadline) + 1 + LEAD_WORDS + 1];
        int n = words(normalizedHeadline, Integer.MAX_VALUE, tokens, 0);
        tokens[n++] = BOUNDARY; // the last headline word and the first lead word are not a phrase
        n = words(normalizedBody, LEAD_WORDS, tokens, n);
        // Shingles: word bigrams of content words, so a reordered or cut paragraph after the lead
        // leaves most of the set intact while two stories sharing names and vocabulary still differ.
        long[] sh = new long[Math.max(0, n - 1)];
        int m = 0;
        for (int i = 0; i + 1 < n; i++) {
            if (tokens[i] != BOUNDARY && tokens[i + 1] != BOUNDARY) {
                sh[m++] = mix(tokens[i] * 31 + tokens[i + 1]);
            }
        }
        // Distinct shingles by sorting a primitive array: a HashSet<Long> cost a third of a decision.
        java.util.Arrays.sort(sh, 0, m);
        int distinct = 0;
        for (int i = 0; i < m; i++) {
            if (i == 0 || sh[i] != sh[i - 1]) {
                sh[distinct++] = sh[i];
            }
        }
        return new StorySketch(minHashes(sh, distinct), distinct);
    }

    /** Marks the end of the headline among the word hashes. */
    private static final long BOUNDARY = 0x5EA7L;

    private static int spaces(String s) {
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ') {
                k++;
            }
        }
        return k;
    }

    /**
     * Appends to {@code out} the {@link #hash} of each of the first {@code max} space-separated
     * words of {@code s} that is not a stop word; returns the new count.
     */
    private static int words(String s, int max, long[] out, int n) {
        int len = s.length();
        int i = 0;
        for (int w = 0; w < max; w++) {
            int start = i;
            long h = FNV_OFFSET;
            char c;
            while (i < len && (c = s.charAt(i)) != ' ') {
                h ^= c;
                h *= FNV_PRIME;
                i++;
            }
            if (i > start) {
                long word = mix(h);
                if (!isStop(word, s, start, i)) {
                    out[n++] = word;
                }
            }
            if (i >= len) {
                break;
            }
            i++;
        }
        return n;
    }

    /** Open-addressed table of the stop words' hashes: a probe instead of hashing each word twice. */
    private static final long[] STOP_HASHES = new long[1024];

    static {
        for (String w : STOP) {
            long h = hash(w);
            int j = (int) h & (STOP_HASHES.length - 1);
            while (STOP_HASHES[j] != 0) {
                j = (j + 1) & (STOP_HASHES.length - 1);
            }
            STOP_HASHES[j] = h;
        }
    }

    private static boolean isStop(long wordHash, String s, int start, int end) {
        for (int j = (int) wordHash & (STOP_HASHES.length - 1); STOP_HASHES[j] != 0; j = (j + 1) & (STOP_HASHES.length - 1)) {
            if (STOP_HASHES[j] == wordHash) {
                return STOP.contains(s.substring(start, end)); // a 64-bit hash match, confirmed
            }
        }
        return false;
    }

    /**
     * The min-hash of each of the {@link #HASHES} hash functions over the shingles: seed-major, four
     * seeds per pass over the shingles, branch-free (a third faster than shingle-major, same values).
     */
    private static int[] minHashes(long[] sh, int m) {
        int[] mins = new int[HASHES];
        for (int i = 0; i < HASHES; i += 4) {
            long s0 = SEEDS[i];
            long s1 = SEEDS[i + 1];
            long s2 = SEEDS[i + 2];
            long s3 = SEEDS[i + 3];
            int m0 = Integer.MAX_VALUE;
            int m1 = Integer.MAX_VALUE;
            int m2 = Integer.MAX_VALUE;
            int m3 = Integer.MAX_VALUE;
            for (int j = 0; j < m; j++) {
                long x = sh[j];
                m0 = Math.min(m0, (int) (mix(x ^ s0) >>> 32));
                m1 = Math.min(m1, (int) (mix(x ^ s1) >>> 32));
                m2 = Math.min(m2, (int) (mix(x ^ s2) >>> 32));
                m3 = Math.min(m3, (int) (mix(x ^ s3) >>> 32));
            }
            mins[i] = m0;
            mins[i + 1] = m1;
            mins[i + 2] = m2;
            mins[i + 3] = m3;
        }
        return mins;
    }

    /** Number of distinct shingles; a sketch of very few shingles is not trusted for matching. */
    public int shingles() {
        return shingles;
    }

    /** Estimated Jaccard similarity of the two shingle sets: the share of equal min-hashes. */
    public double similarity(StorySketch o) {
        int eq = 0;
        for (int i = 0; i < HASHES; i++) {
            if (minHashes[i] == o.minHashes[i]) {
                eq++;
            }
        }
        return eq / (double) HASHES;
    }

    /**
     * LSH band keys: {@code bands} groups of {@code rows} min-hashes, each hashed with the band
     * number and the language. Two sketches share a band key with probability 1-(1-J^rows)^bands.
     */
    public long[] bandKeys(String language, int bands, int rows) {
        if (bands * rows > HASHES) {
            throw new IllegalArgumentException("bands x rows must be at most " + HASHES);
        }
        long lang = hash(language == null ? "" : language.toLowerCase(Locale.ROOT).split("-")[0]);
        long[] keys = new long[bands];
        for (int b = 0; b < bands; b++) {
            long h = mix(lang + b * 0x632BE59BD9B4E019L);
            for (int r = 0; r < rows; r++) {
                h = mix(h ^ (minHashes[b * rows + r] & 0xFFFFFFFFL));
            }
            keys[b] = h;
        }
        return keys;
    }

    /** Text form for the database: hex, which both H2 and PostgreSQL can also produce in SQL. */
    public String encode() {
        ByteBuffer bb = ByteBuffer.allocate(HASHES * 4 + 4);
        bb.putInt(shingles);
        for (int h : minHashes) {
            bb.putInt(h);
        }
        return HexFormat.of().formatHex(bb.array());
    }

    /** Reads {@link #encode()}'s form. */
    public static StorySketch decode(String s) {
        ByteBuffer bb = ByteBuffer.wrap(HexFormat.of().parseHex(s));
        int sh = bb.getInt();
        int[] m = new int[HASHES];
        for (int i = 0; i < HASHES; i++) {
            m[i] = bb.getInt();
        }
        return new StorySketch(m, sh);
    }

    /** A sketch from raw min-hashes (benchmark data generation). */
    static StorySketch ofMinHashes(int[] mins, int shingles) {
        return new StorySketch(mins.clone(), shingles);
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** FNV-1a over the chars, then {@link #mix}: the hash of a word (and of a language tag). */
    static long hash(String s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /** SplitMix64 finalizer: a cheap, well-spread 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
