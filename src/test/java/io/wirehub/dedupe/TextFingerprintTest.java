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

    @Test
    void canonicalUrls() {
        assertThat(ItemKeys.canonicalUrl("HTTP://Example.COM:80/a/b?utm_source=x&id=3&fbclid=y#frag")).isEqualTo("http://example.com/a/b?id=3");
        assertThat(ItemKeys.canonicalUrl("https://example.com")).isEqualTo("https://example.com/");
        assertThat(ItemKeys.canonicalUrl("https://example.com/x?gclid=1&utm_campaign=2")).isEqualTo("https://example.com/x");
        assertThat(ItemKeys.canonicalUrl("urn:newsml:afp.com:1")).isEqualTo("urn:newsml:afp.com:1");
    }
}
