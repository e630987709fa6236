package io.wirehub.testing;

import io.wirehub.normalize.NinjsItem;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed article (../shared/seed) as the item the pipeline hands to the publish stage: headline,
 * body, French, the AFP/VNA/CVN credit chain, and the places the gazetteer resolves for it (written
 * here as a fixture until the gazetteer is merged: GeoNames ids and coordinates of Afghanistan,
 * Herat, Iran, Tajikistan, Turkmenistan).
 */
public final class SeedItem {
    public static final Path SEED = Path.of("../shared/seed/000_322bb145bcebb8c8.txt");

    private SeedItem() {
    }

    /** Skips the calling test when ../shared is absent. */
    public static NinjsItem load() {
        Assumptions.assumeTrue(Files.isRegularFile(SEED), "seed article " + SEED + " absent: test skipped");
        try {
            return fromText(Files.readString(SEED, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static NinjsItem fromText(String text) {
        List<String> lines = new ArrayList<>();
        String headline = null;
        for (String l : text.split("\n")) {
            String s = l.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith(">>")) {
                if (headline == null) {
                    headline = s.substring(2).strip();
                }
                continue;
            }
            lines.add(s);
        }
        String credit = lines.remove(lines.size() - 1);
        NinjsItem it = new NinjsItem();
        it.uri = "urn:wirehub:seed:000_322bb145bcebb8c8";
        it.type = "text";
        it.version = "1";
        it.firstCreated = "2021-07-10T12:00:00Z";
        it.versionCreated = "2021-07-10T12:00:00Z";
        it.pubStatus = "usable";
        it.language = "fr";
        it.urgency = 3;
        it.headlines.add(new NinjsItem.Text("main", "text/plain", headline));
        it.bodies.add(new NinjsItem.Text("main", "text/plain", String.join("\n\n", lines)));
        for (String src : credit.split("/")) {
            NinjsItem.Concept c = new NinjsItem.Concept();
            c.name = src.strip();
            it.infoSources.add(c);
        }
        it.places.add(place("Afghanistan", "country", 1149361, 33.0, 66.0));
        it.places.add(place("Hérat", "mentioned", 1140026, 34.34817, 62.19967));
        it.places.add(place("Iran", "mentioned", 130758, 32.0, 53.0));
        it.places.add(place("Tadjikistan", "mentioned", 1220409, 39.0, 71.0));
        it.places.add(place("Turkménistan", "mentioned", 1218197, 40.0, 60.0));
        it.renditions.add(new NinjsItem.Rendition("web", "https://www.example.org/afghanistan-herat", "text/html"));
        return it;
    }

    static NinjsItem.Place place(String name, String rel, long id, double lat, double lon) {
        NinjsItem.Place p = new NinjsItem.Place();
        p.name = name;
        p.rel = rel;
        p.uri = "https://sws.geonames.org/" + id + "/";
        p.geoJSON = Map.of("type", "Point", "coordinates", List.of(lon, lat));
        return p;
    }

    /** A small made-up item (for load and crash tests). */
    public static NinjsItem simple(String uri, String headline, String body) {
        NinjsItem it = new NinjsItem();
        it.uri = uri;
        it.type = "text";
        it.language = "en";
        it.versionCreated = "2026-11-24T10:00:00Z";
        it.firstCreated = "2026-11-24T10:00:00Z";
        it.headlines.add(new NinjsItem.Text("main", "text/plain", headline));
        it.bodies.add(new NinjsItem.Text("main", "text/plain", body));
        return it;
    }
}
