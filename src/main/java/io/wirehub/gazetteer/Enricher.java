package io.wirehub.gazetteer;

import io.wirehub.gazetteer.Geotagger.Kind;
import io.wirehub.gazetteer.Geotagger.Mention;
import io.wirehub.normalize.NinjsItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The enrich stage: adds to an item the places its copy names, resolved to GeoNames, as ninjs
 * {@code places}:
 * <ul>
 *   <li>{@code rel: "dateline"}: the place of the item's dateline ({@code located});</li>
 *   <li>{@code rel: "primary"}: the place the item is mainly about (most weight: mentions, headline,
 *       dateline; a city or division rather than a country when the copy names one);</li>
 *   <li>{@code rel: "country"}: the item's primary country;</li>
 *   <li>{@code rel: "mentioned"}: every other place named;</li>
 *   <li>{@code rel: "unresolved"}: a place name the gazetteer does not know (name and literal only).</li>
 * </ul>
 * Each (place, rel) appears once; a place can carry two rels (the dateline city is often the primary
 * place too). Places already on the item (from the source) are kept. Demonyms ("Afghan forces") are
 * not places: they only weigh on the primary country.
 *
 * <p>Bean {@code enricher} of route {@code enrich} ({@code direct:enrich}).
 */
public final class Enricher {
    /** Property naming a gazetteer file built by {@code wirehub gazetteer import}; empty = the bundled one. */
    public static final String PROP_FILE = "wirehub.gazetteer.file";

    private final Geotagger tagger;

    /** An enricher over a tagger. */
    public Enricher(Geotagger tagger) {
        this.tagger = tagger;
    }

    /** An enricher over the bundled gazetteer (loaded once per JVM). */
    public Enricher() {
        this(Geotagger.bundled());
    }

    /** An enricher configured by {@code wirehub.gazetteer.file} (empty or absent = the bundled gazetteer). */
    public static Enricher fromProperties(Properties p) {
        String file = p == null ? null : p.getProperty(PROP_FILE, "").strip();
        if (file == null || file.isEmpty()) {
            return new Enricher();
        }
        try {
            return new Enricher(new Geotagger(Gazetteer.load(Path.of(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(PROP_FILE + "=" + file + ": " + e.getMessage(), e);
        }
    }

    /** The tagger this enricher uses. */
    public Geotagger tagger() {
        return tagger;
    }

    /** Adds the item's places (see the class comment) and returns the item. */
    public NinjsItem enrich(NinjsItem item) {
        if (item == null) {
            return null;
        }
        String located = item.located == null ? "" : item.located.strip();
        String headline = item.headline() == null ? "" : item.headline();
        String body = item.bodyText();
        if (body == null && item.bodyHtml() != null) {
            body = io.wirehub.normalize.Html.toText(item.bodyHtml());
        }
        StringBuilder sb = new StringBuilder(located.length() + headline.length() + (body == null ? 0 : body.length()) + 4);
        sb.append(located).append('\n');
        int datelineEnd = sb.length();
        sb.append(headline).append('\n');
        int headlineEnd = sb.length();
        if (body != null) {
            sb.append(body);
        }
        String lang = item.language;
        if (lang != null) {
            int dash = lang.indexOf('-') >= 0 ? lang.indexOf('-') : lang.indexOf('_');
            lang = (dash > 0 ? lang.substring(0, dash) : lang).toLowerCase(java.util.Locale.ROOT);
        }
        List<Mention> mentions = tagger.tag(sb.toString(), lang, datelineEnd, homeCountry(item));
        item.places = new ArrayList<>(item.places == null ? List.of() : item.places);
        Set<String> present = new HashSet<>();
        for (NinjsItem.Place p : item.places) {
            present.add(p.uri + "|" + p.rel + "|" + (p.uri == null ? p.literal : ""));
        }
        for (NinjsItem.Place p : places(mentions, datelineEnd, headlineEnd, lang)) {
            if (present.add(p.uri + "|" + p.rel + "|" + (p.uri == null ? p.literal : ""))) {
                item.places.add(p);
            }
        }
        return item;
    }

    private static final Map<String, String> SOURCE_COUNTRIES = loadSourceCountries();

    private static Map<String, String> loadSourceCountries() {
        Map<String, String> m = new java.util.HashMap<>();
        try (java.io.InputStream in = Enricher.class.getResourceAsStream("/gazetteer/source-countries.tsv")) {
            if (in == null) {
                throw new IllegalStateException("gazetteer/source-countries.tsv missing from the classpath");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String[] c = line.split("\t");
                if (!line.startsWith("#") && c.length == 2) {
                    m.put(c[0].strip().toLowerCase(java.util.Locale.ROOT), c[1].strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The home country of the item's first source that is a national agency or outlet, or null. */
    static String homeCountry(NinjsItem item) {
        if (item.infoSources == null) {
            return null;
        }
        for (NinjsItem.Concept c : item.infoSources) {
            String cc = c.name == null ? null : SOURCE_COUNTRIES.get(c.name.strip().toLowerCase(java.util.Locale.ROOT));
            if (cc != null) {
                return cc;
            }
        }
        return null;
    }

    /** Per place: how much the item is about it. */
    private static final class Weight {
        final Place place;
        final String literal;
        double weight;
        boolean dateline;

        Weight(Place place, String literal) {
            this.place = place;
            this.literal = literal;
        }
    }

    List<NinjsItem.Place> places(List<Mention> mentions, int datelineEnd, int headlineEnd, String lang) {
        Map<Long, Weight> byPlace = new LinkedHashMap<>();
        Map<String, Double> countries = new LinkedHashMap<>();
        Weight dateline = null;
        List<Mention> unresolved = new ArrayList<>();
        for (Mention m : mentions) {
            if (m.kind() == Kind.UNRESOLVED) {
                unresolved.add(m);
                continue;
            }
            Place p = m.place();
            double w = m.score();
            if (m.start() < datelineEnd) {
                w += 1.5;
            } else if (m.start() < headlineEnd) {
                w += 1;
            }
            if (m.kind() == Kind.DEMONYM) {
                countries.merge(p.countryCode(), 0.5, Double::sum);
                continue;
            }
            if (!p.isContinent()) {
                // a continent has no country, and is never the place an item is mainly about
                countries.merge(p.countryCode(), w, Double::sum);
            }
            Weight pw = byPlace.computeIfAbsent(p.geonameId(), k -> new Weight(p, m.literal()));
            pw.weight += w;
            if (m.start() < datelineEnd && dateline == null) {
                pw.dateline = true;
                dateline = pw;
            }
        }
        List<NinjsItem.Place> out = new ArrayList<>();
        if (dateline != null) {
            out.add(place(dateline, "dateline", lang));
        }
        Weight primary = null;
        for (Weight w : byPlace.values()) {
            if (w.place.isCountry() || w.place.isContinent()) {
                continue;
            }
            // a division counts a little less than a city of the same weight: it is the wider place
            double eff = w.weight * (w.place.isAdmin1() ? 0.8 : 1.0);
            if (primary == null || eff > primary.weight * (primary.place.isAdmin1() ? 0.8 : 1.0)) {
                primary = w;
            }
        }
        String topCountry = null;
        double best = 0;
        for (Map.Entry<String, Double> e : countries.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                topCountry = e.getKey();
            }
        }
        if (primary == null && topCountry != null) {
            for (Weight w : byPlace.values()) {
                if (w.place.countryCode().equals(topCountry)) {
                    primary = w;
                    break;
                }
            }
        }
        if (primary != null) {
            out.add(place(primary, "primary", lang));
        }
        Place country = topCountry == null ? null : tagger.gazetteer().country(topCountry);
        if (country != null) {
            Weight cw = byPlace.get(country.geonameId());
            out.add(place(cw != null ? cw : new Weight(country, null), "country", lang));
        }
        for (Weight w : byPlace.values()) {
            if (w != dateline && w != primary && (country == null || w.place.geonameId() != country.geonameId())) {
                out.add(place(w, "mentioned", lang));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Mention m : unresolved) {
            if (seen.add(m.literal())) {
                NinjsItem.Place p = new NinjsItem.Place();
                p.name = m.literal();
                p.literal = m.literal();
                p.rel = "unresolved";
                out.add(p);
            }
        }
        return out;
    }

    private static NinjsItem.Place place(Weight w, String rel, String lang) {
        NinjsItem.Place p = new NinjsItem.Place();
        p.name = w.place.name(lang);
        p.rel = rel;
        p.uri = w.place.uri();
        p.literal = w.literal;
        Map<String, Object> geo = new LinkedHashMap<>();
        geo.put("type", "Point");
        geo.put("coordinates", List.of(w.place.lon(), w.place.lat()));
        p.geoJSON = geo;
        return p;
    }
}
