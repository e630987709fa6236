package io.wirehub.normalize;

import io.wirehub.testing.Ninjs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RSS 0.9x/1.0/2.0, Atom and JSON Feed parsing into ninjs, including hostile and malformed input. */
class FeedParserTest {
    private final Normalizer normalizer = new Normalizer();

    record Parsed(List<NinjsItem> items, List<String> warnings) {
    }

    Parsed parse(String fixture) throws Exception {
        return parse(SourceDocument.ofFile(fixture(fixture), new FeedContext("test", null, null, null, null)));
    }

    Parsed parse(SourceDocument doc) throws Exception {
        List<NinjsItem> items = new ArrayList<>();
        List<String> warnings;
        try (ItemReader r = normalizer.open(doc)) {
            r.forEachRemaining(items::add);
            warnings = r.warnings();
        }
        items.forEach(Ninjs::assertValid);
        return new Parsed(items, warnings);
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(FeedParserTest.class.getResource("/feeds/" + name).toURI());
    }

    @Test
    void rss090NetscapeItemsAreRead() throws Exception {
        Parsed p = parse("rss-090-netscape.xml");
        assertThat(p.items()).extracting(NinjsItem::headline).containsExactly("Flood waters recede in the delta", "Port reopens");
        assertThat(p.items().get(0).webUrl()).isEqualTo("http://old.wire.example/flood.html");
        assertThat(p.items().get(0).uri).isEqualTo("http://old.wire.example/flood.html");
    }

    @Test
    void rss091InLatin1WithEscapedMarkup() throws Exception {
        Parsed p = parse("rss-091-userland.xml");
        NinjsItem i = p.items().get(0);
        assertThat(i.headline()).isEqualTo("Minister resigns & calls election");
        assertThat(i.bodyText()).isEqualTo("The minister resigned on Friday after talks.");
        assertThat(i.bodyHtml()).contains("<b>after</b>");
        assertThat(i.language).isEqualTo("en-US");
    }

    @Test
    void rdfRss10WithDublinCoreAndContentEncoded() throws Exception {
        NinjsItem i = parse("rdf-rss10-dublin-core.xml").items().get(0);
        assertThat(i.uri).isEqualTo("http://rdf.example/a/1");
        assertThat(i.altId("guid")).isEqualTo("http://rdf.example/a/1");
        assertThat(i.headline()).isEqualTo("Sommet régional à Hanoï");
        assertThat(i.bodyText()).isEqualTo("Le sommet s'est ouvert lundi.");
        assertThat(i.descriptions).extracting(d -> d.value).containsExactly("Résumé court.");
        assertThat(i.by).isEqualTo("Agence Exemple");
        assertThat(i.firstCreated).isEqualTo("2026-11-23T01:00:00Z");
        assertThat(i.language).isEqualTo("fr");
        assertThat(i.subjects).extracting(s -> s.name).containsExactly("Diplomatie");
    }

    @Test
    void rss2WithDublinCoreContentEncodedAndMediaRss() throws Exception {
        NinjsItem i = parse("rss2-dublin-core-content-media.xml").items().get(0);
        assertThat(i.headline()).isEqualTo("Talks resume in Geneva");
        assertThat(i.uri).isEqualTo("urn:wirehub:test:wire-2026-11-23-0042");
        assertThat(i.altId("guid")).isEqualTo("wire-2026-11-23-0042");
        assertThat(i.altId("feed")).isEqualTo("test");
        assertThat(i.webUrl()).isEqualTo("https://wire.example/world/talks-resume.html?utm_source=rss");
        assertThat(i.firstCreated).isEqualTo("2026-11-23T06:02:11Z");
        assertThat(i.by).isEqualTo("World Desk, Jane Roe");
        assertThat(i.subjects).extracting(s -> s.name).containsExactly("diplomacy", "world");
        assertThat(i.subjects.get(0).uri).isEqualTo("https://wire.example/topics/diplomacy");
        assertThat(i.bodyHtml()).contains("<a href=\"https://wire.example/places/geneva\"");
        assertThat(i.bodyText()).isEqualTo("Negotiators met again on Monday in Geneva.\n\nA second round is planned.");
        assertThat(i.descriptions).extracting(d -> d.value).containsExactly("Negotiators met again on Monday.");
        assertThat(i.associations).extracting(a -> a.uri).containsExactly(
                "https://cdn.wire.example/audio/talks.mp3", "https://cdn.wire.example/img/talks.jpg",
                "https://cdn.wire.example/img/talks-thumb.jpg");
        assertThat(i.associations).extracting(a -> a.type).containsExactly("audio", "picture", "picture");
        assertThat(i.associations.get(1).renditions.get(0).width).isEqualTo(1024);
        assertThat(i.language).isEqualTo("en");
    }

    @Test
    void atomXmlBaseAndXmlLangApplyPerEntry() throws Exception {
        List<NinjsItem> items = parse("atom-xml-base-xml-lang.xml").items();
        NinjsItem fr = items.get(0);
        assertThat(fr.language).isEqualTo("fr");
        assertThat(fr.webUrl()).isEqualTo("https://atom.example/news/fr/poste-frontiere.html");
        assertThat(fr.bodyHtml()).contains("href=\"https://atom.example/news/fr/suite.html\"");
        assertThat(fr.associations).extracting(a -> a.uri).containsExactly("https://atom.example/img/poste.jpg");
        assertThat(fr.associations.get(0).name).isEqualTo("Le poste");
        assertThat(fr.firstCreated).isEqualTo("2026-11-23T06:00:00Z");
        assertThat(fr.versionCreated).isEqualTo("2026-11-23T08:30:00Z");
        assertThat(fr.by).isEqualTo("Desk FR");
        assertThat(fr.subjects.get(0).name).isEqualTo("Monde");
        assertThat(fr.subjects.get(0).uri).isEqualTo("https://atom.example/cat/monde");
        NinjsItem en = items.get(1);
        assertThat(en.language).isEqualTo("en");
        assertThat(en.headline()).isEqualTo("Markets close higher");
        assertThat(en.webUrl()).isEqualTo("https://atom.example/news/markets.html");
        assertThat(en.bodyText()).isEqualTo("Stocks rose for a third day.\n\nOil was flat.");
        assertThat(en.firstCreated).isEqualTo("2026-11-23T09:00:00Z");
    }

    @Test
    void hostileHtmlIsSanitized() throws Exception {
        NinjsItem i = parse("rss-hostile-html-script-iframe-onerror.xml").items().get(0);
        assertThat(i.headline()).isEqualTo("Look here").doesNotContain("<");
        String html = i.bodyHtml();
        assertThat(html).doesNotContainIgnoringCase("script").doesNotContain("document.cookie").doesNotContain("iframe")
                .doesNotContain("onerror").doesNotContain("onclick").doesNotContain("javascript:").doesNotContain("data:")
                .doesNotContain("<style").doesNotContain("p{}");
        assertThat(html).contains("href=\"https://hostile.example/ok.html\"").contains("js link").contains("data link");
        assertThat(i.bodyText()).doesNotContain("document.cookie").doesNotContain("p{}");
    }

    @Test
    void xxeFileEntityIsNeverExpanded() throws Exception {
        Parsed p = parse("rss-xxe-file-entity.xml");
        assertThat(p.items()).hasSize(1);
        assertThat(p.items().get(0).headline()).doesNotContain("root:").startsWith("leak");
        assertThat(p.warnings()).anyMatch(w -> w.contains("read leniently"));
    }

    @Test
    void xxeHttpEntityIsNeverFetched() throws Exception {
        Parsed p = parse("rss-xxe-http-entity.xml");
        assertThat(p.items()).hasSize(1);
        assertThat(p.items().get(0).headline()).startsWith("fetch");
    }

    @Test
    void billionLaughsIsNotExpanded() throws Exception {
        Runtime rt = Runtime.getRuntime();
        Parsed p = parse("rss-billion-laughs.xml");
        assertThat(p.items()).hasSize(1);
        assertThat(p.items().get(0).headline()).hasSizeLessThan(100);
        assertThat(rt.totalMemory()).isLessThan(rt.maxMemory());
    }

    @Test
    void malformedFeedIsReadLenientlyAndFlagged() throws Exception {
        Parsed p = parse("rss-malformed-undeclared-prefix-bare-ampersand-nbsp.xml");
        assertThat(p.items()).extracting(NinjsItem::headline).containsExactly("Trade talks: Q&A with the minister", "Second story");
        assertThat(p.items().get(0).webUrl()).isEqualTo("https://sloppy.example/qa.html?a=1&b=2");
        assertThat(p.items().get(0).bodyText()).isEqualTo("Full text of the interview.");
        assertThat(p.warnings()).singleElement().asString().contains("malformed XML").contains("read leniently");
    }

    @Test
    void htmlPageIsRefusedWithAClearReason() {
        assertThatThrownBy(() -> parse("html-page-not-a-feed.html")).isInstanceOf(ParseException.class)
                .hasMessageContaining("HTML page, not a feed");
    }

    @Test
    void emptyDocumentIsRefused() {
        SourceDocument doc = SourceDocument.ofBytes("empty-feed", new byte[0], "application/rss+xml", FeedContext.of("empty"));
        assertThatThrownBy(() -> parse(doc)).isInstanceOf(ParseException.class).hasMessageContaining("empty document");
    }

    @Test
    void duplicateGuidInOneFeedKeepsTheFirstAndWarns() throws Exception {
        Parsed p = parse("rss-duplicate-guid.xml");
        assertThat(p.items()).extracting(NinjsItem::headline).containsExactly("First copy", "Other story");
        assertThat(p.warnings()).singleElement().asString().contains("duplicate guid 'same-guid'");
    }

    @Test
    void plainDoctypeLineIsTolerated() throws Exception {
        Parsed p = parse("rss-doctype-line-tolerated.xml");
        assertThat(p.items()).hasSize(1);
        assertThat(p.items().get(0).bodyText()).isEqualTo("Body été.");
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void wrongDeclaredCharsetIsDetectedAndRepaired() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title><link>https://c.example/</link>"
                + "<description>d</description><item><title>Réunion à Genève</title><guid>c1</guid></item></channel></rss>";
        byte[] latin1 = xml.getBytes(Charset.forName("windows-1252"));
        Parsed p = parse(SourceDocument.ofBytes("latin1-declared-utf8", latin1, "text/xml", FeedContext.of("c")));
        assertThat(p.items().get(0).headline()).isEqualTo("Réunion à Genève");
        assertThat(p.warnings()).anyMatch(w -> w.contains("does not match the bytes"));
    }

    @Test
    void charsetFromPrologBeatsTheHttpHeader() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>t</title><link>https://c.example/</link>"
                + "<description>d</description><item><title>Été à Huế? non: été</title><guid>c2</guid></item></channel></rss>";
        byte[] bytes = xml.replace("Huế? non: ", "").getBytes(StandardCharsets.ISO_8859_1);
        Parsed p = parse(SourceDocument.ofBytes("prolog", bytes, "application/rss+xml; charset=utf-8", FeedContext.of("c")));
        assertThat(p.items().get(0).headline()).isEqualTo("Été à été");
    }

    @Test
    void utf16WithBomIsRead() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>t</title><link>https://c.example/</link>"
                + "<description>d</description><item><title>Hà Nội</title><guid>c3</guid></item></channel></rss>";
        byte[] bytes = ("\uFEFF" + xml).getBytes(StandardCharsets.UTF_16BE);
        Parsed p = parse(SourceDocument.ofBytes("utf16", bytes, null, FeedContext.of("c")));
        assertThat(p.items().get(0).headline()).isEqualTo("Hà Nội");
    }

    @Test
    void formatIsDetectedFromContentNotName() throws Exception {
        Path misnamed = Files.createTempFile("feed-", ".json");
        Files.copy(fixture("atom-xml-base-xml-lang.xml"), misnamed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            assertThat(parse(SourceDocument.ofFile(misnamed, FeedContext.of("m"))).items()).hasSize(2);
        } finally {
            Files.deleteIfExists(misnamed);
        }
    }

    @Test
    void jsonFeed11ItemsAreNormalized() throws Exception {
        String json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"j\",\"home_page_url\":\"https://j.example/\",\"language\":\"vi\","
                + "\"items\":[{\"id\":\"j1\",\"url\":\"/tin/1.html\",\"title\":\"Mưa lớn ở Huế\",\"content_html\":\"<p>Mưa <script>x</script>lớn.</p>\","
                + "\"date_published\":\"2026-11-23T09:30:00+07:00\",\"tags\":[\"Thời tiết\"],\"authors\":[{\"name\":\"Ban biên tập\"}],"
                + "\"attachments\":[{\"url\":\"https://j.example/a.mp3\",\"mime_type\":\"audio/mpeg\",\"size_in_bytes\":10}]}]}";
        NinjsItem i = parse(SourceDocument.ofBytes("j", json.getBytes(StandardCharsets.UTF_8), "application/feed+json", FeedContext.of("j"))).items().get(0);
        assertThat(i.headline()).isEqualTo("Mưa lớn ở Huế");
        assertThat(i.webUrl()).isEqualTo("https://j.example/tin/1.html");
        assertThat(i.bodyHtml()).isEqualTo("<p>Mưa lớn.</p>");
        assertThat(i.language).isEqualTo("vi");
        assertThat(i.firstCreated).isEqualTo("2026-11-23T02:30:00Z");
        assertThat(i.by).isEqualTo("Ban biên tập");
        assertThat(i.associations).extracting(a -> a.type).containsExactly("audio");
    }

    @Test
    void languageIsDetectedWhenNothingDeclaresIt() throws Exception {
        String xml = "<rss version=\"2.0\"><channel><title>t</title><link>https://l.example/</link><description>d</description>"
                + "<item><title>x</title><guid>l1</guid><description>Le gouvernement a annoncé lundi une série de mesures pour soutenir "
                + "les agriculteurs touchés par les inondations dans le centre du pays.</description></item></channel></rss>";
        NinjsItem i = parse(SourceDocument.ofBytes("l", xml.getBytes(StandardCharsets.UTF_8), null, FeedContext.of("l"))).items().get(0);
        assertThat(i.language).isEqualTo("fr");
    }

    @Test
    void largeFeedIsStreamedItemByItem() throws IOException, ParseException {
        Path big = io.wirehub.cli.BenchNormalizeCommand.generate(3000);
        try (ItemReader r = normalizer.open(SourceDocument.ofFile(big, FeedContext.of("big")))) {
            int n = 0;
            while (r.hasNext()) {
                NinjsItem i = r.next();
                assertThat(i.headline()).endsWith(" " + n);
                n++;
            }
            assertThat(n).isEqualTo(3000);
        } finally {
            Files.deleteIfExists(big);
        }
    }

    // ---- issue 12: truncated items, documents that give no items, smaller defects ----

    @Test
    void cutOffRssKeepsTheCompleteItemsAndDropsTheTruncatedOneWithAWarning() throws Exception {
        Parsed p = parse("rss-cut-off-inside-third-item.xml");
        assertThat(p.items()).extracting(NinjsItem::headline)
                .containsExactly("Ferry service resumes after storm", "Rice harvest estimate raised");
        assertThat(p.warnings()).anySatisfy(w -> assertThat(w).contains("rss-cut-off-inside-third-item.xml")
                .contains("dropped").contains("no headline, body or link"));
    }

    @Test
    void cutOffAtomKeepsTheCompleteEntriesAndDropsTheTruncatedOneWithAWarning() throws Exception {
        Parsed p = parse("atom-cut-off-inside-third-entry.xml");
        assertThat(p.items()).extracting(NinjsItem::headline)
                .containsExactly("Ferry service resumes after storm", "Rice harvest estimate raised");
        assertThat(p.warnings()).anySatisfy(w -> assertThat(w).contains("atom-cut-off-inside-third-entry.xml")
                .contains("dropped").contains("no headline, body or link"));
    }

    @Test
    void documentWhoseOnlyItemIsEmptyIsAnErrorNamingTheReason() {
        String xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title";
        SourceDocument doc = SourceDocument.ofBytes("stub-feed", xml.getBytes(StandardCharsets.UTF_8), null, FeedContext.of("stub-feed"));
        assertThatThrownBy(() -> parse(doc)).isInstanceOf(ParseRuntimeException.class)
                .hasMessageContaining("stub-feed").hasMessageContaining("1 item dropped: no headline, body or link");
    }

    @Test
    void atomFeedWithoutNamespaceIsReadLeniently() throws Exception {
        Parsed p = parse("atom-feed-without-namespace-jekyll.xml");
        assertThat(p.items()).extracting(NinjsItem::headline).containsExactly("Mapping the old canal", "Two bridges, one river");
        NinjsItem i = p.items().get(0);
        assertThat(i.webUrl()).isEqualTo("https://notes.example/2026/11/20/old-canal.html");
        assertThat(i.bodyHtml()).contains("<em>old canal</em>");
        assertThat(i.by).isEqualTo("Mai Tran");
        assertThat(i.firstCreated).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(p.warnings()).singleElement().asString()
                .startsWith("read leniently: ").contains("root element <feed> has no namespace; read as Atom");
    }

    @Test
    void blankLinesBeforeTheXmlDeclarationAreReadLeniently() throws Exception {
        Parsed p = parse("rss-blank-lines-before-xml-declaration.xml");
        assertThat(p.items()).extracting(NinjsItem::headline).containsExactly("Road to the pass reopens");
        assertThat(p.warnings()).singleElement().asString().startsWith("read leniently: ").contains("before the XML declaration");
    }

    @Test
    void bomThenNewlinesBeforeTheXmlDeclarationAreReadLeniently() throws Exception {
        byte[] body = Files.readAllBytes(fixture("rss-blank-lines-before-xml-declaration.xml"));
        byte[] withBom = new byte[body.length + 5];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        withBom[3] = ' ';
        withBom[4] = '\r';
        System.arraycopy(body, 0, withBom, 5, body.length);
        Parsed p = parse(SourceDocument.ofBytes("hill-radio", withBom, "application/rss+xml", FeedContext.of("hill-radio")));
        assertThat(p.items()).extracting(NinjsItem::headline).containsExactly("Road to the pass reopens");
        assertThat(p.warnings()).singleElement().asString().startsWith("read leniently: ");
    }

    @Test
    void validEmptyFeedGivesNoItemsAndNoError() throws Exception {
        Parsed p = parse("rss-empty-channel.xml");
        assertThat(p.items()).isEmpty();
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void atom03Base64EscapedAndXmlModesAreDecoded() throws Exception {
        Parsed p = parse("atom03-modes-base64-escaped-xml.xml");
        assertThat(p.items()).extracting(NinjsItem::headline)
                .containsExactly("Sommet régional à Hanoï", "Port de Haiphong", "Crue du fleuve Rouge");
        NinjsItem b64 = p.items().get(0);
        assertThat(b64.bodyHtml()).isEqualTo("<p>Le sommet s'est ouvert <b>lundi</b> à Hanoï.</p>");
        assertThat(b64.bodyText()).isEqualTo("Le sommet s'est ouvert lundi à Hanoï.");
        assertThat(b64.descriptions).extracting(d -> d.value).containsExactly("Résumé court.");
        assertThat(p.items().get(1).bodyHtml()).contains("<p>Le port rouvre <em>mardi</em>.</p>");
        // invalid base64: nothing of it is kept, the summary stands in, and the feed's health says so
        NinjsItem bad = p.items().get(2);
        assertThat(bad.bodyText()).isEqualTo("Le niveau baisse depuis dimanche.");
        assertThat(bad.bodyHtml()).doesNotContain("@@");
        assertThat(p.warnings()).singleElement().asString().contains("invalid base64 in content");
    }

    @Test
    void rssItemXhtmlBodyIsTheBodyAndTheDescriptionASummary() throws Exception {
        NinjsItem i = parse("rss-item-xhtml-body.xml").items().get(0);
        assertThat(i.bodyHtml()).isEqualTo("<p>Traders arrive at <strong>dawn</strong>, before the heat.</p><p>By noon the boats are gone.</p>");
        assertThat(i.bodyText()).contains("By noon the boats are gone.");
        assertThat(i.descriptions).extracting(d -> d.value).containsExactly("Traders at dawn.");
    }
}
