package io.wirehub.publish;

import io.wirehub.Hub;
import io.wirehub.gazetteer.Enricher;
import io.wirehub.gazetteer.Gazetteer;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Place filters with the real gazetteer: the seed article, enriched by the enrich stage, matches
 * "Herat province" and not "within 100 km of Hanoi", both as a unit and through the running hub
 * (inbox, wire parser, dedupe, gazetteer, publish, outbox, file channel).
 */
class GazetteerFilterTest {
    /** The hub's folder, named before it starts: the subscribers' file channels write under it. */
    @TempDir
    Path dir;

    static boolean matches(NinjsItem enriched, PlaceLookup lookup, String filterJson) throws Exception {
        SubscriberSpec.Filter f = SubscriberStore.JSON.readValue(filterJson, SubscriberSpec.Filter.class);
        return CompiledFilter.compile(f, lookup).matches(new ItemFacts(enriched, "item.new", null, lookup));
    }

    @Test
    void the_enriched_seed_matches_herat_province_and_not_100_km_of_hanoi() throws Exception {
        NinjsItem seed = SeedItem.load();
        seed.places.clear(); // let the gazetteer find them
        Enricher enricher = new Enricher();
        NinjsItem enriched = enricher.enrich(seed);
        Gazetteer g = enricher.tagger().gazetteer();
        PlaceLookup lookup = new GazetteerPlaceLookup(g);

        assertThat(lookup.byName("Herat province")).first().satisfies(p -> {
            assertThat(p.id()).isEqualTo(1140025L);
            assertThat(p.isAdmin1()).isTrue();
        });
        assertThat(matches(enriched, lookup, "{\"places\":[\"Herat province\"]}")).isTrue();
        assertThat(matches(enriched, lookup, "{\"places\":[\"province d'Hérat\"]}")).isTrue();
        assertThat(matches(enriched, lookup, "{\"places\":[\"Afghanistan\"]}")).isTrue();
        assertThat(matches(enriched, lookup, "{\"places\":[\"Kandahar province\"]}")).isFalse();
        assertThat(matches(enriched, lookup, "{\"near\":{\"place\":\"Hanoi\",\"km\":100}}")).isFalse();
        assertThat(matches(enriched, lookup, "{\"near\":{\"place\":\"Hà Nội\",\"km\":100}}")).isFalse();
        assertThat(matches(enriched, lookup, "{\"near\":{\"place\":\"Herat\",\"km\":100}}")).isTrue();
        assertThat(matches(enriched, lookup, "{\"places\":[\"Vietnam\"]}")).isFalse();
    }

    @Test
    void through_the_running_hub_the_seed_reaches_the_herat_subscriber_only() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SeedItem.SEED), "seed absent: skipped");
        String yaml = """
                subscribers:
                  - id: herat
                    filter:
                      places: ["Herat province"]
                    channels:
                      - type: file
                        dir: %s
                        format: ninjs
                  - id: hanoi
                    filter:
                      near: {place: "Hanoi", km: 100}
                    channels:
                      - type: file
                        dir: %s
                        format: ninjs
                """.formatted(dir.resolve("herat"), dir.resolve("hanoi"));
        try (WirehubExtension wirehub = WirehubExtension.builder().dir(dir).subscribers(yaml).start()) {
            Hub hub = wirehub.hub();
            Files.copy(SeedItem.SEED, wirehub.inbox().resolve(SeedItem.SEED.getFileName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.delivery().outbox().list("delivered", "herat", 10).size() == 1);
            assertThat(hub.delivery().outbox().list(null, "hanoi", 10)).isEmpty();
            try (Stream<Path> s = Files.walk(dir.resolve("herat"))) {
                String json = Files.readString(s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow());
                assertThat(json).contains("https://sws.geonames.org/1140026/");
            }
            assertThat(dir.resolve("hanoi")).doesNotExist();
        }
    }
}
