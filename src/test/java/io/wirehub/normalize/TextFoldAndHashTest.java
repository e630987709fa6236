package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast paths of {@link Text#fold} (a table per character) and {@link ItemIds#sha256Hex(Object...)}
 * (UTF-8 through a small buffer) give exactly what the plain forms gave: stored content hashes, event
 * ids and fingerprints must not change when a hub is upgraded.
 */
class TextFoldAndHashTest {

    private static String foldByNormalizer(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder();
        for (char c : n.toCharArray()) {
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            sb.append(c == 'đ' || c == 'Đ' ? 'd' : c);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Test
    void foldsVietnameseFrenchAndMixedScriptsAsTheNormalizerDoes() {
        assertThat(Text.fold("Thủ tướng Việt Nam tại Đà Nẵng")).isEqualTo("thu tuong viet nam tai da nang");
        assertThat(Text.fold("Élysée, Ærø, İstanbul")).isEqualTo(foldByNormalizer("Élysée, Ærø, İstanbul"));
        assertThat(Text.fold("ΣΟΦΙΑΣ и Москва")).isEqualTo(foldByNormalizer("ΣΟΦΙΑΣ и Москва"));
        Random r = new Random(7);
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1 + r.nextInt(12); i > 0; i--) {
                int kind = r.nextInt(5);
                sb.append((char) (kind == 0 ? r.nextInt(0x370) : kind == 1 ? 0x1E00 + r.nextInt(0x100)
                        : kind == 2 ? 0x300 + r.nextInt(0x70) : kind == 3 ? 0x370 + r.nextInt(0x500) : 'a' + r.nextInt(26)));
            }
            String s = sb.toString();
            assertThat(Text.fold(s)).as("fold of %s", s).isEqualTo(foldByNormalizer(s));
        }
    }

    @Test
    void hashesPartsAsTheirConcatenationsUtf8Bytes() throws Exception {
        Random r = new Random(11);
        for (int k = 0; k < 2_000; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(9_000); i > 0; i--) {
                int kind = r.nextInt(10);
                sb.append((char) (kind < 6 ? 32 + r.nextInt(90) : kind < 8 ? 0x80 + r.nextInt(0x780)
                        : kind < 9 ? 0x800 + r.nextInt(0xF000) : 0xD800 + r.nextInt(0x800))); // lone and paired surrogates too
            }
            String s = sb.toString();
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
            assertThat(ItemIds.sha256Hex(s)).isEqualTo(expected);
            int cut = s.isEmpty() ? 0 : r.nextInt(s.length());
            assertThat(ItemIds.sha256Hex(s.substring(0, cut), (Object) s.substring(cut))).isEqualTo(expected);
        }
        String missing = null;
        assertThat(ItemIds.sha256Hex("a", missing, "\u0000", 3)).isEqualTo(ItemIds.sha256Hex("a" + missing + '\u0000' + 3));
    }
}
