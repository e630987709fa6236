package io.wirehub.publish;

import java.util.List;

/**
 * What the subscriber filters need to know about GeoNames places: which country and first-level
 * division a place lies in (so "Afghanistan" or "Herat province" contains the city of Herat), where
 * it is, and which ids a name given in a filter stands for. The gazetteer implements it; until it is
 * bundled, {@link TablePlaceLookup} reads the standard GeoNames country and admin1 files.
 */
public interface PlaceLookup {
    /** A place known to the lookup. {@code featureCode} is GeoNames' (PCLI, ADM1, PPLA...). */
    record PlaceInfo(long id, String name, String countryCode, String admin1Code, String featureCode,
                     Double lat, Double lon) {
        public boolean isCountry() {
            return featureCode != null && featureCode.startsWith("PCL");
        }

        public boolean isAdmin1() {
            return "ADM1".equals(featureCode);
        }
    }

    /** The place with this GeoNames id, or null when unknown. */
    PlaceInfo byId(long geonameId);

    /** Places a filter's name may mean ("Herat province", "Viet Nam"), best first; empty when none. */
    List<PlaceInfo> byName(String name);

    /** Knows nothing: filters then rely on what the item itself carries. */
    PlaceLookup NONE = new PlaceLookup() {
        @Override
        public PlaceInfo byId(long geonameId) {
            return null;
        }

        @Override
        public List<PlaceInfo> byName(String name) {
            return List.of();
        }
    };
}
