package io.wirehub.publish;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.Text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the filters look at, computed once per item and shared by every subscriber it is checked
 * against: folded words, places with their country and division, coordinates, agencies, feed,
 * language, event kind and urgency.
 */
public final class ItemFacts {
    /** A place of the item, completed from the gazetteer when it knows the id. */
    public record ItemPlace(long id, String countryCode, String admin1Code, Double lat, Double lon) {
    }

    final NinjsItem item;
    /** Folded words of headline, slugline, descriptions and body: made when a filter first asks (see {@link #words()}). */
    private String[] words;
    private Set<String> wordSet;
    final List<ItemPlace> places = new ArrayList<>();
    /** Index keys of the places: g:&lt;id&gt;, c:&lt;CC&gt;, a:&lt;CC&gt;.&lt;admin1&gt;. */
    final Set<String> placeKeys = new HashSet<>();
    final Set<String> agencies = new HashSet<>();
    final String source;
    final String language;
    /** new, updated, canceled, duplicate */
    final String kind;
    final Integer urgency;

    /**
     * The item's folded words, in order. Made on first use: an item checked only against subscribers
     * without a keyword filter (the hub's own output, most webhooks) never needs them, and folding a
     * whole body was a tenth of the publish step.
     */
    String[] words() {
        if (words == null) {
            StringBuilder sb = new StringBuilder();
            append(sb, item.headline());
            append(sb, item.slugline);
            for (NinjsItem.Text d : item.descriptions) {
                append(sb, d.value);
            }
            String body = item.bodyText();
            append(sb, body != null ? body : item.bodyHtml() == null ? null : io.wirehub.normalize.Html.toText(item.bodyHtml()));
            List<String> w = KeywordQuery.words(sb.toString());
            words = w.toArray(new String[0]);
            wordSet = new HashSet<>(w);
        }
        return words;
    }

    /** {@link #words()} as a set. */
    Set<String> wordSet() {
        words();
        return wordSet;
    }

    /**
     * @param event  item.new, item.updated, item.canceled or item.duplicate
     * @param source the feed id (null when unknown)
     */
    public ItemFacts(NinjsItem item, String event, String source, PlaceLookup lookup) {
        this.item = item;
        for (NinjsItem.Place p : item.places) {
            ItemPlace ip = place(p, lookup);
            if (ip == null) {
                continue;
            }
            places.add(ip);
            placeKeys.add("g:" + ip.id());
            if (ip.countryCode() != null) {
                placeKeys.add("c:" + ip.countryCode());
                if (ip.admin1Code() != null) {
                    placeKeys.add("a:" + ip.countryCode() + "." + ip.admin1Code());
                }
            }
        }
        for (NinjsItem.Concept c : item.infoSources) {
            if (c.name != null) {
                agencies.add(Text.fold(c.name.strip()));
            }
        }
        this.source = source != null ? source : item.altId("feed");
        this.language = item.language == null ? null : item.language.toLowerCase(Locale.ROOT);
        this.kind = event == null ? "new" : event.startsWith("item.") ? event.substring(5) : event;
        this.urgency = item.urgency;
    }

    private static void append(StringBuilder sb, String s) {
        if (s != null) {
            sb.append(s).append('\n');
        }
    }

    /** The GeoNames id of a place uri https://sws.geonames.org/&lt;id&gt;/, or -1. */
    public static long geonameId(String uri) {
        if (uri == null) {
            return -1;
        }
        int end = uri.length();
        while (end > 0 && uri.charAt(end - 1) == '/') {
            end--; // trailing slashes off, without a regex compiled per place of every item
        }
        String s = uri.substring(0, end);
        int slash = s.lastIndexOf('/');
        if (!s.contains("geonames.org")) {
            return -1;
        }
        try {
            return Long.parseLong(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ItemPlace place(NinjsItem.Place p, PlaceLookup lookup) {
        long id = geonameId(p.uri);
        Double lat = null;
        Double lon = null;
        if (p.geoJSON != null && p.geoJSON.get("coordinates") instanceof List<?> c && c.size() >= 2
                && c.get(0) instanceof Number x && c.get(1) instanceof Number y) {
            lon = x.doubleValue();
            lat = y.doubleValue();
        }
        if (id < 0) {
            return lat == null ? null : new ItemPlace(-1, null, null, lat, lon);
        }
        PlaceLookup.PlaceInfo info = lookup.byId(id);
        if (info == null) {
            return new ItemPlace(id, null, null, lat, lon);
        }
        return new ItemPlace(id, info.countryCode(), info.isCountry() ? null : info.admin1Code(),
                lat != null ? lat : info.lat(), lon != null ? lon : info.lon());
    }

    public List<ItemPlace> places() {
        return places;
    }

    public String kind() {
        return kind;
    }

    public NinjsItem item() {
        return item;
    }
}
