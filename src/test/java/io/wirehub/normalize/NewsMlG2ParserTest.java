package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.wirehub.normalize.AgencyTestSupport.assertValid;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFile;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFixture;
import static io.wirehub.normalize.AgencyTestSupport.shared;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NewsML-G2: the IPTC guideline listings (conformance, skipped without ../shared) and AFP-style fixtures. */
class NewsMlG2ParserTest {
    private static final String EXAMPLES = "corpora/newsml-g2/examples/";

    private static NinjsItem listing(String file) throws Exception {
        AgencyTestSupport.Result r = normalizeFile(shared(EXAMPLES + file));
        NinjsItem item = r.only();
        assertValid(item);
        return item;
    }

    private static List<String> subjectLiterals(NinjsItem item) {
        return item.subjects.stream().map(s -> s.literal).toList();
    }

    @Test
    void listing1NewsItemMetadata() throws Exception {
        NinjsItem item = listing("LISTING_1_A_NewsML-G2_News_Item.xml");
        assertThat(item.uri).isEqualTo("urn:newsml:acmenews.com:20161018:US-FINANCE-FED");
        assertThat(item.version).isEqualTo("11");
        assertThat(item.headline()).isEqualTo("Fed to halt QE to avert \"bubble\"");
        assertThat(item.bodyText()).as("inlineXML holds only a comment").isNull();
        assertThat(item.language).isEqualTo("en-GB");
        assertThat(item.located).isEqualTo("Berlin");
        assertThat(item.firstCreated).isEqualTo("2016-10-18T18:12:21Z");
        assertThat(item.versionCreated).isEqualTo("2018-10-21T21:25:32Z");
        assertThat(item.embargoedUntil).isEqualTo("2018-10-23T12:00:00Z");
        assertThat(item.pubStatus).isEqualTo("usable");
        assertThat(item.slugline).isEqualTo("US-Finance-Fed");
        assertThat(item.by).isEqualTo("Meredith Jameson");
        assertThat(item.subjects).extracting(s -> s.uri).containsExactly(
                "http://cv.iptc.org/newscodes/mediatopic/04000000", "http://cv.iptc.org/newscodes/mediatopic/20000523");
        assertThat(item.subjects).extracting(s -> s.name).containsExactly("economy, business and finance", "labour market");
        assertThat(item.genres).singleElement().satisfies(g -> {
            assertThat(g.name).isEqualTo("Interview");
            assertThat(g.uri).isEqualTo("http://cv.iptc.org/newscodes/genre/interview");
        });
        assertThat(item.copyrightHolder).isEqualTo("Example Enews LLP");
        assertThat(item.usageTerms).isEqualTo("Not for use outside the United States");
        assertThat(item.edNote).startsWith("Note to editors: STRICTLY EMBARGOED.");
        assertThat(item.associations).singleElement().satisfies(a -> {
            assertThat(a.rel).isEqualTo("seeAlso");
            assertThat(a.uri).isEqualTo("http://www.example.com/video/20081222-PNN-1517-407624/index.html");
        });
    }

    @Test
    void listing2TextDocumentWithNitfBody() throws Exception {
        NinjsItem item = listing("LISTING_2_NewsML-G2_Text_Document.xml");
        assertThat(item.uri).isEqualTo("urn:newsml:acmenews.com:20161121:US-FINANCE-FED");
        assertThat(item.version).isEqualTo("11");
        assertThat(item.headline()).isEqualTo("Fed to halt QE to avert \"bubble\"");
        assertThat(item.bodyText()).startsWith("(New York, NY - October 21) Et, sent luptat luptat, commy Nim zzriureet");
        assertThat(item.bodyText().split("\n\n")).hasSize(2);
        assertThat(item.bodyHtml()).startsWith("<p>(New York, NY - October 21)");
        assertThat(item.language).isEqualTo("en-US");
        assertThat(item.located).isEqualTo("New York, NY");
        assertThat(subjectLiterals(item)).containsExactly("medtop:04000000", "medtop:20000350", "medtop:20000379");
        assertThat(item.infoSources).extracting(c -> c.name).contains("Associated Press");
        assertThat(item.by).isEqualTo("Meredith Jameson");
    }

    @Test
    void listing22SportsStoryInNitf() throws Exception {
        NinjsItem item = listing("LISTING_22_Sports_story_in_NewsML-G2NITF.xml");
        assertThat(item.uri).isEqualTo("tag:xmlteam.com,2016:xt.5932656-preview");
        assertThat(item.version).isEqualTo("11");
        assertThat(item.headline()).isEqualTo("Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.");
        assertThat(item.bodyText()).startsWith("(Sports Network) - A pair of teams coming off big weekend sweeps will square off tonight");
        assertThat(item.bodyText().split("\n\n")).hasSize(6);
        assertThat(item.language).isEqualTo("en-US");
        assertThat(item.located).as("from located qcode city:Philadelphia").isEqualTo("Philadelphia");
        assertThat(subjectLiterals(item)).startsWith("medtop:20000822", "medtop:20000849", "league:l.mlb.com")
                .contains("team:l.mlb.com-t.19", "person:l.mlb.com-p.123").hasSize(9);
        assertThat(item.subjects.get(1).name).isEqualTo("Baseball");
        assertThat(item.subjects.get(2).uri).as("league: is no scheme wirehub knows").isNull();
        assertThat(item.slugline).isEqualTo("AAV!PREVIEW-ARI-PHI");
        assertThat(item.descriptions).extracting(d -> d.role).containsExactly("summary");
        assertThat(item.altIds).extracting(a -> a.role).contains("tsn-id", "revision-id");
    }

    @Test
    void listing25NitfFragmentIsReadAsAPartialItem() throws Exception {
        AgencyTestSupport.Result r = normalizeFile(shared(EXAMPLES + "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml"));
        NinjsItem item = r.only();
        assertValid(item);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("fragment"));
        assertThat(item.headline()).isEqualTo("Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.");
        assertThat(item.bodyText()).startsWith("(Sports Network) - With the Philadelphia Phillies picking up momentum");
        assertThat(item.by).isEqualTo("Sports Network");
        assertThat(item.language).as("none declared: detected").isEqualTo("en");
        assertThat(item.descriptions).extracting(d -> d.role).containsExactly("summary");
        assertThat(item.extra()).containsEntry("representationType", "partial");
    }

    @Test
    void listing28LocatedSubjectAndDateline() throws Exception {
        NinjsItem item = listing("LISTING_28_Illustrating_Located_Subject_and_Dateline.xml");
        assertThat(item.located).isEqualTo("Moscow");
        assertThat(item.descriptions).extracting(d -> d.role + ":" + d.value).containsExactly("dateline:MOSCOW, Monday (Reuters)");
        assertThat(item.language).isEqualTo("en-US");
        assertThat(item.contentCreated).isEqualTo("2016-02-09T06:17:00Z");
        assertThat(subjectLiterals(item)).containsExactly("city:Tskhinvali", "city:Tblisi");
        assertThat(item.by).isEqualTo("Thomson Reuters");
    }

    @Test
    void listing29HopHistoryGivesTheSourceChainInOrder() throws Exception {
        NinjsItem item = listing("LISTING_29_Hop_History.xml");
        assertThat(item.uri).isEqualTo("urn:newsml:acmenews.com:20161019T1205:HOP-HISTORY-EXAMPLE");
        assertThat(item.version).isEqualTo("11");
        assertThat(item.language).isEqualTo("en-US");
        assertThat(item.versionCreated).isEqualTo("2018-10-19T20:15:00Z");
        assertThat(item.infoSources).extracting(c -> c.name + "/" + c.role)
                .containsExactly("reuters/provider", "Thomson Reuters/hop", "bwire/hop", "aquiremedia/hop", "AP/hop");
    }

    @Test
    void listing3PhotoKeepsCaptionCreditAndOnlyWebRenditionLinks() throws Exception {
        NinjsItem item = listing("LISTING_3_Photo_in_NewsML-G2.xml");
        assertThat(item.type).isEqualTo("picture");
        assertThat(item.headline()).isEqualTo("Variety Of Recessionary Forces Leave Las Vegas Economy Scarred");
        assertThat(item.descriptions).singleElement().satisfies(d -> {
            assertThat(d.role).isEqualTo("caption");
            assertThat(d.value).startsWith("A general view of part of downtown");
        });
        assertThat(item.infoSources).extracting(c -> c.name).contains("Getty Images");
        assertThat(item.renditions).extracting(r -> r.name).containsExactly("highRes", "web", "thumb");
        // relative and file: links are not passed on
        assertThat(item.renditions).allSatisfy(r -> assertThat(r.href).isNull());
        assertThat(item.renditions.get(0).width).isEqualTo(1500);
    }

    @Test
    void standalonePackageYieldsItsReferencedItems() throws Exception {
        AgencyTestSupport.Result r = normalizeFile(shared(EXAMPLES + "LISTING_6_Simple_NewsML-G2_Package.xml"));
        assertThat(r.items()).hasSize(2);
        r.items().forEach(AgencyTestSupport::assertValid);
        assertThat(r.items()).extracting(NinjsItem::headline).containsExactly("Obama annonce son équipe", "Barack Obama arrive à Washington");
        assertThat(r.items()).extracting(i -> i.type).containsExactly("text", "picture");
        assertThat(r.items().get(0).uri).isEqualTo("urn:newsml:iptc.org:20081007:tutorial-item-A");
        assertThat(r.items().get(1).uri).as("non-ASCII guid percent-encoded").isEqualTo("urn:newsml:iptc.org:20081007:tutorial%E2%80%94item-B");
        assertThat(r.items().get(0).descriptions.get(0).role).isEqualTo("summary");
        assertThat(r.items().get(1).descriptions.get(0).role).isEqualTo("caption");
        assertThat(r.items()).allSatisfy(i -> {
            assertThat(i.extra()).containsEntry("representationType", "partial");
            assertThat(i.associations).singleElement().satisfies(a -> {
                assertThat(a.rel).isEqualTo("package");
                assertThat(a.uri).isEqualTo("tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658");
                assertThat(a.headline()).isEqualTo("UK");
            });
        });
    }

    @Test
    void newsMessageYieldsTheItemsItsPackageReferences() throws Exception {
        AgencyTestSupport.Result r = normalizeFile(shared(EXAMPLES + "LISTING_24_News_Message_conveying_a_complete_News_Package.xml"));
        assertThat(r.items()).extracting(i -> i.uri)
                .containsExactly("urn:wirehub:test:N1", "urn:wirehub:test:N2", "urn:wirehub:test:N3", "urn:wirehub:test:N4");
        r.items().forEach(AgencyTestSupport::assertValid);
        assertThat(r.items()).noneSatisfy(i -> assertThat(i.extra()).containsKey("representationType"));
    }

    @Test
    void nonNewsItemsAreSkippedWithTheirReason() throws Exception {
        String[][] cases = {
                {"LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml", "concept item"},
                {"LISTING_11_Person_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml", "concept item"},
                {"LISTING_12_Knowledge_Item_for_Access_Codes.xml", "knowledge item"},
                {"LISTING_13_Complete_Catalog_Item.xml", "catalog"},
                {"LISTING_14_Event_sent_as_a_Concept_Item.xml", "concept item"},
                {"LISTING_15_Two_Related_Events_in_a_Knowledge_Item.xml", "knowledge item"},
                {"LISTING_17_Planning_Item_a_CCL.xml", "planning item"},
                {"LISTING_18_Planning_Item_at_PCL.xml", "planning item"},
                {"LISTING_19_Planning_Item_with_delivery_at_CCL.xml", "planning item"},
                {"LISTING_20_Planning_Item_with_delivery_at_PCL.xml", "planning item"},
        };
        for (String[] c : cases) {
            AgencyTestSupport.Result r = normalizeFile(shared(EXAMPLES + c[0]));
            assertThat(r.items()).as(c[0]).isEmpty();
            assertThat(r.warnings()).as(c[0]).singleElement().satisfies(w -> assertThat(w).startsWith("skipped " + c[1]));
        }
    }

    @Test
    void everyExampleFileParsesAndEveryItemValidates() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of(EXAMPLES, "corpora/newsml-g2/tests/unit_test_files/2.35/should_pass/")) {
            try (Stream<Path> s = Files.list(shared(dir))) {
                s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
            }
        }
        int items = 0;
        int skipped = 0;
        for (Path p : files) {
            AgencyTestSupport.Result r = normalizeFile(p);
            for (NinjsItem i : r.items()) {
                assertValid(i);
                assertThat(i.uri).as(p.toString()).isNotNull();
            }
            items += r.items().size();
            if (r.items().isEmpty()) {
                assertThat(r.warnings()).as(p + " gives no item and must say why").isNotEmpty();
                skipped++;
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        assertThat(items).isGreaterThanOrEqualTo(30);
        assertThat(skipped).isEqualTo(12);
    }

    @Test
    void afpCorrectionSeriesKeepsTheUriAndRaisesTheVersion() throws Exception {
        NinjsItem v1 = normalizeFixture("afp-newsml-g2-story-v1.xml").only();
        NinjsItem v2 = normalizeFixture("afp-newsml-g2-correction-v2.xml").only();
        NinjsItem v3 = normalizeFixture("afp-newsml-g2-canceled-v3.xml").only();
        for (NinjsItem i : List.of(v1, v2, v3)) {
            assertValid(i);
            assertThat(i.uri).isEqualTo("urn:newsml:afp.com:20210710:TX-PAR-HLK42");
            assertThat(i.firstCreated).isEqualTo("2021-07-10T08:15:00Z");
        }
        assertThat(List.of(v1.version, v2.version, v3.version)).containsExactly("1", "2", "3");
        assertThat(List.of(v1.pubStatus, v2.pubStatus, v3.pubStatus)).containsExactly("usable", "usable", "canceled");
        assertThat(v2.versionCreated).isGreaterThan(v1.versionCreated);
        assertThat(v2.edNote).startsWith("CORRECTION");
        assertThat(v2.bodyText()).contains("principal point de passage avec l'Iran").isNotEqualTo(v1.bodyText());
        assertThat(v3.edNote).startsWith("ANNULATION");

        assertThat(v1.headline()).isEqualTo("Afghanistan: Hérat va envoyer des renforts à Islam Qala");
        assertThat(v1.bodyText()).startsWith("Le porte-parole du gouverneur de la province d'Hérat");
        assertThat(v1.language).isEqualTo("fr");
        assertThat(v1.located).isEqualTo("Hérat");
        assertThat(v1.descriptions).extracting(d -> d.role + ":" + d.value).containsExactly("dateline:HERAT (Afghanistan), 10 juil 2021 (AFP)");
        assertThat(v1.urgency).isEqualTo(4);
        assertThat(v1.by).isEqualTo("Jean Dupont");
        assertThat(v1.subjects.get(0).name).as("name in the item's language").isEqualTo("conflit, guerre et paix");
        assertThat(v1.infoSources).extracting(c -> c.name).containsExactly("AFP");
        assertThat(v1.associations).singleElement().satisfies(a -> {
            assertThat(a.type).isEqualTo("picture");
            assertThat(a.uri).isEqualTo("urn:newsml:afp.com:20210709:PHO-9FJ2K");
            assertThat(a.renditions.get(0).href).isEqualTo("https://photos.example.org/afp/9FJ2K.jpg");
            assertThat(a.headline()).startsWith("Des miliciens afghans");
        });
    }

    @Test
    void truncatedItemIsRefusedSayingWhereItBroke() {
        assertThatThrownBy(() -> normalizeFixture("newsml-g2-truncated-mid-body.xml"))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("newsml-g2-truncated-mid-body.xml")
                .hasMessageContaining("truncated")
                .hasMessageContaining("inside <p>")
                .hasMessageContaining("line 52");
    }

    @Test
    void truncatedMessageKeepsTheItemsBeforeTheBreak() throws Exception {
        SourceDocument doc = SourceDocument.ofBytes("msg.xml", AgencyTestSupport.fixture("newsml-g2-message-third-item-truncated.xml"),
                null, FeedContext.of("test"));
        List<NinjsItem> items = new ArrayList<>();
        try (ItemReader r = AgencyTestSupport.NORMALIZER.open(doc)) {
            assertThatThrownBy(() -> {
                while (r.hasNext()) {
                    items.add(r.next());
                }
            }).isInstanceOf(ParseRuntimeException.class).hasMessageContaining("msg.xml is truncated");
        }
        assertThat(items).extracting(NinjsItem::headline).containsExactly("Message item 1", "Message item 2");
        assertThat(items.get(0).bodyText()).isEqualTo("First paragraph of item 1.\n\nSecond paragraph of item 1.");
        items.forEach(AgencyTestSupport::assertValid);
    }
}
