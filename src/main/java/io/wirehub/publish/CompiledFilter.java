package io.wirehub.publish;

import io.wirehub.normalize.Text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A subscriber's filter made ready for matching: keyword expression parsed, places turned into
 * index keys (a country into c:CC, a division into a:CC.code, anything else into g:id), names
 * resolved through the {@link PlaceLookup}. Every given criterion must match.
 */
public final class CompiledFilter {
    final KeywordQuery keywords;
    final Set<String> placeKeys;
    final double nearLat;
    final double nearLon;
    final double nearKm;
    final boolean hasNear;
    final Set<String> agencies;
    final Set<String> sources;
    final Set<String> languages;
    final Set<String> events;
    /** Set when the subscriber states a preferred source order: later copies are then candidates. */
    final boolean prefersSources;
    final Integer maxUrgency;

    private CompiledFilter(SubscriberSpec.Filter f, PlaceLookup lookup, List<String> problems) {
        keywords = f.keywords == null || f.keywords.isBlank() ? null : KeywordQuery.parse(f.keywords);
        if (f.places.isEmpty()) {
            placeKeys = null;
        } else {
            placeKeys = new HashSet<>();
            for (String p : f.places) {
                String key = placeKey(p, lookup);
                if (key == null) {
                    problems.add("filter.places: unknown place '" + p + "'");
                } else {
                    placeKeys.add(key);
                }
            }
        }
        if (f.near != null) {
            double lat = f.near.lat == null ? Double.NaN : f.near.lat;
            double lon = f.near.lon == null ? Double.NaN : f.near.lon;
            if (f.near.place != null) {
                PlaceLookup.PlaceInfo pi = resolveWithCoordinates(f.near.place, lookup);
                if (pi == null || pi.lat() == null) {
                    problems.add("filter.near.place: unknown place or no coordinates '" + f.near.place + "'");
                } else {
                    lat = pi.lat();
                    lon = pi.lon();
                }
            }
            hasNear = true;
            nearLat = lat;
            nearLon = lon;
            nearKm = f.near.km == null ? 0 : f.near.km;
        } else {
            hasNear = false;
            nearLat = nearLon = nearKm = 0;
        }
        agencies = folded(f.agencies);
        sources = f.sources.isEmpty() ? null : new HashSet<>(f.sources);
        languages = f.languages.isEmpty() ? null : lower(f.languages);
        events = f.events.isEmpty() ? Set.of("new", "updated", "canceled") : new HashSet<>(f.events);
        maxUrgency = f.maxUrgency;
        prefersSources = f.sourceOrder != null && !f.sourceOrder.isEmpty();
    }

    /** Compiles; problems (unknown place names) are added to {@code problems}, those criteria then match nothing. */
    public static CompiledFilter compile(SubscriberSpec.Filter f, PlaceLookup lookup, List<String> problems) {
        return new CompiledFilter(f == null ? new SubscriberSpec.Filter() : f, lookup, problems);
    }

    /** Compiles, failing on any problem. */
    public static CompiledFilter compile(SubscriberSpec.Filter f, PlaceLookup lookup) {
        List<String> problems = new ArrayList<>();
        CompiledFilter c = compile(f, lookup, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return c;
    }

    private static PlaceLookup.PlaceInfo resolve(String p, PlaceLookup lookup) {
        String s = p.strip();
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            return lookup.byId(Long.parseLong(s));
        }
        List<PlaceLookup.PlaceInfo> found = lookup.byName(s);
        return found.isEmpty() ? null : found.get(0);
    }

    /** For a radius: the first place of that name that has coordinates (the city, not the province). */
    private static PlaceLookup.PlaceInfo resolveWithCoordinates(String p, PlaceLookup lookup) {
        PlaceLookup.PlaceInfo direct = resolve(p, lookup);
        if (direct != null && direct.lat() != null) {
            return direct;
        }
        for (PlaceLookup.PlaceInfo i : lookup.byName(p.strip())) {
            if (i.lat() != null) {
                return i;
            }
        }
        return null;
    }

    private static String placeKey(String p, PlaceLookup lookup) {
        String s = p.strip();
        long id = ItemFacts.geonameId(s);
        if (id >= 0) {
            s = Long.toString(id);
        }
        boolean numeric = !s.isEmpty() && s.chars().allMatch(Character::isDigit);
        PlaceLookup.PlaceInfo info = resolve(s, lookup);
        if (info == null) {
            return numeric ? "g:" + s : null;
        }
        if (info.isCountry()) {
            return "c:" + info.countryCode();
        }
        if (info.isAdmin1() && info.admin1Code() != null) {
            return "a:" + info.countryCode() + "." + info.admin1Code();
        }
        return "g:" + info.id();
    }

    private static Set<String> folded(List<String> in) {
        if (in.isEmpty()) {
            return null;
        }
        Set<String> s = new HashSet<>();
        for (String a : in) {
            s.add(Text.fold(a.strip()));
        }
        return s;
    }

    private static Set<String> lower(List<String> in) {
        Set<String> s = new HashSet<>();
        for (String a : in) {
            s.add(a.strip().toLowerCase(Locale.ROOT));
        }
        return s;
    }

    /** True when the item passes every criterion. Cheap criteria first. */
    public boolean matches(ItemFacts f) {
        // A later copy of a story is a candidate for a subscriber with a source order; the publish
        // stage then asks StoryPreference whether that copy's source is worth sending.
        if (!events.contains(f.kind) && !(prefersSources && "duplicate".equals(f.kind))) {
            return false;
        }
        if (languages != null && (f.language == null || !(languages.contains(f.language)
                || languages.contains(f.language.split("-")[0])))) {
            return false;
        }
        if (sources != null && (f.source == null || !sources.contains(f.source))) {
            return false;
        }
        if (maxUrgency != null && (f.urgency == null || f.urgency > maxUrgency)) {
            return false;
        }
        if (agencies != null && !intersects(agencies, f.agencies)) {
            return false;
        }
        if (placeKeys != null && !intersects(placeKeys, f.placeKeys)) {
            return false;
        }
        if (hasNear && !near(f)) {
            return false;
        }
        return keywords == null || keywords.matches(f);
    }

    private boolean near(ItemFacts f) {
        for (ItemFacts.ItemPlace p : f.places) {
            if (p.lat() != null && p.lon() != null && km(nearLat, nearLon, p.lat(), p.lon()) <= nearKm) {
                return true;
            }
        }
        return false;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> big = small == a ? b : a;
        for (String s : small) {
            if (big.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** Great-circle distance in km (haversine). */
    public static double km(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
