package io.wirehub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.wirehub.normalize.AgencyTestSupport.assertValid;
import static io.wirehub.normalize.AgencyTestSupport.normalizeBytes;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFile;
import static io.wirehub.normalize.AgencyTestSupport.normalizeFixture;
import static io.wirehub.normalize.AgencyTestSupport.shared;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NinjsParserTest {

    /** Plain text of a ninjs body node: its value, through Html.toText when it is HTML. */
    private static String text(JsonNode body) {
        String v = body.get("value").asText();
        String ct = body.has("contentType") ? body.get("contentType").asText() : "";
        return ct.contains("html") ? Html.toText(v) : Text.collapse(v);
    }

    @Test
    void everyNinjs30ExampleIsReEmittedAsValid31WithHeadlineAndBodyPreserved() throws Exception {
        Path dir = shared("corpora/ninjs/examples/3.0");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(19);
        int items = 0;
        for (Path f : files) {
            JsonNode in = NinjsJson.MAPPER.readTree(f.toFile());
            List<JsonNode> originals = new ArrayList<>();
            if (in.isArray()) {
                in.forEach(originals::add);
            } else {
                originals.add(in);
            }
            AgencyTestSupport.Result r = normalizeFile(f);
            assertThat(r.items()).as(f.toString()).hasSize(originals.size());
            for (int i = 0; i < originals.size(); i++) {
                JsonNode o = originals.get(i);
                NinjsItem item = r.items().get(i);
                items++;
                assertValid(item);
                assertThat(item.uri).isEqualTo(o.get("uri").asText());
                if (o.has("headlines")) {
                    assertThat(item.headlines).extracting(h -> h.value)
                            .containsExactlyElementsOf(o.get("headlines").findValuesAsText("value"));
                }
                if (o.has("bodies")) {
                    // every body is kept, in order: text as is, HTML sanitized with the same text
                    JsonNode bodies = o.get("bodies");
                    // (a plain-text rendering the normalizer adds for HTML-only items comes last)
                    List<NinjsItem.Text> kept = item.bodies;
                    assertThat(kept).as(f + " bodies").hasSizeGreaterThanOrEqualTo(bodies.size());
                    for (int b = 0; b < bodies.size(); b++) {
                        JsonNode src = bodies.get(b);
                        NinjsItem.Text out = kept.get(b);
                        assertThat(out.role).isEqualTo(src.path("role").asText(null));
                        if (src.path("contentType").asText().contains("html")) {
                            assertThat(Html.toText(out.value)).as(f + " body " + b).isEqualTo(text(src));
                        } else {
                            assertThat(out.value).as(f + " body " + b).isEqualTo(src.get("value").asText());
                        }
                    }
                }
                if (o.has("subjects")) {
                    assertThat(item.subjects).hasSize(o.get("subjects").size());
                }
            }
        }
        assertThat(items).isGreaterThanOrEqualTo(32);
    }

    @Test
    void ninjs1xLegacyFieldsAreUpgraded() throws Exception {
        byte[] raw = AgencyTestSupport.fixture("ninjs-1.x-legacy-fields.json");
        assertThat(FormatDetector.detect(SourceDocument.ofBytes("x", raw, null, null))).isEqualTo(FormatDetector.NINJS);
        NinjsItem item = normalizeFixture("ninjs-1.x-legacy-fields.json").only();
        assertValid(item);
        assertThat(item.headline()).isEqualTo("Herat to send troops to retake Iran border post");
        assertThat(item.bodyText()).startsWith("The governor's spokesman in Herat province");
        assertThat(item.bodyHtml()).startsWith("<p>The governor's spokesman").doesNotContain("script");
        assertThat(item.by).isEqualTo("Jane Doe");
        assertThat(item.versionCreated).as("UTC").isEqualTo("2021-07-10T08:42:00Z");
        assertThat(item.version).isEqualTo("3");
        assertThat(item.descriptions).singleElement().satisfies(d -> assertThat(d.value).startsWith("Afghan authorities"));
        assertThat(item.subjects).singleElement().satisfies(s -> {
            assertThat(s.uri).isEqualTo("http://cv.iptc.org/newscodes/subjectcode/16000000");
            assertThat(s.literal).isEqualTo("16000000");
        });
        assertThat(item.renditions).singleElement().satisfies(r -> {
            assertThat(r.name).isEqualTo("thumbnail");
            assertThat(r.contentType).isEqualTo("image/jpeg");
        });
        assertThat(item.associations).singleElement().satisfies(a -> {
            assertThat(a.name).isEqualTo("featureimage");
            assertThat(a.headline()).isEqualTo("Anti-Taliban militiamen in Herat");
        });
    }

    @Test
    void ninjs2xLowercaseFieldsAreUpgraded() throws Exception {
        AgencyTestSupport.Result r = normalizeFixture("ninjs-2.x-lowercase-fields.json");
        NinjsItem item = r.only();
        assertValid(item);
        assertThat(item.pubStatus).isEqualTo("withheld");
        assertThat(item.copyrightHolder).isEqualTo("Example Agency");
        assertThat(item.bodyText()).startsWith("Le porte-parole du gouverneur");
        assertThat(item.places).singleElement().satisfies(p -> assertThat(p.geoJSON).containsEntry("type", "Point"));
        assertThat(item.genres).singleElement().satisfies(g -> assertThat(g.literal).isEqualTo("INR"));
        assertThat(item.infoSources).extracting(c -> c.name).containsExactly("AFP");
        assertThat(item.altId("originaltransmissionreference")).isEqualTo("a0f2d045");
        assertThat(item.extra()).containsEntry("representationType", "full").doesNotContainKey("standard");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("descriptions").contains("charCount"));
    }

    @Test
    void documentsFailingTheSchemaAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> normalizeFixture("ninjs-fails-schema-urgency-out-of-range.json"))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("ninjs-fails-schema-urgency-out-of-range.json fails the ninjs schema: urgency 12");
        assertThatThrownBy(() -> normalizeFixture("ninjs-fails-schema-no-uri.json"))
                .isInstanceOf(ParseException.class).hasMessageContaining("no uri");
        assertThatThrownBy(() -> normalizeBytes("typed.json", "{\"uri\":\"urn:x:1\",\"headlines\":\"not an array\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseException.class).hasMessageContaining("headlines must be an array");
        assertThatThrownBy(() -> normalizeBytes("cut.json", "{\"uri\":\"urn:x:1\",\"headlines\":[{\"value\":\"a".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseException.class).hasMessageContaining("cut.json is not valid JSON (line 1");
    }

    @Test
    void configuredSchemaValidatesInputAgainstNinjs31() throws Exception {
        Path schema = shared("corpora/ninjs/specification/ninjs-schema_3.1.json");
        Path bad = shared("corpora/ninjs/validation/test_suite/3.1/should_fail/001_bad_digital_source.json");
        Path good = shared("corpora/ninjs/validation/test_suite/3.1/should_pass/001_good_digital_source.json");
        System.setProperty("wirehub.ninjs.schema", schema.toString());
        try {
            assertThat(normalizeFile(good).items()).hasSize(1);
            assertThatThrownBy(() -> normalizeFile(bad)).isInstanceOf(ParseException.class)
                    .hasMessageContaining("fails the ninjs 3.1 schema");
        } finally {
            System.clearProperty("wirehub.ninjs.schema");
        }
    }

    @Test
    void jsonFeedIsNotTakenForNinjs() throws Exception {
        String feed = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"x\",\"items\":[]}";
        assertThat(FormatDetector.detect(SourceDocument.ofBytes("f", feed.getBytes(StandardCharsets.UTF_8), null, null)))
                .isEqualTo(FormatDetector.JSONFEED);
    }

    @Test
    void oneBadItemOfACollectionDoesNotLoseTheOthers() throws Exception {
        String coll = "[{\"uri\":\"urn:x:1\",\"headlines\":[{\"value\":\"One\"}]},{\"uri\":\"urn:x:2\",\"urgency\":0},"
                + "{\"uri\":\"urn:x:3\",\"headlines\":[{\"value\":\"Three\"}]}]";
        AgencyTestSupport.Result r = normalizeBytes("coll.json", coll.getBytes(StandardCharsets.UTF_8));
        assertThat(r.items()).extracting(NinjsItem::headline).containsExactly("One", "Three");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("item 2").contains("urgency 0").contains("skipped"));
    }
}
