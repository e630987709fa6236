package io.wirehub.publish;

import io.wirehub.normalize.Text;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link PlaceLookup} held in memory: countries and first-level divisions read from the standard
 * GeoNames dump files ({@code countryInfo.txt}, {@code admin1CodesASCII.txt}), plus any place added
 * with {@link #add}. Names are matched accent- and case-folded; a trailing "province", "state",
 * "region"... asks for a first-level division.
 */
public final class TablePlaceLookup implements PlaceLookup {
    private static final Pattern ADMIN_WORDS = Pattern.compile(
            "\\s+(province|provincia|state|region|region|governorate|prefecture|oblast|tinh|county)$");
    private static final Pattern ADMIN_PREFIX = Pattern.compile("^(province of|province d[e']|region of|tinh)\\s*");

    private final Map<Long, PlaceInfo> byId = new HashMap<>();
    private final Map<String, List<PlaceInfo>> byName = new HashMap<>();
    private final Map<String, PlaceInfo> countries = new HashMap<>();

    /** Adds (or replaces) a place. */
    public TablePlaceLookup add(PlaceInfo p) {
        byId.put(p.id(), p);
        byName.computeIfAbsent(Text.fold(p.name()), k -> new ArrayList<>()).add(p);
        if (p.isCountry()) {
            countries.put(p.countryCode(), p);
        }
        return this;
    }

    /** Adds another name for a place already added. */
    public TablePlaceLookup alias(long id, String name) {
        PlaceInfo p = byId.get(id);
        if (p != null) {
            byName.computeIfAbsent(Text.fold(name), k -> new ArrayList<>()).add(p);
        }
        return this;
    }

    /**
     * Reads {@code countryInfo.txt} and {@code admin1CodesASCII.txt} from a GeoNames dump folder
     * (either may be missing). The country's coordinates are unknown there and stay null.
     */
    public TablePlaceLookup loadGeoNames(Path dir) throws IOException {
        Path countries = dir.resolve("countryInfo.txt");
        if (Files.isRegularFile(countries)) {
            try (BufferedReader r = Files.newBufferedReader(countries, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split("\t", -1);
                    if (f.length > 16 && !f[16].isBlank()) {
                        add(new PlaceInfo(Long.parseLong(f[16].strip()), f[4], f[0], null, "PCLI", null, null));
                    }
                }
            }
        }
        Path admin1 = dir.resolve("admin1CodesASCII.txt");
        if (Files.isRegularFile(admin1)) {
            try (BufferedReader r = Files.newBufferedReader(admin1, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.split("\t", -1);
                    if (f.length < 4 || f[3].isBlank()) {
                        continue;
                    }
                    int dot = f[0].indexOf('.');
                    PlaceInfo p = new PlaceInfo(Long.parseLong(f[3].strip()), f[1], f[0].substring(0, dot),
                            f[0].substring(dot + 1), "ADM1", null, null);
                    add(p);
                    if (!f[2].equals(f[1])) {
                        alias(p.id(), f[2]);
                    }
                }
            }
        }
        return this;
    }

    @Override
    public PlaceInfo byId(long geonameId) {
        return byId.get(geonameId);
    }

    @Override
    public List<PlaceInfo> byName(String name) {
        String n = Text.fold(Text.collapse(name)).replaceAll("[’']", "'");
        boolean wantAdmin = false;
        String stripped = ADMIN_WORDS.matcher(n).replaceFirst("");
        stripped = ADMIN_PREFIX.matcher(stripped).replaceFirst("").strip();
        if (!stripped.equals(n)) {
            wantAdmin = true;
        }
        List<PlaceInfo> found = new ArrayList<>(byName.getOrDefault(stripped, List.of()));
        if (found.isEmpty() && stripped.length() == 2) {
            PlaceInfo c = countries.get(stripped.toUpperCase(Locale.ROOT));
            if (c != null) {
                found.add(c);
            }
        }
        boolean admin = wantAdmin;
        // "Herat province" is the division; plain "Herat" prefers countries, then divisions, then
        // the rest (a city named like its division is found through the division anyway).
        found.sort((a, b) -> Integer.compare(rank(a, admin), rank(b, admin)));
        if (admin) {
            found.removeIf(p -> !p.isAdmin1());
        }
        return found;
    }

    private static int rank(PlaceInfo p, boolean admin) {
        if (admin) {
            return p.isAdmin1() ? 0 : 1;
        }
        return p.isCountry() ? 0 : p.isAdmin1() ? 1 : 2;
    }
}
