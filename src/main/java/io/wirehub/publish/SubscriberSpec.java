package io.wirehub.publish;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A subscriber as declared in {@code config/subscribers.yaml} or sent to {@code /api/subscribers}:
 * an id, one or more channels and a filter. {@link #validate()} names every problem at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = false)
public class SubscriberSpec {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public String id;
    public String name;
    public Boolean enabled;
    public Filter filter = new Filter();
    public List<Channel> channels = new ArrayList<>();

    /** What the subscriber wants. Every criterion given must match (absent = anything). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Filter {
        /** Keyword expression: words, "quoted phrases", AND, OR, NOT, parentheses (accent/case-insensitive). */
        public String keywords;
        /** GeoNames ids or names; a country or first-level division contains its places. */
        public List<String> places = new ArrayList<>();
        /** Within {@code km} of a point. */
        public Near near;
        /** Agencies in the item's credit chain (infoSources), e.g. AFP. */
        public List<String> agencies = new ArrayList<>();
        /** Feed ids the item came from. */
        public List<String> sources = new ArrayList<>();
        /** Language codes (fr, en, vi); a regional tag fr-CA matches fr. */
        public List<String> languages = new ArrayList<>();
        /** Event kinds: new, updated, canceled, duplicate (default: all but duplicate). */
        public List<String> events = new ArrayList<>();
        /**
         * Preferred sources of a story, best first (e.g. AFP, VNA, CVN). The story still comes once,
         * from its first copy; a later copy comes too when its source ranks above every copy already
         * sent (the agency's own dispatch after an outlet's republication).
         */
        public List<String> sourceOrder = new ArrayList<>();
        /** Most urgent first (1): only items with urgency at most this. */
        public Integer maxUrgency;
    }

    /** A point and a radius. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Near {
        public Double lat;
        public Double lon;
        public Double km;
        /** Optional: a place name or GeoNames id instead of lat/lon (resolved through the gazetteer). */
        public String place;
    }

    /** One way of delivering: webhook, mail, file or atom. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Channel {
        /** webhook | mail | file | atom */
        public String type;
        // webhook
        public String url;
        /** Signing secrets, whsec_...; during a key rotation several, each signing every request. */
        public List<String> secrets = new ArrayList<>();
        /** Allow a loopback/private address for this webhook (a receiver on the LAN). */
        public Boolean allowPrivate;
        /** In-flight requests at most for this subscriber (default wirehub.webhook.max-concurrency). */
        public Integer maxConcurrency;
        // mail
        public List<String> to = new ArrayList<>();
        /** alert (one mail per item) | hourly | daily */
        public String mode;
        /** For daily digests: hour of day 0-23 in {@link #timeZone}. */
        public Integer hour;
        public String timeZone;
        // file
        public String dir;
        /** ninjs (one JSON file per item), ndjson (one event envelope per line, a file per day) or hub (both, items as ninjs: the hub's own out/ layout) */
        public String format;
        // atom
        /** Items kept in the subscriber's Atom feed. */
        public Integer limit;
        /** Set by the one-click unsubscribe of a mail channel: nothing more is sent to it. */
        public Boolean unsubscribed;
    }

    /** The problems of this spec, empty when valid. */
    public List<String> validate() {
        List<String> errs = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            errs.add("id: required, lower-case letters, digits, '.', '_', '-' (at most 100)");
        }
        if (channels == null || channels.isEmpty()) {
            errs.add("channels: at least one");
        } else {
            for (int i = 0; i < channels.size(); i++) {
                validateChannel(channels.get(i), "channels[" + i + "]", errs);
            }
        }
        if (filter == null) {
            filter = new Filter();
        }
        // an explicit JSON null is "none", as an absent list is (not a NullPointerException later)
        filter.places = filter.places == null ? new ArrayList<>() : filter.places;
        filter.agencies = filter.agencies == null ? new ArrayList<>() : filter.agencies;
        filter.sources = filter.sources == null ? new ArrayList<>() : filter.sources;
        filter.languages = filter.languages == null ? new ArrayList<>() : filter.languages;
        filter.events = filter.events == null ? new ArrayList<>() : filter.events;
        filter.sourceOrder = filter.sourceOrder == null ? new ArrayList<>() : filter.sourceOrder;
        if (filter.keywords != null) {
            try {
                KeywordQuery.parse(filter.keywords);
            } catch (IllegalArgumentException e) {
                errs.add("filter.keywords: " + e.getMessage());
            }
        }
        if (filter.near != null) {
            Near n = filter.near;
            if (n.km == null || n.km <= 0 || n.km > 20_000) {
                errs.add("filter.near.km: required, between 0 and 20000");
            }
            if (n.place == null && (n.lat == null || n.lon == null || Math.abs(n.lat) > 90 || Math.abs(n.lon) > 180)) {
                errs.add("filter.near: lat (-90..90) and lon (-180..180), or place");
            }
        }
        for (String e : filter.events) {
            if (!List.of("new", "updated", "canceled", "duplicate").contains(e)) {
                errs.add("filter.events: unknown kind '" + e + "' (new, updated, canceled, duplicate)");
            }
        }
        if (filter.maxUrgency != null && (filter.maxUrgency < 1 || filter.maxUrgency > 9)) {
            errs.add("filter.maxUrgency: 1..9");
        }
        return errs;
    }

    private static void validateChannel(Channel c, String at, List<String> errs) {
        if (c == null || c.type == null) {
            errs.add(at + ".type: webhook, mail, file or atom");
            return;
        }
        switch (c.type) {
            case "webhook" -> {
                if (c.url == null || !(c.url.startsWith("https://") || c.url.startsWith("http://"))) {
                    errs.add(at + ".url: an http(s) URL");
                } else {
                    try {
                        java.net.URI u = java.net.URI.create(c.url);
                        if (u.getHost() == null) {
                            errs.add(at + ".url: no host");
                        }
                    } catch (IllegalArgumentException e) {
                        errs.add(at + ".url: " + e.getMessage());
                    }
                }
                if (c.secrets == null || c.secrets.isEmpty()) {
                    errs.add(at + ".secrets: at least one whsec_ secret");
                } else {
                    for (String s : c.secrets) {
                        if (!WebhookSigner.isValidSecret(s)) {
                            errs.add(at + ".secrets: each must be whsec_ followed by base64 (24 to 64 bytes)");
                        }
                    }
                }
            }
            case "mail" -> {
                if (c.to == null || c.to.isEmpty()) {
                    errs.add(at + ".to: at least one address");
                } else {
                    for (String a : c.to) {
                        if (!MailChannel.isValidAddress(a)) {
                            errs.add(at + ".to: not a plain address: " + a);
                        }
                    }
                }
                String mode = c.mode == null ? "alert" : c.mode;
                if (!List.of("alert", "hourly", "daily").contains(mode)) {
                    errs.add(at + ".mode: alert, hourly or daily");
                }
                if (c.hour != null && (c.hour < 0 || c.hour > 23)) {
                    errs.add(at + ".hour: 0..23");
                }
                if (c.timeZone != null) {
                    try {
                        java.time.ZoneId.of(c.timeZone);
                    } catch (Exception e) {
                        errs.add(at + ".timeZone: unknown zone " + c.timeZone);
                    }
                }
            }
            case "file" -> {
                if (c.dir == null || c.dir.isBlank()) {
                    errs.add(at + ".dir: required");
                }
                if (c.format != null && !List.of("ninjs", "ndjson", "hub").contains(c.format)) {
                    errs.add(at + ".format: ninjs, ndjson or hub");
                }
            }
            case "atom" -> {
                if (c.limit != null && (c.limit < 1 || c.limit > 1000)) {
                    errs.add(at + ".limit: 1..1000");
                }
            }
            default -> errs.add(at + ".type: webhook, mail, file or atom (not " + c.type + ")");
        }
    }
}
