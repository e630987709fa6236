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

    private static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            s = mix(s + 0x9E3779B97F4A7C15L * (i + 1));
            SEEDS[i] = s;
        }
    }

    /** Folded stop words of fr, en and vi: frequent in every text of the language, they say nothing of the story. */
    private static final Set<String> STOP = Set.copyOf(java.util.Arrays.asList((
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
        String[] head = normalizedHeadline.split(" ");
        String[] lead = leadWords(normalizedBody);
        long[] tokens = new long[head.length + Math.min(lead.length, LEAD_WORDS) + 1];
        int n = 0;
        for (String w : head) {
            if (keep(w)) {
                tokens[n++] = hash(w);
            }
        }
        tokens[n++] = 0x5EA7L; // boundary: the last headline word and the first lead word are not a phrase
        int words = 0;
        for (String w : lead) {
            if (words++ >= LEAD_WORDS) {
                break;
            }
            if (keep(w)) {
                tokens[n++] = hash(w);
            }
        }
        // Shingles: word bigrams of content words, so a reordered or cut paragraph after the lead
        // leaves most of the set intact while two stories sharing names and vocabulary still differ.
        long[] sh = new long[Math.max(0, n - 1)];
        int m = 0;
        for (int i = 0; i + 1 < n; i++) {
            if (tokens[i] != 0x5EA7L && tokens[i + 1] != 0x5EA7L) {
                sh[m++] = mix(tokens[i] * 31 + tokens[i + 1]);
            }
        }
        // Distinct shingles by sorting a primitive array: a HashSet<Long> cost a third of a decision.
        java.util.Arrays.sort(sh, 0, m);
        int[] mins = new int[HASHES];
        java.util.Arrays.fill(mins, Integer.MAX_VALUE);
        int distinct = 0;
        for (int i = 0; i < m; i++) {
            if (i == 0 || sh[i] != sh[i - 1]) {
                distinct++;
                add(sh[i], mins);
            }
        }
        return new StorySketch(mins, distinct);
    }

    /** The first LEAD_WORDS + 1 words, without splitting the whole body. */
    private static String[] leadWords(String s) {
        int end = 0;
        int words = 0;
        while (end < s.length() && words <= LEAD_WORDS) {
            int sp = s.indexOf(' ', end);
            end = sp < 0 ? s.length() : sp + 1;
            words++;
        }
        return s.substring(0, Math.min(end, s.length())).split(" ");
    }

    private static boolean keep(String w) {
        return !w.isEmpty() && !STOP.contains(w);
    }

    private static void add(long shingle, int[] mins) {
        for (int i = 0; i < HASHES; i++) {
            int h = (int) (mix(shingle ^ SEEDS[i]) >>> 32);
            if (h < mins[i]) {
                mins[i] = h;
            }
        }
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

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
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
