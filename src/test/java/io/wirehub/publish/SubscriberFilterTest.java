package io.wirehub.publish;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.testing.SeedItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per filter kind against the seed item. Countries and provinces come from the real
 * GeoNames files in ../shared/geonames; the two cities (Herat, Hanoi) are a fixture standing in for
 * the gazetteer until it is merged.
 */
class SubscriberFilterTest {
    static TablePlaceLookup lookup;

    @BeforeAll
    static void places() throws Exception {
        Path dir = Path.of("../shared/geonames");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("admin1CodesASCII.txt")), "../shared/geonames absent: skipped");
        lookup = new TablePlaceLookup().loadGeoNames(dir);
        // Fixture: the cities the gazetteer knows (GeoNames ids, admin1 codes and coordinates).
        lookup.add(new PlaceLookup.PlaceInfo(1140026, "Herat", "AF", "11", "PPLA", 34.34817, 62.19967));
        lookup.add(new PlaceLookup.PlaceInfo(1581130, "Hanoi", "VN", "44", "PPLC", 21.0245, 105.84117));
    }

    static ItemFacts seed(String event) {
        return new ItemFacts(SeedItem.load(), event, "afp-fr", lookup);
    }

    static boolean matches(String json) throws Exception {
        return matches(json, "item.new");
    }

    static boolean matches(String json, String event) throws Exception {
        SubscriberSpec.Filter f = SubscriberStore.JSON.readValue(json, SubscriberSpec.Filter.class);
        return CompiledFilter.compile(f, lookup).matches(seed(event));
    }

    @Test
    void herat_province_contains_the_city_of_herat_in_the_seed() throws Exception {
        assertThat(matches("{\"places\":[\"Herat province\"]}")).isTrue();
        assertThat(matches("{\"places\":[\"1140025\"]}")).as("the province by GeoNames id").isTrue();
        assertThat(matches("{\"places\":[\"Kandahar province\"]}")).isFalse();
    }

    @Test
    void a_country_contains_its_cities_and_is_found_by_name_or_id() throws Exception {
        assertThat(matches("{\"places\":[\"Afghanistan\"]}")).isTrue();
        assertThat(matches("{\"places\":[\"https://sws.geonames.org/1149361/\"]}")).isTrue();
        assertThat(matches("{\"places\":[\"Vietnam\"]}")).isFalse();
    }

    @Test
    void within_100_km_of_hanoi_does_not_match_the_seed_but_of_herat_does() throws Exception {
        assertThat(matches("{\"near\":{\"place\":\"Hanoi\",\"km\":100}}")).isFalse();
        assertThat(matches("{\"near\":{\"lat\":21.0245,\"lon\":105.84117,\"km\":100}}")).isFalse();
        assertThat(matches("{\"near\":{\"lat\":34.0,\"lon\":62.5,\"km\":100}}")).as("Herat is ~50 km away").isTrue();
        assertThat(matches("{\"near\":{\"lat\":34.0,\"lon\":62.5,\"km\":30}}")).isFalse();
    }

    @Test
    void keywords_are_accent_and_case_insensitive_with_and_or_not_and_phrases() throws Exception {
        assertThat(matches("{\"keywords\":\"HERAT\"}")).as("Hérat folded").isTrue();
        assertThat(matches("{\"keywords\":\"\\\"poste-frontière d'Islam Qala\\\"\"}")).isTrue();
        assertThat(matches("{\"keywords\":\"\\\"Islam Herat\\\"\"}")).as("words not adjacent").isFalse();
        assertThat(matches("{\"keywords\":\"talibans AND turkmenistan\"}")).isTrue();
        assertThat(matches("{\"keywords\":\"talibans football\"}")).as("implicit AND").isFalse();
        assertThat(matches("{\"keywords\":\"football OR Turkménistan\"}")).isTrue();
        assertThat(matches("{\"keywords\":\"talibans AND NOT football\"}")).isTrue();
        assertThat(matches("{\"keywords\":\"talibans -Ismail\"}")).isFalse();
        assertThat(matches("{\"keywords\":\"(football OR cricket) AND talibans\"}")).isFalse();
    }

    @Test
    void agencies_sources_languages_urgency() throws Exception {
        assertThat(matches("{\"agencies\":[\"afp\"]}")).isTrue();
        assertThat(matches("{\"agencies\":[\"VNA\",\"Reuters\"]}")).isTrue();
        assertThat(matches("{\"agencies\":[\"Reuters\"]}")).isFalse();
        assertThat(matches("{\"sources\":[\"afp-fr\"]}")).isTrue();
        assertThat(matches("{\"sources\":[\"vnexpress\"]}")).isFalse();
        assertThat(matches("{\"languages\":[\"fr\"]}")).isTrue();
        assertThat(matches("{\"languages\":[\"en\",\"vi\"]}")).isFalse();
        assertThat(matches("{\"maxUrgency\":3}")).isTrue();
        assertThat(matches("{\"maxUrgency\":2}")).isFalse();
    }

    @Test
    void event_kinds_default_to_all_but_duplicates() throws Exception {
        assertThat(matches("{}", "item.new")).isTrue();
        assertThat(matches("{}", "item.updated")).isTrue();
        assertThat(matches("{}", "item.canceled")).isTrue();
        assertThat(matches("{}", "item.duplicate")).isFalse();
        assertThat(matches("{\"events\":[\"duplicate\"]}", "item.duplicate")).isTrue();
        assertThat(matches("{\"events\":[\"new\"]}", "item.updated")).isFalse();
    }

    @Test
    void all_criteria_must_match() throws Exception {
        assertThat(matches("{\"places\":[\"Herat province\"],\"languages\":[\"fr\"],\"keywords\":\"talibans\"}")).isTrue();
        assertThat(matches("{\"places\":[\"Herat province\"],\"languages\":[\"en\"]}")).isFalse();
    }

    @Test
    void bad_filters_are_refused_with_the_reason() {
        SubscriberSpec s = new SubscriberSpec();
        s.id = "Bad Id";
        s.filter.keywords = "(talibans";
        s.filter.events.add("deleted");
        List<String> problems = s.validate();
        assertThat(String.join("\n", problems)).contains("id:", "channels:", "missing ')'", "unknown kind 'deleted'");
        SubscriberSpec.Filter f = new SubscriberSpec.Filter();
        f.places.add("Atlantis province");
        assertThatThrownBy(() -> CompiledFilter.compile(f, lookup)).hasMessageContaining("unknown place 'Atlantis province'");
    }

    @Test
    void the_index_finds_the_same_subscribers_as_a_scan_while_checking_few() throws Exception {
        List<Subscriber> subs = new ArrayList<>();
        String[] filters = {
                "{\"places\":[\"Herat province\"]}", "{\"places\":[\"Hanoi\"]}", "{\"places\":[\"Vietnam\"]}",
                "{\"near\":{\"lat\":21.0245,\"lon\":105.84117,\"km\":100}}", "{\"near\":{\"lat\":34.0,\"lon\":62.5,\"km\":100}}",
                "{\"keywords\":\"talibans AND herat\"}", "{\"keywords\":\"football OR cricket\"}", "{\"keywords\":\"NOT football\"}",
                "{\"languages\":[\"fr\"]}", "{\"agencies\":[\"Reuters\"]}"};
        for (int i = 0; i < 1000; i++) {
            SubscriberSpec s = new SubscriberSpec();
            s.id = "s" + i;
            s.filter = SubscriberStore.JSON.readValue(filters[i % filters.length], SubscriberSpec.Filter.class);
            subs.add(new Subscriber(s, CompiledFilter.compile(s.filter, lookup), true));
        }
        SubscriberIndex index = new SubscriberIndex(subs);
        ItemFacts item = seed("item.new");
        long[] checks = new long[1];
        List<String> viaIndex = index.match(item, checks).stream().map(Subscriber::id).sorted().toList();
        List<String> viaScan = index.scan(item).stream().map(Subscriber::id).sorted().toList();
        assertThat(viaIndex).isEqualTo(viaScan).hasSize(500);
        assertThat(checks[0]).as("candidates checked").isLessThan(1000).isEqualTo(600);
    }

    @Test
    void a_vietnamese_item_matches_hanoi_by_accentless_keyword() {
        NinjsItem it = SeedItem.simple("urn:x:1", "Hà Nội mưa lớn", "Mưa lớn ở Hà Nội.");
        ItemFacts f = new ItemFacts(it, "item.new", null, lookup);
        assertThat(KeywordQuery.parse("\"ha noi\"").matches(f)).isTrue();
        assertThat(KeywordQuery.parse("\"HÀ NỘI\" AND mua").matches(f)).isTrue();
    }
}
