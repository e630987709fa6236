package io.wirehub.gazetteer;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsValidator;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnricherTest {
    static final Path SCHEMA = Path.of("../shared/corpora/ninjs/specification/ninjs-schema_3.1.json");

    private final Enricher enricher = Enricher.fromProperties(new Properties());

    private static NinjsItem item(String lang, String located, String headline, String body) {
        NinjsItem it = new NinjsItem();
        it.uri = "urn:test:" + Math.abs((headline + body).hashCode());
        it.type = "text";
        it.language = lang;
        it.located = located;
        if (headline != null) {
            it.headlines.add(new NinjsItem.Text("main", "text/plain", headline));
        }
        if (body != null) {
            it.bodies.add(new NinjsItem.Text("main", "text/plain", body));
        }
        return it;
    }

    private static List<NinjsItem.Place> rel(NinjsItem it, String rel) {
        return it.places.stream().filter(p -> rel.equals(p.rel)).collect(Collectors.toList());
    }

    private static void assertValid(NinjsItem it) {
        if (Files.exists(SCHEMA)) {
            assertThat(new NinjsValidator(SCHEMA).errors(it)).isEmpty();
        } else {
            System.out.println("[enricher] ../shared/corpora absent: ninjs schema validation skipped");
        }
    }

    @Test
    void seedArticleGetsItsPlacesPrimaryCityAndCountry() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(GeotagEvalTest.SEED), "../shared/seed absent");
        String text = Files.readString(GeotagEvalTest.SEED, StandardCharsets.UTF_8);
        NinjsItem it = enricher.enrich(item("fr", null, "Afghanistan : les talibans aux portes d'Hérat", text));
        NinjsItem.Place primary = rel(it, "primary").get(0);
        assertThat(primary.uri).isEqualTo("https://sws.geonames.org/1140026/");
        assertThat(primary.geoJSON).containsEntry("type", "Point");
        @SuppressWarnings("unchecked")
        List<Double> coords = (List<Double>) primary.geoJSON.get("coordinates");
        assertThat(coords.get(0)).isBetween(62.0, 62.4); // longitude first
        assertThat(coords.get(1)).isBetween(34.2, 34.5);
        assertThat(rel(it, "country")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/1149361/");
        assertThat(rel(it, "country").get(0).name).isEqualTo("Afghanistan");
        assertThat(rel(it, "mentioned")).extracting(p -> p.uri).contains(
                "https://sws.geonames.org/1142404/", "https://sws.geonames.org/1120711/",
                "https://sws.geonames.org/130758/", "https://sws.geonames.org/1220409/",
                "https://sws.geonames.org/1218197/", "https://sws.geonames.org/1140025/");
        assertThat(rel(it, "mentioned")).filteredOn(p -> p.uri.endsWith("/1142404/")).extracting(p -> p.literal)
                .containsExactly("Islam Qala");
        assertThat(rel(it, "unresolved")).extracting(p -> p.literal).containsExactly("Torghundi");
        // one entry per place and relation
        assertThat(it.places.stream().map(p -> p.uri + p.rel + p.literal).distinct().count()).isEqualTo(it.places.size());
        assertValid(it);
    }

    @Test
    void datelinePlaceAndSourcePlacesKept() {
        NinjsItem it = item("en-GB", "HANOI", "Floods hit northern Vietnam",
                "Floods in northern Vietnam have killed at least 59 people, with the port city of Haiphong "
                        + "and the province of Lao Cai among the worst hit. Rescue teams were sent from Da Nang.");
        NinjsItem.Place fromSource = new NinjsItem.Place();
        fromSource.name = "Asia";
        fromSource.rel = "subject";
        fromSource.literal = "Asia";
        it.places.add(fromSource);
        enricher.enrich(it);
        assertThat(it.places.get(0)).isSameAs(fromSource);
        assertThat(rel(it, "dateline")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/1581130/");
        assertThat(rel(it, "dateline").get(0).literal).isEqualTo("HANOI");
        assertThat(rel(it, "primary")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/1581130/");
        assertThat(rel(it, "country")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/1562822/");
        assertThat(rel(it, "mentioned")).extracting(p -> p.uri).containsExactlyInAnyOrder(
                "https://sws.geonames.org/1581298/", "https://sws.geonames.org/1562412/", "https://sws.geonames.org/1583992/");
        // enriching twice adds nothing
        int n = it.places.size();
        enricher.enrich(it);
        assertThat(it.places).hasSize(n);
        assertValid(it);
    }

    @Test
    void aContinentIsMentionedNeverPrimaryNorTheCountry() {
        NinjsItem it = enricher.enrich(item("en", null, null,
                "Cholera spread across Africa. Africa has seen 3,000 cases; Africa's worst outbreak is in Kenya."));
        assertThat(rel(it, "country")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/192950/");
        assertThat(rel(it, "primary")).extracting(p -> p.uri).doesNotContain("https://sws.geonames.org/6255146/");
        assertThat(rel(it, "mentioned")).extracting(p -> p.uri).contains("https://sws.geonames.org/6255146/");
        assertValid(it);
    }

    @Test
    void theSourceHomeCountryBreaksCloseCalls() {
        NinjsItem world = enricher.enrich(item("en", null, null, "Police in Valencia said two people died."));
        assertThat(rel(world, "primary")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/3625549/");
        NinjsItem efe = item("en", null, null, "Police in Valencia said two people died.");
        efe.infoSources.add(new NinjsItem.Concept("EFE", null, null));
        enricher.enrich(efe);
        assertThat(rel(efe, "primary")).extracting(p -> p.uri).containsExactly("https://sws.geonames.org/2509954/");
        assertValid(efe);
    }

    @Test
    void countryNamesFollowTheItemLanguage() {
        NinjsItem it = enricher.enrich(item("vi", null, "Lũ lụt ở Việt Nam", "Mưa lớn gây ngập ở Hà Nội."));
        assertThat(rel(it, "country").get(0).name).isEqualTo("Việt Nam");
        assertValid(it);
    }

    @Test
    void itemWithoutTextOrPlacesIsLeftAlone() {
        NinjsItem it = enricher.enrich(item("en", null, null, null));
        assertThat(it.places).isEmpty();
        NinjsItem noPlace = enricher.enrich(item("en", null, "Markets close higher", "Shares rose on Tuesday."));
        assertThat(noPlace.places).isEmpty();
        assertThat(enricher.enrich(null)).isNull();
    }

    @Test
    void htmlBodyIsUsedWhenThereIsNoPlainText() {
        NinjsItem it = item("en", null, "Storm", null);
        it.bodies.add(new NinjsItem.Text("main", "text/html", "<p>The storm reached <b>Manila</b> on Monday.</p>"));
        enricher.enrich(it);
        assertThat(it.places).extracting(p -> p.uri).contains("https://sws.geonames.org/1701668/");
    }

    @Test
    void configuredGazetteerFileMustExist() {
        Properties p = new Properties();
        p.setProperty(Enricher.PROP_FILE, "/nonexistent/gazetteer.bin.gz");
        assertThatThrownBy(() -> Enricher.fromProperties(p)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/nonexistent/gazetteer.bin.gz");
        assertThat(Enricher.fromProperties(new Properties()).tagger()).isSameAs(Geotagger.bundled());
    }
}
