package io.wirehub.gazetteer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A place with all its names, as the importer assembles it and the gazetteer file stores it. */
final class GazetteerRecord {
    long id;
    double lat = Double.NaN;
    double lon = Double.NaN;
    long population;
    String featureCode;
    String countryCode;
    String admin1Code = "";
    String name;
    /** Display names by language (fr, en, vi). */
    final Map<String, String> localNames = new TreeMap<>();
    /** Every name the place is known by, with its {@link Gazetteer} name flags. */
    final Map<String, Integer> names = new LinkedHashMap<>();

    GazetteerRecord(long id, String name, String featureCode, String countryCode) {
        this.id = id;
        this.name = name;
        this.featureCode = featureCode;
        this.countryCode = countryCode;
    }

    void addName(String n, int flags) {
        if (n == null) {
            return;
        }
        n = n.strip();
        if (n.isEmpty() || n.length() > 80) {
            return;
        }
        names.merge(n, flags, (a, b) -> a | b);
    }

    boolean hasCoordinates() {
        return !Double.isNaN(lat) && !Double.isNaN(lon);
    }
}
