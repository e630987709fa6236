package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.wirehub.normalize.AgencyTestSupport.assertValid;
import static io.wirehub.normalize.AgencyTestSupport.normalizeBytes;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NitfParserTest {

    @Test
    void nitfWithDoctypeAndUndeclaredHtmlEntities() throws Exception {
        byte[] raw = AgencyTestSupport.fixture("nitf-3.3-doctype-html-entities.xml");
        assertThat(FormatDetector.detect(SourceDocument.ofBytes("x", raw, null, null))).isEqualTo(FormatDetector.NITF);
        NinjsItem item = normalizeFixture("nitf-3.3-doctype-html-entities.xml").only();
        assertValid(item);
        assertThat(item.uri).isEqualTo("urn:newsml:afp.com:20210710:TX-PAR-NITF1");
        assertThat(item.version).as("du-key version").isEqualTo("2");
        assertThat(item.headline()).isEqualTo("Afghanistan : Hérat attend des renforts");
        assertThat(item.headlines.get(1).role).isEqualTo("subtitle");
        assertThat(item.by).isEqualTo("Par Jean Dupont");
        assertThat(item.located).isEqualTo("Herat");
        assertThat(item.descriptions).extracting(d -> d.role + ":" + d.value).containsExactly(
                "dateline:HERAT, 10 juil. (AFP)",
                "summary:Les autorités d'Hérat promettent d'envoyer des soldats au poste-frontière d'Islam Qala.");
        assertThat(item.language).isEqualTo("fr-FR");
        assertThat(item.urgency).isEqualTo(3);
        assertThat(item.versionCreated).isEqualTo("2021-07-10T08:15:00Z");
        assertThat(item.copyrightHolder).isEqualTo("AFP");
        assertThat(item.edNote).isEqualTo("Nouvelle version: ajoute la citation");
        assertThat(item.subjects).singleElement().satisfies(s -> {
            assertThat(s.uri).isEqualTo("http://cv.iptc.org/newscodes/subjectcode/16000000");
            assertThat(s.name).isEqualTo("Conflits, guerres et paix");
        });
        assertThat(item.bodyText()).startsWith("Le porte-parole du gouverneur de la province d'Hérat, Jilani Farhad, a indiqué");
        assertThat(item.bodyHtml()).contains("<h2>Milices déployées</h2>")
                .contains("<img src=\"https://photos.example.org/afp/9FJ2K.jpg\" alt=\"Miliciens à Hérat\">")
                .contains("<figcaption>")
                .doesNotContain("javascript");
    }

    @Test
    void unknownDeclaredEncodingIsAClearError() {
        assertThatThrownBy(() -> normalizeFixture("nitf-declares-unknown-encoding.xml"))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("nitf-declares-unknown-encoding.xml")
                .hasMessageContaining("encoding \"x-wirehub-unknown-8\"")
                .hasMessageContaining("not a known character set");
    }

    @Test
    void entityExpansionAndExternalEntitiesAreNotHonoured() throws Exception {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <nitf><body><body.head><hedline><hl1>Title</hl1></hedline></body.head>
                <body.content><p>before &xxe; &b; after</p></body.content></body></nitf>
                """;
        // DTD declarations are not honoured: the entity stays undeclared and the document is refused by name
        assertThatThrownBy(() -> normalizeBytes("xxe.xml", xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("xxe.xml is not well-formed XML")
                .hasMessageContaining("\"xxe\"");
    }

    // ---- issue 12 ----

    @Test
    void locatedIsNeverTheStoryDateAndComesFromEvlocWhenTheDatelineHasNoPlace() throws Exception {
        NinjsItem item = normalizeFixture("nitf-efe-agency-subjects-story-date-dateline-evloc.xml").only();
        assertValid(item);
        assertThat(item.located).isEqualTo("Brasilia");
    }

    @Test
    void agencySubjectCodesKeepTheirSchemeAndGetNoIptcUri() throws Exception {
        NinjsItem item = normalizeFixture("nitf-efe-agency-subjects-story-date-dateline-evloc.xml").only();
        assertThat(item.subjects).extracting(s -> s.name + "|" + s.uri + "|" + s.literal).containsExactly(
                "Gobierno|null|EFE:F01001000",
                "Politics|http://cv.iptc.org/newscodes/subjectcode/11000000|subj:11000000",
                "Diplomacy|http://cv.iptc.org/newscodes/subjectcode/11003000|subj:11003000");
    }

    @Test
    void locatedComesFromTheDatelinePlaceBeforeTheDateOrFromItsLocation() throws Exception {
        String wire = nitf("<dateline>PARIS, Jan. 2 (AFP) - <story.date norm=\"20170102T222800+0000\">Jan. 2</story.date></dateline>");
        assertThat(normalizeBytes("d1.xml", wire.getBytes(StandardCharsets.UTF_8)).only().located).isEqualTo("Paris");
        String located = nitf("<dateline><location><city>Hanoi</city><country>Vietnam</country></location>, "
                + "<story.date norm=\"20170102T222800+0000\">2 janvier</story.date></dateline>");
        assertThat(normalizeBytes("d2.xml", located.getBytes(StandardCharsets.UTF_8)).only().located).isEqualTo("Hanoi");
        String onlyDate = nitf("<dateline><story.date>2017-01-02</story.date></dateline>");
        assertThat(normalizeBytes("d3.xml", onlyDate.getBytes(StandardCharsets.UTF_8)).only().located).isNull();
    }

    @Test
    void blankLinesBeforeTheXmlDeclarationAreReadLeniently() throws Exception {
        String doc = "\n\n" + nitf("<dateline>PARIS (AFP) -</dateline>");
        AgencyTestSupport.Result r = normalizeBytes("blank.xml", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.only().headline()).isEqualTo("Title");
        assertThat(r.warnings()).singleElement().asString().startsWith("read leniently: ");
    }

    private static String nitf(String dateline) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><nitf><head><docdata><doc-id id-string=\"d-1\"/></docdata></head><body><body.head>"
                + "<hedline><hl1>Title</hl1></hedline>" + dateline + "</body.head><body.content><p>Text.</p></body.content></body></nitf>";
    }
}
