package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.wirehub.normalize.AgencyTestSupport.assertValid;
import static io.wirehub.normalize.AgencyTestSupport.normalizeBytes;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AFP NewsML 1.2, from fixtures written in AFP's shape (DOCTYPE, ISO-8859-1, NITF in DataContent, photo component). */
class NewsMl1ParserTest {

    @Test
    void afpNewsItemWithNitfBodyAndPhoto() throws Exception {
        byte[] raw = AgencyTestSupport.fixture("afp-newsml-1.2-revision-1-with-photo.xml");
        assertThat(FormatDetector.detect(SourceDocument.ofBytes("x", raw, null, null))).isEqualTo(FormatDetector.NEWSML_1);
        NinjsItem item = normalizeFixture("afp-newsml-1.2-revision-1-with-photo.xml").only();
        assertValid(item);
        assertThat(item.uri).isEqualTo("urn:newsml:afp.com:20210710:TX-SGE-KAB17");
        assertThat(item.version).isEqualTo("1");
        assertThat(item.altId("publicIdentifier")).isEqualTo("urn:newsml:afp.com:20210710:TX-SGE-KAB17:1");
        assertThat(item.headline()).isEqualTo("Herat to send troops to retake Iran border post");
        assertThat(item.headlines.get(1).role).isEqualTo("subtitle");
        assertThat(item.headlines.get(1).value).as("ISO-8859-1 decoded").isEqualTo("Militia of warlord Ismail Khan deploys across Hérat");
        assertThat(item.by).isEqualTo("By Jane Doe");
        assertThat(item.located).isEqualTo("Herat");
        assertThat(item.descriptions).extracting(d -> d.role + ":" + d.value).containsExactly("dateline:HERAT, Afghanistan, July 10, 2021 (AFP)");
        assertThat(item.copyrightNotice).isEqualTo("Copyright AFP 2021");
        assertThat(item.language).isEqualTo("en");
        assertThat(item.pubStatus).isEqualTo("usable");
        assertThat(item.urgency).isEqualTo(4);
        assertThat(item.firstCreated).isEqualTo("2021-07-10T09:15:00Z");
        assertThat(item.slugline).isEqualTo("Afghanistan-conflict-Taliban");
        assertThat(item.subjects).extracting(s -> s.uri).containsExactly(
                "http://cv.iptc.org/newscodes/subjectcode/16000000", "http://cv.iptc.org/newscodes/subjectcode/16009000");
        assertThat(item.genres).extracting(g -> g.name).containsExactly("Current");
        assertThat(item.infoSources).extracting(c -> c.name).containsExactly("AFP");
        assertThat(item.bodyText()).startsWith("The governor's spokesman in Herat province said on Saturday")
                .doesNotContain("Afghan militiamen gather").as("the photo caption is not body");
        assertThat(item.bodyText().split("\n\n")).hasSize(2);
        assertThat(item.associations).singleElement().satisfies(a -> {
            assertThat(a.type).isEqualTo("picture");
            assertThat(a.headline()).isEqualTo("Anti-Taliban militiamen in Herat");
            assertThat(a.descriptions).singleElement().satisfies(d -> {
                assertThat(d.role).isEqualTo("caption");
                assertThat(d.value).startsWith("Afghan militiamen gather at the home of warlord Ismail Khan");
            });
            assertThat(a.renditions).singleElement().satisfies(r -> {
                assertThat(r.href).isEqualTo("https://photos.example.org/afp/9FJ2K-preview.jpg");
                assertThat(r.width).isEqualTo(512);
                assertThat(r.sizeInBytes).isEqualTo(48211L);
            });
            assertThat(a.infoSources).extracting(c -> c.name).containsExactly("AFP", "Hoshang Hashimi");
        });
    }

    @Test
    void newRevisionIdIsAnUpdateOfTheSameStoryAndCanceledStatusAKill() throws Exception {
        NinjsItem r1 = normalizeFixture("afp-newsml-1.2-revision-1-with-photo.xml").only();
        NinjsItem r2 = normalizeFixture("afp-newsml-1.2-revision-2-update.xml").only();
        NinjsItem r3 = normalizeFixture("afp-newsml-1.2-revision-3-canceled.xml").only();
        for (NinjsItem i : List.of(r2, r3)) {
            assertValid(i);
            assertThat(i.uri).isEqualTo(r1.uri);
        }
        assertThat(List.of(r1.version, r2.version, r3.version)).containsExactly("1", "2", "3");
        assertThat(List.of(r1.pubStatus, r2.pubStatus, r3.pubStatus)).containsExactly("usable", "usable", "canceled");
        assertThat(r2.versionCreated).isEqualTo("2021-07-10T10:20:00Z");
        assertThat(r2.bodyText()).contains("Hundreds of fighters loyal to Ismail Khan");
    }

    @Test
    void plainTextDataContentAndSeveralItemsInOneDocument() throws Exception {
        String doc = """
                <?xml version="1.0" encoding="UTF-8"?>
                <NewsML Version="1.2">
                  <NewsItem xml:lang="fr">
                    <Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20210710</DateId>
                      <NewsItemId>A1</NewsItemId><RevisionId>1</RevisionId></NewsIdentifier></Identification>
                    <NewsManagement><Status FormalName="Withheld"/></NewsManagement>
                    <NewsComponent><NewsLines><HeadLine>Premier</HeadLine></NewsLines>
                      <ContentItem><MediaType FormalName="Text"/><DataContent>Premier paragraphe.
                Second paragraphe.</DataContent></ContentItem></NewsComponent>
                  </NewsItem>
                  <NewsItem xml:lang="fr">
                    <Identification><NewsIdentifier><PublicIdentifier>urn:newsml:afp.com:20210710:A2:4U</PublicIdentifier>
                      <RevisionId>4</RevisionId></NewsIdentifier></Identification>
                    <NewsComponent><NewsLines><HeadLine>Second</HeadLine></NewsLines>
                      <ContentItem><MediaType FormalName="Text"/><DataContent><p>Texte.</p></DataContent></ContentItem></NewsComponent>
                  </NewsItem>
                </NewsML>
                """;
        AgencyTestSupport.Result r = normalizeBytes("two.xml", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.items()).hasSize(2);
        r.items().forEach(AgencyTestSupport::assertValid);
        assertThat(r.items().get(0).bodyText()).isEqualTo("Premier paragraphe.\n\nSecond paragraphe.");
        assertThat(r.items().get(0).pubStatus).isEqualTo("withheld");
        assertThat(r.items().get(1).uri).as("revision suffix removed").isEqualTo("urn:newsml:afp.com:20210710:A2");
        assertThat(r.items().get(1).version).isEqualTo("4");
    }

    @Test
    void notWellFormedIsRefusedWithTheLine() {
        String doc = "<?xml version=\"1.0\"?>\n<NewsML>\n<NewsItem>\n<Identification></Identificaton>\n</NewsItem></NewsML>";
        assertThatThrownBy(() -> normalizeBytes("broken.xml", doc.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("NewsML 1.2 document broken.xml is not well-formed XML (line 4");
    }

    @Test
    void subjectCodeOfAnAgencyVocabularyGetsNoIptcUri() throws Exception {
        String doc = new String(AgencyTestSupport.fixture("afp-newsml-1.2-revision-1-with-photo.xml"), StandardCharsets.ISO_8859_1)
                .replace("<Subject FormalName=\"16000000\"/>",
                        "<Subject FormalName=\"01001000\" Vocabulary=\"urn:newsml:efe.com:20000101:topicset.efe-temas:1\"/>");
        NinjsItem item = normalizeBytes("efe-vocabulary.xml", doc.getBytes(StandardCharsets.ISO_8859_1)).only();
        assertThat(item.subjects).extracting(s -> s.literal + "|" + s.uri).containsExactly(
                "01001000|null", "subj:16009000|http://cv.iptc.org/newscodes/subjectcode/16009000");
    }
}
