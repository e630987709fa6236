package io.wirehub.gazetteer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a gazetteer from the standard GeoNames dump files, so that a user can build a bigger one
 * than the bundled default from {@code allCountries.txt}:
 * <ul>
 *   <li>{@code cities*.txt} or {@code allCountries.txt} (the 19-column geoname table): populated places
 *       (feature class P); from allCountries also the ADM1 and PCL* features' coordinates and names;</li>
 *   <li>{@code countryInfo.txt}: countries, their GeoNames ids and populations;</li>
 *   <li>{@code admin1CodesASCII.txt}: first-level divisions;</li>
 *   <li>optionally {@code alternateNamesV2.txt} (or {@code alternateNames.txt}): language-tagged names in
 *       French, English and Vietnamese;</li>
 * </ul>
 * plus, optionally, the country names of the npm package i18n-iso-countries ({@code langs/*.json})
 * and the demonyms and country points of the npm package world-countries ({@code countries.json}),
 * and the project's own list of press short forms ({@code gazetteer/country-names-extra.tsv}).
 */
public final class GeoNamesImporter {
    /** Languages whose names are imported with a language flag. */
    static final Map<String, Integer> LANG_FLAGS = Map.of("en", Gazetteer.N_EN, "fr", Gazetteer.N_FR, "vi", Gazetteer.N_VI);

    private Path geonamesDir;
    private Path countryNamesDir;
    private Path worldCountries;
    private long minPopulation;
    private boolean extraNames = true;
    private boolean secondLevel = true;
    private final List<String> sources = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** The folder holding the GeoNames dump files. */
    public GeoNamesImporter geonames(Path dir) {
        this.geonamesDir = dir;
        return this;
    }

    /** The {@code langs} folder of the npm package i18n-iso-countries (en.json, fr.json, vi.json), or null. */
    public GeoNamesImporter countryNames(Path dir) {
        this.countryNamesDir = dir;
        return this;
    }

    /** The {@code countries.json} of the npm package world-countries (demonyms, country points), or null. */
    public GeoNamesImporter worldCountries(Path file) {
        this.worldCountries = file;
        return this;
    }

    /** Populated places below this population are left out (default 0: keep all). */
    public GeoNamesImporter minPopulation(long min) {
        this.minPopulation = min;
        return this;
    }

    /** Whether to add the project's list of press short forms of country names (default true). */
    public GeoNamesImporter extraNames(boolean on) {
        this.extraNames = on;
        return this;
    }

    /** Whether to add Natural Earth's second-level divisions (default true). */
    public GeoNamesImporter secondLevel(boolean on) {
        this.secondLevel = on;
        return this;
    }

    /** Problems found in the input that did not stop the import. */
    public List<String> warnings() {
        return warnings;
    }

    /** Imports and returns the gazetteer in memory. */
    public Gazetteer importGazetteer() throws IOException {
        List<GazetteerRecord> r = records();
        r.sort(java.util.Comparator.comparingLong(x -> x.id));
        return Gazetteer.of(r, String.join("; ", sources));
    }

    /** Imports and writes the gazetteer file. Returns the number of places. */
    public int write(OutputStream out) throws IOException {
        Gazetteer g = importGazetteer();
        g.write(out);
        return g.size();
    }

    List<GazetteerRecord> records() throws IOException {
        if (geonamesDir == null || !Files.isDirectory(geonamesDir)) {
            throw new IOException("GeoNames folder not found: " + geonamesDir);
        }
        Path countryInfo = geonamesDir.resolve("countryInfo.txt");
        Path admin1File = geonamesDir.resolve("admin1CodesASCII.txt");
        List<Path> placeFiles = new ArrayList<>();
        try (Stream<Path> s = Files.list(geonamesDir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("cities") && n.endsWith(".txt")) || n.equals("allCountries.txt");
            }).sorted().forEach(placeFiles::add);
        }
        if (!Files.exists(countryInfo)) {
            throw new IOException("missing " + countryInfo + " (GeoNames countryInfo.txt)");
        }
        if (placeFiles.isEmpty()) {
            throw new IOException("no cities*.txt or allCountries.txt in " + geonamesDir);
        }
        Map<Long, GazetteerRecord> byId = new LinkedHashMap<>();
        Map<String, GazetteerRecord> countries = readCountryInfo(countryInfo, byId);
        Map<String, GazetteerRecord> admin1 = Files.exists(admin1File) ? readAdmin1(admin1File, byId, countries) : Map.of();
        if (admin1.isEmpty()) {
            warnings.add("no admin1CodesASCII.txt: first-level divisions left out");
        }
        readDivisionAbbreviations(admin1);
        for (Path f : placeFiles) {
            readPlaces(f, byId, countries);
            sources.add("GeoNames " + f.getFileName());
        }
        Path alt = geonamesDir.resolve("alternateNamesV2.txt");
        if (!Files.exists(alt)) {
            alt = geonamesDir.resolve("alternateNames.txt");
        }
        if (Files.exists(alt)) {
            readAlternateNames(alt, byId);
            sources.add("GeoNames " + alt.getFileName());
        }
        if (countryNamesDir != null) {
            readCountryNames(countryNamesDir, countries);
        }
        readGeoNamesPoints(byId);
        readNaturalEarthDivisions(byId);
        if (worldCountries != null) {
            readWorldCountries(worldCountries, countries);
        }
        if (extraNames) {
            readExtraNames(countries);
            readExtraPlaceNames(byId);
        }
        readContinents(byId);
        fillDerived(byId.values(), countries, admin1);
        List<GazetteerRecord> out = new ArrayList<>();
        for (GazetteerRecord r : byId.values()) {
            if (!r.hasCoordinates()) {
                warnings.add("no coordinates for " + r.id + " " + r.name + ": left out");
                continue;
            }
            out.add(r);
        }
        return out;
    }

    private static BufferedReader reader(Path p) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(p), StandardCharsets.UTF_8), 1 << 16);
    }

    private Map<String, GazetteerRecord> readCountryInfo(Path f, Map<Long, GazetteerRecord> byId) throws IOException {
        Map<String, GazetteerRecord> countries = new LinkedHashMap<>();
        try (BufferedReader in = reader(f)) {
            String line;
            int ln = 0;
            while ((line = in.readLine()) != null) {
                ln++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c.length < 17 || c[16].isBlank()) {
                    warnings.add(f.getFileName() + ":" + ln + ": not a country row");
                    continue;
                }
                long id = Long.parseLong(c[16].strip());
                GazetteerRecord r = new GazetteerRecord(id, c[4], "PCLI", c[0]);
                r.population = parseLong(c[7]);
                r.addName(c[4], Gazetteer.N_PRIMARY | Gazetteer.N_EN);
                r.localNames.put("en", c[4]);
                countries.put(c[0], r);
                byId.put(id, r);
            }
        }
        sources.add("GeoNames " + f.getFileName());
        return countries;
    }

    private static final List<String> ADMIN_PREFIXES = List.of("Tỉnh ", "Thành phố ", "Province of ", "State of ",
            "Provincia de ", "Provincia di ", "Région ", "Region ");
    private static final List<String> ADMIN_SUFFIXES = List.of(" Province", " Governorate", " Region", " Oblast",
            " Prefecture", " State", " Department", " District", " Municipality", " Voivodeship", " County");

    private Map<String, GazetteerRecord> readAdmin1(Path f, Map<Long, GazetteerRecord> byId,
                                                    Map<String, GazetteerRecord> countries) throws IOException {
        Map<String, GazetteerRecord> admin1 = new HashMap<>();
        try (BufferedReader in = reader(f)) {
            String line;
            int ln = 0;
            while ((line = in.readLine()) != null) {
                ln++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                int dot = c[0].indexOf('.');
                if (c.length < 4 || dot < 0 || c[3].isBlank()) {
                    warnings.add(f.getFileName() + ":" + ln + ": not an admin1 row");
                    continue;
                }
                String cc = c[0].substring(0, dot);
                if (!countries.containsKey(cc)) {
                    continue;
                }
                long id = Long.parseLong(c[3].strip());
                GazetteerRecord r = new GazetteerRecord(id, c[1], "ADM1", cc);
                r.admin1Code = c[0].substring(dot + 1);
                r.addName(c[1], Gazetteer.N_PRIMARY);
                r.addName(c[2], Gazetteer.N_PRIMARY);
                addAdminVariants(r, c[1]);
                admin1.put(c[0], r);
                byId.put(id, r);
            }
        }
        sources.add("GeoNames " + f.getFileName());
        return admin1;
    }

    /** "Tây Ninh Province" is also "Tây Ninh"; "Tỉnh Quảng Nam" also "Quảng Nam". */
    private static void addAdminVariants(GazetteerRecord r, String name) {
        for (String p : ADMIN_PREFIXES) {
            if (name.startsWith(p) && name.length() > p.length() + 2) {
                r.addName(name.substring(p.length()), Gazetteer.N_GENERATED);
            }
        }
        for (String s : ADMIN_SUFFIXES) {
            if (name.endsWith(s) && name.length() > s.length() + 2) {
                r.addName(name.substring(0, name.length() - s.length()), Gazetteer.N_GENERATED);
            }
        }
    }

    private void readPlaces(Path f, Map<Long, GazetteerRecord> byId, Map<String, GazetteerRecord> countries) throws IOException {
        try (BufferedReader in = reader(f)) {
            String line;
            int ln = 0;
            while ((line = in.readLine()) != null) {
                ln++;
                String[] c = line.split("\t", -1);
                if (c.length < 15) {
                    if (!line.isBlank()) {
                        warnings.add(f.getFileName() + ":" + ln + ": " + c.length + " columns, expected 19");
                    }
                    continue;
                }
                long id;
                double lat;
                double lon;
                try {
                    id = Long.parseLong(c[0]);
                    lat = Double.parseDouble(c[4]);
                    lon = Double.parseDouble(c[5]);
                } catch (NumberFormatException e) {
                    warnings.add(f.getFileName() + ":" + ln + ": bad number (" + e.getMessage() + ")");
                    continue;
                }
                String fclass = c[6];
                String fcode = c[7];
                GazetteerRecord existing = byId.get(id);
                if (existing != null && !"P".equals(fclass)) {
                    // the ADM1 or country feature itself (allCountries): its point and names
                    existing.lat = lat;
                    existing.lon = lon;
                    addNames(existing, c[1], c[2], c[3]);
                    if (existing.population == 0) {
                        existing.population = parseLong(c[14]);
                    }
                    continue;
                }
                if (!"P".equals(fclass) || !countries.containsKey(c[8])) {
                    continue;
                }
                long pop = parseLong(c[14]);
                if (pop < minPopulation) {
                    continue;
                }
                GazetteerRecord r = new GazetteerRecord(id, c[1], fcode.isEmpty() ? "PPL" : fcode, c[8]);
                r.admin1Code = c[10];
                r.lat = lat;
                r.lon = lon;
                r.population = pop;
                addNames(r, c[1], c[2], c[3]);
                byId.put(id, r);
            }
        }
    }

    private static void addNames(GazetteerRecord r, String name, String ascii, String alternates) {
        r.addName(name, Gazetteer.N_PRIMARY);
        r.addName(ascii, Gazetteer.N_PRIMARY);
        if (!alternates.isEmpty()) {
            for (String a : alternates.split(",")) {
                if (usableAlternate(a)) {
                    r.addName(a, abbreviation(a) ? Gazetteer.N_ALT | Gazetteer.N_ABBR : Gazetteer.N_ALT);
                }
            }
        }
        if ("VN".equals(r.countryCode)) {
            addJoinedSyllables(r, name);
        }
        for (String n : new ArrayList<>(r.names.keySet())) {
            addWithoutArticle(r, n);
        }
    }

    private static final List<String> ARTICLES = List.of("Le ", "La ", "Les ", "L'", "L’");

    /** French copy contracts the article: "du Havre", "au Caire" name "Le Havre", "Le Caire". */
    private static void addWithoutArticle(GazetteerRecord r, String n) {
        for (String a : ARTICLES) {
            if (n.startsWith(a) && n.length() >= a.length() + 4 && Character.isUpperCase(n.charAt(a.length()))) {
                r.addName(n.substring(a.length()), Gazetteer.N_GENERATED);
            }
        }
    }

    /**
     * Keeps the alternate names copy in French, English and Vietnamese can contain: Latin script only,
     * not all lower case (those are romanizations of other scripts: "he la te"), and no airport codes.
     */
    static boolean usableAlternate(String a) {
        if (a.length() < 2 || a.length() > 60) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        int letters = 0;
        for (int i = 0; i < a.length(); i++) {
            char ch = a.charAt(i);
            if (Character.isLetter(ch)) {
                Character.UnicodeScript sc = Character.UnicodeScript.of(ch);
                if (sc != Character.UnicodeScript.LATIN) {
                    return false;
                }
                letters++;
                upper |= Character.isUpperCase(ch);
                lower |= Character.isLowerCase(ch);
            }
        }
        if (letters < 2 || !upper) {
            return false;
        }
        // all capitals, up to 4 letters: an IATA/ICAO code (HEA, LON), not a name used in copy
        return lower || letters > 4;
    }

    /** A name written in capitals only ("UAE", "U.S.") is matched only in capitals. */
    static boolean abbreviation(String a) {
        int letters = 0;
        for (int i = 0; i < a.length(); i++) {
            char ch = a.charAt(i);
            if (Character.isLetter(ch)) {
                letters++;
                if (!Character.isUpperCase(ch)) {
                    return false;
                }
            }
        }
        return letters > 0 && letters <= 5;
    }

    /** Vietnamese names also written as one word in foreign copy: "Hải Phòng" / "Haiphong". */
    private static void addJoinedSyllables(GazetteerRecord r, String name) {
        String[] parts = name.split(" ");
        if (parts.length == 2 && parts[0].length() <= 6 && parts[1].length() <= 6) {
            String joined = parts[0] + Tokens.fold(parts[1]);
            r.addName(joined, Gazetteer.N_GENERATED);
        }
    }

    private void readAlternateNames(Path f, Map<Long, GazetteerRecord> byId) throws IOException {
        try (BufferedReader in = reader(f)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] c = line.split("\t", -1);
                if (c.length < 4) {
                    continue;
                }
                GazetteerRecord r;
                try {
                    r = byId.get(Long.parseLong(c[1]));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (r == null) {
                    continue;
                }
                boolean historic = c.length > 7 && "1".equals(c[7]);
                String lang = c[2];
                if (historic) {
                    continue;
                }
                Integer lf = LANG_FLAGS.get(lang);
                if (lf != null) {
                    r.addName(c[3], lf);
                    boolean preferred = c.length > 4 && "1".equals(c[4]);
                    if (preferred && !r.featureCode.startsWith("PCL")) {
                        r.localNames.putIfAbsent(lang, c[3]);
                    }
                } else if ("abbr".equals(lang) && abbreviation(c[3])) {
                    r.addName(c[3], Gazetteer.N_ABBR);
                } else if (lang.isEmpty() && usableAlternate(c[3])) {
                    r.addName(c[3], Gazetteer.N_ALT);
                }
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private void readCountryNames(Path dir, Map<String, GazetteerRecord> countries) throws IOException {
        for (Map.Entry<String, Integer> lang : LANG_FLAGS.entrySet()) {
            Path f = dir.resolve(lang.getKey() + ".json");
            if (!Files.exists(f)) {
                warnings.add("no " + f);
                continue;
            }
            JsonNode root = JSON.readTree(f.toFile()).path("countries");
            root.fields().forEachRemaining(e -> {
                GazetteerRecord r = countries.get(e.getKey());
                if (r == null) {
                    return;
                }
                List<String> names = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(n -> names.add(n.asText()));
                } else {
                    names.add(e.getValue().asText());
                }
                for (String n : names) {
                    r.addName(n, lang.getValue() | (abbreviation(n) ? Gazetteer.N_ABBR : 0));
                }
                // the display name: the shortest full name ("Russia" rather than "Russian Federation")
                names.removeIf(GeoNamesImporter::abbreviation);
                if (!names.isEmpty()) {
                    String best = names.stream().min((a, b) -> Integer.compare(a.length(), b.length())).get();
                    if (!lang.getKey().equals("en")) {
                        r.localNames.put(lang.getKey(), best);
                    }
                }
            });
        }
        sources.add("npm i18n-iso-countries");
    }

    private void readWorldCountries(Path f, Map<String, GazetteerRecord> countries) throws IOException {
        JsonNode root = JSON.readTree(f.toFile());
        for (JsonNode c : root) {
            GazetteerRecord r = countries.get(c.path("cca2").asText());
            if (r == null) {
                continue;
            }
            JsonNode ll = c.path("latlng");
            if (ll.size() == 2 && !r.hasCoordinates()) {
                r.lat = ll.get(0).asDouble();
                r.lon = ll.get(1).asDouble();
            }
            r.addName(c.path("name").path("common").asText(null), Gazetteer.N_EN);
            r.addName(c.path("name").path("official").asText(null), Gazetteer.N_EN);
            JsonNode fra = c.path("translations").path("fra");
            r.addName(fra.path("common").asText(null), Gazetteer.N_FR);
            r.addName(fra.path("official").asText(null), Gazetteer.N_FR);
            for (JsonNode a : c.path("altSpellings")) {
                String s = a.asText();
                if (s.length() > 2 && (usableAlternate(s) || abbreviation(s))) {
                    r.addName(s, abbreviation(s) ? Gazetteer.N_ABBR : Gazetteer.N_ALT);
                }
            }
            JsonNode dem = c.path("demonyms");
            addDemonyms(r, dem.path("eng"), "en");
            addDemonyms(r, dem.path("fra"), "fr");
        }
        sources.add("npm world-countries");
    }

    private static void addDemonyms(GazetteerRecord r, JsonNode d, String lang) {
        for (String g : new String[]{"m", "f"}) {
            String s = d.path(g).asText("");
            if (s.isBlank()) {
                continue;
            }
            for (String form : demonymForms(s, lang)) {
                r.addName(form, Gazetteer.N_DEMONYM | LANG_FLAGS.get(lang));
            }
        }
    }

    /** The singular, the plural, and in French the lower-case adjective ("Afghane", "afghanes"). */
    static List<String> demonymForms(String s, String lang) {
        List<String> forms = new ArrayList<>();
        forms.add(s);
        String plural;
        if (s.endsWith("s") || s.endsWith("x") || s.endsWith("sh") || s.endsWith("ch") || s.endsWith("ese")) {
            plural = s; // French, Dutch, Swiss, Chinese
        } else if ("fr".equals(lang) && s.endsWith("eau")) {
            plural = s + "x";
        } else {
            plural = s + "s";
        }
        forms.add(plural);
        return forms;
    }

    private void readExtraNames(Map<String, GazetteerRecord> countries) throws IOException {
        for (String[] c : Tsv.rows("country-names-extra.tsv")) {
            GazetteerRecord rec = countries.get(c[0]);
            if (rec == null || c.length < 3) {
                continue;
            }
            int flags = LANG_FLAGS.getOrDefault(c[1], Gazetteer.N_ALT);
            if (c.length > 3 && c[3].contains("demonym")) {
                flags |= Gazetteer.N_DEMONYM;
            }
            if (abbreviation(c[2])) {
                flags |= Gazetteer.N_ABBR;
            }
            rec.addName(c[2], flags);
            if (c.length > 3 && c[3].contains("display")) {
                rec.localNames.put(c[1], c[2]);
            }
        }
        sources.add("wirehub country-names-extra.tsv");
    }

    private void readExtraPlaceNames(Map<Long, GazetteerRecord> byId) throws IOException {
        for (String[] c : Tsv.rows("place-names-extra.tsv")) {
            GazetteerRecord rec = c.length < 3 ? null : byId.get(Long.parseLong(c[0]));
            if (rec != null) {
                rec.addName(c[2], LANG_FLAGS.getOrDefault(c[1], Gazetteer.N_ALT));
            }
        }
        sources.add("wirehub place-names-extra.tsv");
    }

    /**
     * The abbreviations of divisions that copy uses alone ("NSW"), from division-abbreviations.tsv (rows
     * marked {@code alone}); the others are read by the geotagger only after "Place, ".
     */
    private void readDivisionAbbreviations(Map<String, GazetteerRecord> admin1) throws IOException {
        for (String[] c : Tsv.rows("division-abbreviations.tsv")) {
            GazetteerRecord rec = admin1.get(c[0] + "." + c[1]);
            if (rec != null && c.length > 3 && "alone".equals(c[3])) {
                rec.addName(c[2], abbreviation(c[2]) ? Gazetteer.N_ABBR : Gazetteer.N_ALT);
            }
        }
    }

    /**
     * GeoNames' own points for countries and first-level divisions that the input files leave without
     * one ({@code gazetteer/geonames-points.tsv}): the field scores a resolved place against GeoNames'
     * point, and world-countries' points or the middle of a division's places can lie hundreds of
     * kilometres from it. An input that has the point itself (allCountries.txt) keeps its own.
     */
    private void readGeoNamesPoints(Map<Long, GazetteerRecord> byId) {
        int used = 0;
        for (String[] c : Tsv.rows("geonames-points.tsv")) {
            GazetteerRecord rec = byId.get(Long.parseLong(c[0]));
            if (rec != null && !rec.hasCoordinates()) {
                rec.lat = Double.parseDouble(c[1]);
                rec.lon = Double.parseDouble(c[2]);
                used++;
            }
        }
        if (used > 0) {
            sources.add("wirehub geonames-points.tsv (GeoNames points)");
        }
    }

    /** Names that are only a compass word or a generic noun: copy uses them as adjectives ("Western"). */
    private static final java.util.Set<String> GENERIC_NAMES = java.util.Set.of("eastern", "western", "central",
            "northern", "southern", "north", "south", "east", "west", "coast", "capital", "centre", "center",
            "north-eastern", "north-western", "south-eastern", "south-western", "northeastern", "northwestern",
            "southeastern", "southwestern", "orientale", "occidental", "oriental", "nord", "sud", "est", "ouest");

    /**
     * Natural Earth's admin-1 units ({@code gazetteer/natural-earth-divisions.tsv}): the label point of
     * each GeoNames first-level division that the input leaves without a point (near the middle of its
     * area, where GeoNames and Wikipedia put a division's point; the middle of the extent of its towns
     * is the fallback), and the units GeoNames has as second-level or former first-level divisions
     * (UK counties, Philippine provinces, Kenya's former provinces), which news names alone
     * ("Suffolk", "Pangasinan", "Nyanza") and which were otherwise read as namesake towns abroad.
     */
    private void readNaturalEarthDivisions(Map<Long, GazetteerRecord> byId) {
        int points = 0;
        int added = 0;
        for (String[] c : Tsv.rows("natural-earth-divisions.tsv")) {
            long id = Long.parseLong(c[0]);
            GazetteerRecord rec = byId.get(id);
            if ("ADM1".equals(c[1])) {
                if (rec != null && "ADM1".equals(rec.featureCode) && !rec.hasCoordinates()) {
                    rec.lat = Double.parseDouble(c[2]);
                    rec.lon = Double.parseDouble(c[3]);
                    points++;
                }
                continue;
            }
            if (!secondLevel || rec != null || c.length < 8) {
                continue; // the input has the entry itself (allCountries.txt), or second-level divisions are off
            }
            String[] names = c[7].split("\\|");
            rec = new GazetteerRecord(id, names[0], c[1], c[4]);
            rec.admin1Code = c[5];
            rec.lat = Double.parseDouble(c[2]);
            rec.lon = Double.parseDouble(c[3]);
            rec.population = parseLong(c[6]);
            for (int k = 0; k < names.length; k++) {
                if (!GENERIC_NAMES.contains(names[k].toLowerCase(java.util.Locale.ROOT))) {
                    rec.addName(names[k], k == 0 ? Gazetteer.N_PRIMARY : Gazetteer.N_ALT);
                }
            }
            if (!rec.names.isEmpty()) {
                byId.put(id, rec);
                added++;
            }
        }
        if (points + added > 0) {
            sources.add("wirehub natural-earth-divisions.tsv (Natural Earth admin-1: " + points + " division points, "
                    + added + " second-level divisions)");
        }
    }

    /**
     * The continents (GeoNames ids and points, {@code gazetteer/continents.tsv}): news names them
     * ("across Africa", "in Asia") and without them the name goes to a namesake village.
     */
    private void readContinents(Map<Long, GazetteerRecord> byId) throws IOException {
        for (String[] c : Tsv.rows("continents.tsv")) {
            long id = Long.parseLong(c[0]);
            GazetteerRecord rec = byId.get(id);
            if (rec == null) {
                rec = new GazetteerRecord(id, c[3], "CONT", "");
                byId.put(id, rec);
            }
            rec.lat = Double.parseDouble(c[1]);
            rec.lon = Double.parseDouble(c[2]);
            String[] langs = {"en", "fr", "vi"};
            for (int k = 0; k < langs.length; k++) {
                for (String n : c[3 + k].split("\\|")) {
                    rec.addName(n, (k == 0 ? Gazetteer.N_PRIMARY : 0) | LANG_FLAGS.get(langs[k]));
                }
                rec.localNames.put(langs[k], c[3 + k].split("\\|")[0]);
            }
        }
        sources.add("wirehub continents.tsv (GeoNames continents)");
    }

    /**
     * Fills what the files lack: a division's point is the middle of the extent of its places (see
     * {@link #middleOfExtent}), else its capital's (the PPLA of the division); a country's point is world-countries' when given, else its
     * capital's (PPLC), else the median of its places. Division populations are the sum of their places'.
     */
    private void fillDerived(java.util.Collection<GazetteerRecord> all, Map<String, GazetteerRecord> countries,
                             Map<String, GazetteerRecord> admin1) {
        Map<String, List<GazetteerRecord>> byAdmin = new HashMap<>();
        Map<String, List<GazetteerRecord>> byCountry = new HashMap<>();
        for (GazetteerRecord r : all) {
            if (r.featureCode.startsWith("PCL") || r.featureCode.startsWith("ADM")) {
                continue; // a division is not one of the places whose extent and population make another's
            }
            byCountry.computeIfAbsent(r.countryCode, k -> new ArrayList<>()).add(r);
            byAdmin.computeIfAbsent(r.countryCode + "." + r.admin1Code, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, GazetteerRecord> e : admin1.entrySet()) {
            GazetteerRecord a = e.getValue();
            List<GazetteerRecord> members = byAdmin.getOrDefault(e.getKey(), List.of());
            if (a.population == 0) {
                a.population = members.stream().mapToLong(m -> m.population).sum();
            }
            if (!a.hasCoordinates()) {
                middleOfExtent(a, members);
            }
            if (!a.hasCoordinates()) {
                GazetteerRecord seat = members.stream().filter(m -> m.featureCode.equals("PPLA"))
                        .max((x, y) -> Long.compare(x.population, y.population)).orElse(null);
                if (seat == null) {
                    seat = members.stream().filter(m -> m.featureCode.equals("PPLC")).findFirst().orElse(null);
                }
                if (seat != null) {
                    a.lat = seat.lat;
                    a.lon = seat.lon;
                } else {
                    median(a, members);
                }
            }
        }
        for (GazetteerRecord c : countries.values()) {
            if (c.hasCoordinates()) {
                continue;
            }
            List<GazetteerRecord> members = byCountry.getOrDefault(c.countryCode, List.of());
            GazetteerRecord cap = members.stream().filter(m -> m.featureCode.equals("PPLC")).findFirst().orElse(null);
            if (cap != null) {
                c.lat = cap.lat;
                c.lon = cap.lon;
            } else {
                median(c, members);
            }
        }
    }

    /**
     * A division's point from its populated places: the middle of their extent (0.5th to 99.5th
     * percentile of latitude and of longitude, so that a stray or mis-coded place does not stretch
     * it). Evidence: gazetteers and encyclopaedias (GeoNames' own ADM1 features, Wikipedia) put an
     * area's point near its middle, and a division's places span it; its capital often sits at one
     * edge (Brisbane is 1,100 km from the middle of Queensland). Needs 8 places; a division that
     * spans the antimeridian is measured with longitudes shifted to 0..360.
     */
    static void middleOfExtent(GazetteerRecord target, List<GazetteerRecord> members) {
        if (members.size() < 8) {
            return;
        }
        double[] la = members.stream().mapToDouble(m -> m.lat).sorted().toArray();
        double[] lo = members.stream().mapToDouble(m -> m.lon).sorted().toArray();
        int lowI = (int) Math.floor(0.005 * (la.length - 1));
        int highI = (int) Math.ceil(0.995 * (la.length - 1));
        double lonLow = lo[lowI];
        double lonHigh = lo[highI];
        if (lonHigh - lonLow > 180) {
            double[] shifted = members.stream().mapToDouble(m -> m.lon < 0 ? m.lon + 360 : m.lon).sorted().toArray();
            if (shifted[highI] - shifted[lowI] < lonHigh - lonLow) {
                lonLow = shifted[lowI];
                lonHigh = shifted[highI];
            }
        }
        double lon = (lonLow + lonHigh) / 2;
        target.lat = (la[lowI] + la[highI]) / 2;
        target.lon = lon > 180 ? lon - 360 : lon;
    }

    private static void median(GazetteerRecord target, List<GazetteerRecord> members) {
        if (members.isEmpty()) {
            return;
        }
        double[] la = members.stream().mapToDouble(m -> m.lat).sorted().toArray();
        double[] lo = members.stream().mapToDouble(m -> m.lon).sorted().toArray();
        target.lat = la[la.length / 2];
        target.lon = lo[lo.length / 2];
    }

    private static long parseLong(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
