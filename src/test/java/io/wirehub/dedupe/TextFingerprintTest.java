package io.wirehub.dedupe;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextFingerprintTest {
    static final Path SEED = Path.of("../shared/seed/000_322bb145bcebb8c8.txt");

    /**
     * Fingerprints and sketches are stored with every item and compared with those of later items,
     * so a faster implementation must compute exactly the same values: these were written by the
     * first release's code for the 126 copies of the labeled set.
     */
    @Test
    void storedFingerprintsAndSketchesStayValidAcrossVersions() throws Exception {
        List<String> golden = Files.readAllLines(Path.of("src/test/resources/dedupe/labeled-set-stored-sketches.tsv"));
        List<LabeledSet.Copy> copies = LabeledSet.copies();
        assertThat(golden).hasSameSizeAs(copies);
        for (int i = 0; i < copies.size(); i++) {
            LabeledSet.Copy c = copies.get(i);
            String body = c.item().bodyText();
            assertThat(c.storyId() + "\t" + c.variation() + "\t" + TextFingerprint.of(body) + "\t"
                    + StorySketch.of(c.item().headline(), body).encode()).as("copy %d", i).isEqualTo(golden.get(i));
        }
    }

    /** The word-splitting loop agrees with the regular expression it replaced, on every script. */
    @Test
    void normalizeSplitsWordsAsTheUnicodeClassesDo() {
        java.util.regex.Pattern nonWord = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");
        List<String> texts = new ArrayList<>(List.of("  Hà Nội, 10/7 (TTXVN) -- Thủ tướng ²³ ½ Ⅻ ",
                "L'Élysée a « salué » l’accord — 3,5 % ; ١٢٣ 東京 𝐀𝐁 \uD83D\uDE00 end...", "", "---", "a", "日本語のテキスト 한국어"));
        java.util.Random rnd = new java.util.Random(7);
        for (int n = 0; n < 300; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 40; k++) {
                int cp = rnd.nextInt(4) == 0 ? rnd.nextInt(0x2FFFF) : rnd.nextInt(0x250);
                if (Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)) {
                    sb.appendCodePoint(cp);
                }
            }
            texts.add(sb.toString());
        }
        for (String t : texts) {
            String expected = nonWord.matcher(io.wirehub.normalize.Text.fold(t)).replaceAll(" ").strip();
            assertThat(TextFingerprint.normalize(t)).as("normalize(%s)", t).isEqualTo(expected);
        }
    }

    /**
     * The sketch hashes words while scanning the text; the reference here is the plain way (split on
     * spaces, skip stop words, one min-hash update per distinct shingle), on texts with stop words of
     * every language, long leads, short and empty ones.
     */
    @Test
    void sketchOfScannedWordsIsTheSketchOfSplitWords() {
        List<String> vocab = new ArrayList<>(StorySketch.STOP);
        vocab.addAll(List.of("hanoi", "taliban", "herat", "da", "nang", "mua", "lu", "bao", "kabul", "nhiet", "do", "x", "1", "2021", "e"));
        java.util.Random rnd = new java.util.Random(11);
        List<String[]> texts = new ArrayList<>(List.of(new String[]{"", ""}, new String[]{"one", ""}, new String[]{"", "a lone word"}));
        for (int n = 0; n < 400; n++) {
            texts.add(new String[]{randomWords(rnd, vocab, rnd.nextInt(14)), randomWords(rnd, vocab, rnd.nextInt(200))});
        }
        for (String[] t : texts) {
            assertThat(StorySketch.ofNormalized(t[0], t[1]).encode()).as("%s | %s", t[0], t[1]).isEqualTo(referenceSketch(t[0], t[1]));
        }
    }

    private static String randomWords(java.util.Random rnd, List<String> vocab, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(rnd.nextInt(3) == 0 ? vocab.get(rnd.nextInt(vocab.size())) : "w" + rnd.nextInt(60));
        }
        return sb.toString();
    }

    /** The first release's sketch: split, set of shingles, shingle-major min-hash update. */
    private static String referenceSketch(String head, String body) {
        List<Long> tokens = new ArrayList<>();
        for (String w : head.split(" ")) {
            if (!w.isEmpty() && !StorySketch.STOP.contains(w)) {
                tokens.add(StorySketch.hash(w));
            }
        }
        tokens.add(0x5EA7L);
        String[] lead = body.split(" ");
        for (int i = 0; i < Math.min(lead.length, StorySketch.LEAD_WORDS); i++) {
            if (!lead[i].isEmpty() && !StorySketch.STOP.contains(lead[i])) {
                tokens.add(StorySketch.hash(lead[i]));
            }
        }
        java.util.Set<Long> shingles = new java.util.HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i) != 0x5EA7L && tokens.get(i + 1) != 0x5EA7L) {
                shingles.add(StorySketch.mix(tokens.get(i) * 31 + tokens.get(i + 1)));
            }
        }
        int[] mins = new int[StorySketch.HASHES];
        java.util.Arrays.fill(mins, Integer.MAX_VALUE);
        for (long sh : shingles) {
            for (int i = 0; i < StorySketch.HASHES; i++) {
                int h = (int) (StorySketch.mix(sh ^ StorySketch.SEEDS[i]) >>> 32);
                if (h < mins[i]) {
                    mins[i] = h;
                }
            }
        }
        return StorySketch.ofMinHashes(mins, shingles.size()).encode();
    }

    /** ASCII text skips the Unicode decomposition: same folded form as the full path. */
    @Test
    void asciiFoldsAsTheFullDecompositionDoes() {
        java.util.Random rnd = new java.util.Random(5);
        for (int n = 0; n < 200; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 60; k++) {
                sb.append((char) rnd.nextInt(0x80));
            }
            String s = sb.toString();
            String full = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).toLowerCase(java.util.Locale.ROOT);
            assertThat(io.wirehub.normalize.Text.fold(s)).isEqualTo(full);
        }
        assertThat(io.wirehub.normalize.Text.fold("Hà Nội ĐÀ")).isEqualTo("ha noi da");
    }

    @Test
    void wireFurnitureDoesNotChangeTheFingerprint() {
        String body = "Temperatures in Hanoi climbed above 40 degrees Celsius on Monday.\nThe heat would persist until the weekend.";
        String fp = TextFingerprint.of(body);
        assertThat(TextFingerprint.of("HANOI, June 3 (AFP) - " + body + "\nAFP/VNA/CVN")).isEqualTo(fp);
        assertThat(TextFingerprint.of("HANOI (Reuters) — " + body.toUpperCase())).isEqualTo(fp);
        assertThat(TextFingerprint.of(">>Hanoi: heat record\nA street vendor in Hanoi on June 3. |\n" + body + "\n(AFP)")).isEqualTo(fp);
        assertThat(TextFingerprint.of(body.replace("Monday", "Tuesday"))).isNotEqualTo(fp);
    }

    @Test
    void vietnameseDiacriticsAreFolded() {
        String a = "Nhiệt độ tại Hà Nội đã vượt ngưỡng 40 độ C, là ngày nóng nhất từ đầu năm tới nay.";
        assertThat(TextFingerprint.of("HÀ NỘI (TTXVN) - " + a)).isEqualTo(TextFingerprint.of(a));
        assertThat(TextFingerprint.normalize("Đà Nẵng, Hà Nội!")).isEqualTo("da nang ha noi");
    }

    @Test
    void theSeedArticleKeepsItsFingerprintWithoutItsFurniture() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SEED), "skipped: " + SEED + " is absent (shared seed not checked out next to the project)");
        String seed = Files.readString(SEED, StandardCharsets.UTF_8);
        // The same article as an outlet would republish it: prose paragraphs only, no related
        // headlines (>>), no photo caption (|), no credit line.
        List<String> prose = new ArrayList<>();
        for (String l : seed.split("\n")) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith(">>") && !t.endsWith("|") && !t.startsWith("AFP/")) {
                prose.add(t);
            }
        }
        assertThat(prose).hasSizeGreaterThan(3);
        assertThat(TextFingerprint.of(String.join("\n", prose))).isEqualTo(TextFingerprint.of(seed));
        assertThat(StorySketch.of("Afghanistan : Hérat", String.join("\n", prose))
                .similarity(StorySketch.of("Afghanistan : Hérat", seed))).isEqualTo(1.0);
    }

    /** New story ids begin with their time, so their index entries arrive in order; older ids still hash. */
    @Test
    void storyIdsStartWithTheirTime() {
        String key = ItemKeys.key("afp", "urn:newsml:afp.com:1");
        String a = ItemKeys.storyId(1_717_401_600_000L, key);
        String b = ItemKeys.storyId(1_717_401_600_001L, ItemKeys.key("vna", "2"));
        assertThat(a).matches("urn:wirehub:story:[0-9a-f]{32}").startsWith("urn:wirehub:story:018fdd1cc000").endsWith(key.substring(0, 20));
        assertThat(ItemKeys.storyHash(a)).isLessThan(ItemKeys.storyHash(b));
        assertThat(ItemKeys.storyHash(a) >>> 16).isEqualTo(1_717_401_600_000L);
        String legacy = "urn:wirehub:story:" + key.substring(0, 32);
        assertThat(ItemKeys.storyHash(legacy)).isEqualTo(Long.parseUnsignedLong(key.substring(0, 16), 16));
        assertThat(ItemKeys.storyHash("urn:other:story:1")).isEqualTo(ItemKeys.hash64("urn:other:story:1"));
        assertThat(ItemKeys.storyHash("urn:wirehub:story:not-hex-digits-here")).isEqualTo(ItemKeys.hash64("urn:wirehub:story:not-hex-digits-here"));
    }

    @Test
    void canonicalUrls() {
        assertThat(ItemKeys.canonicalUrl("HTTP://Example.COM:80/a/b?utm_source=x&id=3&fbclid=y#frag")).isEqualTo("http://example.com/a/b?id=3");
        assertThat(ItemKeys.canonicalUrl("https://example.com")).isEqualTo("https://example.com/");
        assertThat(ItemKeys.canonicalUrl("https://example.com/x?gclid=1&utm_campaign=2")).isEqualTo("https://example.com/x");
        assertThat(ItemKeys.canonicalUrl("urn:newsml:afp.com:1")).isEqualTo("urn:newsml:afp.com:1");
    }
}
