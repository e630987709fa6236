package io.wirehub.gazetteer;

import java.util.Map;

/**
 * One gazetteer entry: a country, a first-level division or a populated place, as GeoNames
 * describes it.
 *
 * @param geonameId   GeoNames id ({@code https://sws.geonames.org/<id>/})
 * @param name        GeoNames name (English for countries)
 * @param lat         latitude, WGS84
 * @param lon         longitude, WGS84
 * @param population  population (0 when unknown)
 * @param featureCode GeoNames feature code: PCLI for countries, ADM1 for divisions, PPL* for places
 * @param countryCode ISO 3166-1 alpha-2 code
 * @param admin1Code  GeoNames admin1 code within the country ("11" for Herat), "" when none
 * @param localNames  names by language (fr, en, vi) where the sources have them, else empty
 */
public record Place(long geonameId, String name, double lat, double lon, long population, String featureCode,
                    String countryCode, String admin1Code, Map<String, String> localNames) {

    /** The GeoNames URI used in ninjs places. */
    public String uri() {
        return "https://sws.geonames.org/" + geonameId + "/";
    }

    /** True for a country (PCLI and the other PCL* codes). */
    public boolean isCountry() {
        return featureCode.length() >= 3 && featureCode.charAt(0) == 'P' && featureCode.charAt(1) == 'C'
                && featureCode.charAt(2) == 'L';
    }

    /** True for a first-level administrative division. */
    public boolean isAdmin1() {
        return "ADM1".equals(featureCode);
    }

    /** True for a continent (GeoNames feature code CONT). */
    public boolean isContinent() {
        return "CONT".equals(featureCode);
    }

    /** The GeoNames feature class: A (countries, divisions), L (continents) or P (populated places). */
    public char featureClass() {
        if (isContinent()) {
            return 'L';
        }
        return isCountry() || featureCode.startsWith("ADM") ? 'A' : 'P';
    }

    /** The name in {@code lang} when known (countries in fr, en, vi), else the GeoNames name. */
    public String name(String lang) {
        if (lang != null) {
            String n = localNames.get(lang);
            if (n != null) {
                return n;
            }
        }
        return name;
    }

    /** Great-circle distance in km to another point. */
    public double distanceKm(double lat2, double lon2) {
        return Geo.distanceKm(lat, lon, lat2, lon2);
    }
}
