package io.wirehub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.testing.Ninjs;
import io.wirehub.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gofeed's translator oracle (../shared/corpora/gofeed/testdata/translator): each feed's expected
 * universal items, mapped to ninjs fields, compared with what wirehub emits. Cases whose expectation
 * is feed metadata only (feed title, generator, logo...) have no item to compare and are counted
 * apart. Differences wirehub makes on purpose are listed with their reason in
 * src/test/resources/conformance/gofeed-deliberate-differences.txt; any other difference fails.
 */
class GofeedTranslatorConformanceTest {

    @Test
    void translatorOracle() throws IOException {
        Path root = Shared.require("corpora/gofeed/testdata/translator");
        Map<String, String> deliberate = deliberateDifferences();
        Normalizer normalizer = new Normalizer();
        int cases = 0;
        int agree = 0;
        int feedOnly = 0;
        List<String> unexpected = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (Path[] c : cases(root)) {
            JsonNode expected = NinjsJson.MAPPER.readTree(c[1].toFile());
            JsonNode items = expected.path("items");
            if (!items.isArray() || items.isEmpty()) {
                feedOnly++;
                continue;
            }
            String name = root.relativize(c[0]).toString();
            cases++;
            List<String> diffs = new ArrayList<>();
            List<NinjsItem> got = new ArrayList<>();
            try (ItemReader r = normalizer.open(SourceDocument.ofFile(c[0], new FeedContext("gofeed", null, null, null, null)))) {
                r.forEachRemaining(got::add);
            } catch (Exception e) {
                diffs.add("error: " + e.getMessage());
            }
            if (diffs.isEmpty() && got.size() != items.size()) {
                diffs.add("items: expected " + items.size() + ", got " + got.size());
            }
            for (int i = 0; diffs.isEmpty() && i < items.size(); i++) {
                compare(items.get(i), got.get(i), expected, diffs);
                Ninjs.assertValid(got.get(i));
            }
            if (diffs.isEmpty()) {
                agree++;
            } else if (deliberate.containsKey(name)) {
                listed.add(name + ": " + diffs + " -- on purpose: " + deliberate.get(name));
            } else {
                unexpected.add(name + ": " + diffs);
            }
        }
        System.out.printf("gofeed translator oracle: %d/%d cases agree (%d differ on purpose, %d unexpected); %d feed-metadata-only cases not applicable%n",
                agree, cases, listed.size(), unexpected.size(), feedOnly);
        listed.forEach(l -> System.out.println("  on purpose: " + l));
        unexpected.forEach(u -> System.out.println("  UNEXPECTED: " + u));
        assertThat(cases).isGreaterThan(40);
        assertThat(unexpected).as("differences not listed as deliberate").isEmpty();
        assertThat((double) agree / cases).as("share of cases that agree").isGreaterThanOrEqualTo(0.95);
    }

    private static void compare(JsonNode exp, NinjsItem got, JsonNode feed, List<String> diffs) {
        if (exp.has("title")) {
            check(diffs, "title", Html.inlineText(exp.get("title").asText()), got.headline());
        }
        if (exp.has("link")) {
            check(diffs, "link", exp.get("link").asText(), got.webUrl());
        }
        if (exp.has("guid")) {
            check(diffs, "guid", exp.get("guid").asText(), got.altId("guid"));
        }
        String content = exp.has("content") ? exp.get("content").asText() : null;
        String description = exp.has("description") ? exp.get("description").asText() : null;
        if (content != null) {
            // gofeed's content is the fullest form: compare with our HTML body where the item has one
            check(diffs, "content", Html.toText(content), got.bodyHtml() != null ? Html.toText(got.bodyHtml()) : got.bodyText());
        }
        if (description != null) {
            String summary = got.descriptions.isEmpty() ? null : got.descriptions.get(0).value;
            String ours = content != null ? summary : got.bodyText();
            check(diffs, "description", Html.toText(description), ours);
        }
        if (exp.has("publishedParsed")) {
            check(diffs, "published", instant(exp.get("publishedParsed").asText()), instant(got.firstCreated));
        }
        if (exp.has("updatedParsed")) {
            check(diffs, "updated", instant(exp.get("updatedParsed").asText()), instant(got.versionCreated));
        }
        if (exp.has("authors")) {
            for (JsonNode a : exp.get("authors")) {
                String n = a.hasNonNull("name") ? a.get("name").asText() : a.path("email").asText(null);
                if (n != null && (got.by == null || !got.by.contains(n))) {
                    diffs.add("author: expected " + n + " in " + got.by);
                }
            }
        }
        if (exp.has("categories")) {
            List<String> want = new ArrayList<>();
            exp.get("categories").forEach(c -> want.add(c.asText()));
            List<String> have = got.subjects.stream().map(s -> s.name).toList();
            check(diffs, "categories", want, have);
        }
        if (exp.has("enclosures")) {
            List<String> want = new ArrayList<>();
            exp.get("enclosures").forEach(e -> want.add(e.path("url").asText()));
            List<String> have = got.associations.stream().filter(a -> "enclosure".equals(a.rel)).map(a -> a.uri).toList();
            for (String w : want) {
                if (!have.contains(w)) {
                    diffs.add("enclosure: expected " + w + " in " + have);
                }
            }
        }
        if (exp.has("image") && exp.get("image").hasNonNull("url")) {
            String url = exp.get("image").get("url").asText();
            if (got.associations.stream().noneMatch(a -> url.equals(a.uri))) {
                diffs.add("image: expected association " + url);
            }
        }
        if (feed.has("language") && !feed.get("language").asText().isBlank()) {
            check(diffs, "language", Languages.normalizeTag(feed.get("language").asText()), got.language);
        }
    }

    private static void check(List<String> diffs, String field, Object want, Object have) {
        if (!Objects.equals(want, have)) {
            diffs.add(field + ": expected <" + want + "> got <" + have + ">");
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Dates.parse(s);
    }

    /** [input, expected] pairs: X.xml with X.json (rss, atom), X.json with X_expected.json (json). */
    private static List<Path[]> cases(Path root) throws IOException {
        List<Path[]> out = new ArrayList<>();
        for (String dir : List.of("rss", "atom", "json")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.sorted().toList()) {
                    String f = p.getFileName().toString();
                    if (f.endsWith(".xml")) {
                        Path exp = d.resolve(f.substring(0, f.length() - 4) + ".json");
                        if (Files.exists(exp)) {
                            out.add(new Path[]{p, exp});
                        }
                    } else if (f.endsWith(".json") && !f.endsWith("_expected.json")) {
                        Path exp = d.resolve(f.substring(0, f.length() - 5) + "_expected.json");
                        if (Files.exists(exp)) {
                            out.add(new Path[]{p, exp});
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> deliberateDifferences() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (var in = GofeedTranslatorConformanceTest.class.getResourceAsStream("/conformance/gofeed-deliberate-differences.txt")) {
            if (in == null) {
                return m;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int bar = l.indexOf('|');
                m.put(l.substring(0, bar).strip(), l.substring(bar + 1).strip());
            }
        }
        return m;
    }
}
