package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.wirehub.normalize.AgencyTestSupport.assertValid;
import static io.wirehub.normalize.AgencyTestSupport.normalizeBytes;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFile;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCopyParserTest {

    private static List<String> sources(NinjsItem item) {
        return item.infoSources.stream().map(c -> c.name).toList();
    }

    private static List<String> related(NinjsItem item) {
        return item.associations.stream().filter(a -> "related".equals(a.rel)).map(NinjsItem::headline).toList();
    }

    @Test
    void seedDroppedInComesOutAsOneFrenchItemWithWireConventionsAsStructure() throws Exception {
        Path seed = AgencyTestSupport.shared("seed/000_322bb145bcebb8c8.txt");
        String raw = Files.readString(seed);
        assertThat(FormatDetector.detect(SourceDocument.ofFile(seed, FeedContext.of("inbox")))).isEqualTo(FormatDetector.WIRE);

        NinjsItem item = normalizeFile(seed).only();

        assertThat(item.language).isEqualTo("fr");
        assertThat(item.bodyText()).startsWith("Le porte-parole du gouverneur");
        assertThat(item.bodyHtml()).startsWith("<p>Le porte-parole du gouverneur");
        for (String body : List.of(item.bodyText(), item.bodyHtml())) {
            assertThat(body).doesNotContain(">>").doesNotContain("|")
                    .doesNotContain("les talibans attaquent une première grande ville")
                    .doesNotContain("un millier de soldats fuient")
                    .doesNotContain("Des miliciens afghans antitalibans rassemblés")
                    .doesNotContain("AFP/VNA/CVN");
        }
        assertThat(item.bodyText()).endsWith("renverser le régime en 2001.");
        assertThat(related(item)).containsExactly(
                "Afghanistan : les talibans attaquent une première grande ville",
                "Afghanistan : un millier de soldats fuient les talibans au Tadjikistan");
        assertThat(item.descriptions).singleElement().satisfies(d -> {
            assertThat(d.role).isEqualTo("caption");
            assertThat(d.value).isEqualTo("Des miliciens afghans antitalibans rassemblés en armes au domicile du chef de "
                    + "guerre antitaliban Ismail Khan à Herat le 9 juillet 2021.");
        });
        assertThat(sources(item)).containsExactly("AFP", "VNA", "CVN");
        // no headline in the copy: one derived from the lead sentence, marked as such
        assertThat(item.headlines).singleElement().satisfies(h -> {
            assertThat(h.role).isEqualTo("derived");
            assertThat(h.value).startsWith("Le porte-parole du gouverneur de la province d'Hérat").endsWith("…");
            assertThat(h.value.length()).isLessThanOrEqualTo(WireCopyParser.DERIVED_MAX + 1);
        });
        assertThat(item.headline()).isEqualTo(item.headlines.get(0).value);
        // paragraphs kept: every body line of the copy is one paragraph
        long bodyLines = raw.lines().filter(l -> !l.isBlank() && !l.startsWith(">>") && !l.strip().endsWith("|")
                && !l.strip().equals("AFP/VNA/CVN")).count();
        assertThat(item.bodyText().split("\n\n")).hasSize((int) bodyLines);
        assertThat(item.uri).startsWith("urn:wirehub:");
        assertValid(item);
        // the same copy gives the same uri (a re-drop is recognised by the dedupe stage)
        assertThat(normalizeFile(seed).only().uri).isEqualTo(item.uri);
    }

    @Test
    void englishCopyKeepsItsHeadlineAndTakesLocatedFromTheDateline() throws Exception {
        NinjsItem item = normalizeFixture("wire-en-headline-dateline-kabul.txt").only();
        assertThat(item.headlines).singleElement().satisfies(h -> {
            assertThat(h.role).isEqualTo("main");
            assertThat(h.value).isEqualTo("Taliban seize key border crossing with Iran");
        });
        assertThat(item.located).isEqualTo("Kabul");
        assertThat(item.descriptions).extracting(d -> d.role + ":" + d.value).containsExactly("dateline:KABUL, July 10 (AFP)");
        assertThat(item.bodyText()).startsWith("Taliban fighters have seized Islam Qala").doesNotContain("(AFP)");
        assertThat(sources(item)).containsExactly("AFP");
        assertThat(item.language).isEqualTo("en");
        assertValid(item);
    }

    @Test
    void vietnameseDatelineAndTtxvnCredit() throws Exception {
        NinjsItem item = normalizeFixture("wire-vi-dateline-ttxvn.txt").only();
        assertThat(item.located).isEqualTo("Hà Nội");
        assertThat(item.bodyText()).startsWith("Bộ Ngoại giao Việt Nam ngày 10/7").doesNotContain("TTXVN");
        assertThat(sources(item)).containsExactly("TTXVN");
        assertThat(item.headlines.get(0).role).isEqualTo("derived");
        assertThat(item.language).isEqualTo("vi");
        assertValid(item);
    }

    @Test
    void frenchDatelineWithDashedCreditChainCaptionAndRelatedHeadline() throws Exception {
        NinjsItem item = normalizeFixture("wire-fr-dateline-credit-afp-vna-cvn.txt").only();
        assertThat(item.located).isEqualTo("Herat");
        assertThat(sources(item)).containsExactly("AFP", "VNA", "CVN");
        assertThat(related(item)).containsExactly("Afghanistan : les talibans prennent Islam Qala");
        assertThat(item.descriptions).extracting(d -> d.role).containsExactly("caption", "dateline");
        assertThat(item.bodyText()).startsWith("Des soldats afghans vont être envoyés").doesNotContain("AFP-VNA/CVN");
        assertValid(item);
    }

    @Test
    void hardWrappedCopyJoinsTheLinesOfEachParagraph() throws Exception {
        NinjsItem item = normalizeFixture("wire-hard-wrapped-paragraphs.txt").only();
        assertThat(item.headline()).isEqualTo("Herat militia deploys as Taliban advance");
        assertThat(item.bodyText().split("\n\n")).containsExactly(
                "Several hundred fighters loyal to the warlord Ismail Khan deployed across the western city of Herat "
                        + "on Saturday, as the Taliban pressed their offensive.",
                "\"We have distributed about 10,000 weapons to the fighters,\" one of their commanders told AFP.");
        assertThat(sources(item)).containsExactly("AFP", "VNA");
        assertValid(item);
    }

    @Test
    void creditChainsOfEveryUsualShape() {
        assertThat(Agency.creditChain("AFP/VNA/CVN")).containsExactly("AFP", "VNA", "CVN");
        assertThat(Agency.creditChain("AFP/VNA")).containsExactly("AFP", "VNA");
        assertThat(Agency.creditChain("AFP-VNA/CVN")).containsExactly("AFP", "VNA", "CVN");
        assertThat(Agency.creditChain("(AFP)")).containsExactly("AFP");
        assertThat(Agency.creditChain("TTXVN")).containsExactly("TTXVN");
        assertThat(Agency.creditChain("Theo TTXVN/AFP")).containsExactly("TTXVN", "AFP");
        assertThat(Agency.creditChain(" AFP / Reuters ")).isNull();
        assertThat(Agency.creditChain("FIN")).isNull();
        assertThat(Agency.creditChain("Il a ajouté que la situation était calme.")).isNull();
    }

    @Test
    void datelinesInFrenchEnglishAndVietnamese() {
        assertThat(Agency.leadDateline("HERAT, 10 juil. (AFP) - Le porte-parole")).satisfies(d -> {
            assertThat(d.place()).isEqualTo("Herat");
            assertThat(d.date()).isEqualTo("10 juil.");
            assertThat(d.agency()).isEqualTo("AFP");
        });
        assertThat(Agency.leadDateline("KABUL, July 10 (AFP) - Taliban").place()).isEqualTo("Kabul");
        assertThat(Agency.leadDateline("HÀ NỘI, 10/7 (TTXVN) - Bộ").place()).isEqualTo("Hà Nội");
        assertThat(Agency.leadDateline("TP HỒ CHÍ MINH, 10/7 (TTXVN) – Sáng").place()).isEqualTo("Tp Hồ Chí Minh");
        assertThat(Agency.leadDateline("PARIS (AFP) - Le gouvernement").place()).isEqualTo("Paris");
        assertThat(Agency.leadDateline("WASHINGTON, July 10 (Reuters) -- The").agency()).isEqualTo("Reuters");
        assertThat(Agency.leadDateline("Le porte-parole (Ouest) a dit - rien")).isNull();
        assertThat(Agency.leadDateline("Outre Islam Qala, les talibans ont affirmé")).isNull();
    }

    @Test
    void anHtmlPageIsRefusedNotReadAsCopy() {
        assertThatThrownBy(() -> normalizeFixture("wire-html-page-not-copy.txt"))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("wire-html-page-not-copy.txt").hasMessageContaining("markup");
        assertThatThrownBy(() -> normalizeBytes("page.html", "<!DOCTYPE html>\n<html><body><p>x</p></body></html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseException.class).hasMessageContaining("HTML page");
    }

    @Test
    void binaryJunkIsRefusedWithAClearReason() {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        assertThatThrownBy(() -> normalizeBytes("junk.bin", junk))
                .isInstanceOf(ParseException.class).hasMessageContaining("binary data");
        byte[] pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> normalizeBytes("story.pdf", pdf))
                .isInstanceOf(ParseException.class).hasMessageContaining("a PDF file");
        // forcing the wire format does not let junk through either
        SourceDocument forced = SourceDocument.ofBytes("junk.txt", junk, null,
                new FeedContext("wires", null, null, null, FormatDetector.WIRE));
        assertThatThrownBy(() -> AgencyTestSupport.normalize(forced))
                .isInstanceOf(ParseException.class).hasMessageContaining("junk.txt").hasMessageContaining("not text");
    }

    @Test
    void latin1CopyIsReadAsWindows1252WithAWarning() throws Exception {
        String copy = "HERAT, 10 juil. (AFP) - Le porte-parole du gouverneur a déclaré que les renforts arriveraient bientôt.\n"
                + "Les talibans contrôlent le poste-frontière depuis vendredi.\nAFP\n";
        AgencyTestSupport.Result r = normalizeBytes("latin1.txt", copy.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.only().bodyText()).contains("déclaré");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("windows-1252"));
    }
}
