package io.wirehub.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.wirehub.HubConfig;
import io.wirehub.normalize.FeedContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One polled feed, as declared in {@code config/feeds.yaml}.
 *
 * <pre>
 * feeds:
 *   - id: vietnamplus-fr
 *     url: https://fr.vietnamplus.vn/rss/home.rss
 *     format: auto          # auto | rss | atom | jsonfeed (or any agency format)
 *     agency: VNA
 *     language: fr          # used when the feed declares none
 *     interval: 10m
 *     enabled: true
 *     allowPrivate: false   # true: this feed (only) may reach its own host on a private address
 *     owner: desk@example.org   # or https://hooks.example.org/feeds: alerts when the feed breaks or recovers
 *     overrides: { readTimeout: 30s, totalTimeout: 60s, maxBytes: 20000000, userAgent: ... }
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class FeedConfig {
    public String id;
    public String url;
    public String format = "auto";
    public String agency;
    public String language;
    public String interval = "10m";
    public boolean enabled = true;
    /**
     * The feed's host may be on a loopback, private or link-local address (an agency box on the
     * LAN). It holds for this feed's own requests to that host only: other feeds, subscribers and
     * the hosts this feed redirects to are still guarded. Also accepted in {@code overrides}.
     */
    public Boolean allowPrivate;
    /**
     * Who hears when the feed breaks, goes silent, overflows or recovers: a mail address or a
     * webhook URL (signed, through the outbox; the same private-address rules as subscribers, and
     * {@link #allowPrivate} lets it reach a private host). Null = nobody.
     */
    public String owner;
    public Map<String, String> overrides = new LinkedHashMap<>();
    /** The keys {@code overrides} may hold. */
    static final List<String> OVERRIDES = List.of("allowPrivate", "maxBytes", "maxRedirects", "readTimeout", "totalTimeout", "userAgent");

    /** Reads and checks a feeds file; a bad file is refused whole, every problem listed ({@link io.wirehub.ConfigException}). */
    public static List<FeedConfig> load(Path file) {
        return FeedsFile.read(file, FeedConfig.class, c -> c.id, "feed", FeedConfig::problems);
    }

    /** The problems of this entry, each "key: what was found, what is expected"; empty when valid. */
    List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        if (url == null || url.isBlank()) {
            out.add("url is missing (the http(s) address of the feed)");
        } else {
            try {
                OutboundHttp.parse(url);
            } catch (IllegalArgumentException e) {
                out.add("url must be http(s) with a host: " + e.getMessage());
            }
        }
        checkDuration(out, "interval", interval);
        if (owner != null && !owner.isBlank() && !isMailOwner()) {
            try {
                OutboundHttp.parse(owner);
            } catch (IllegalArgumentException e) {
                out.add("owner must be a mail address or an http(s) URL: " + e.getMessage());
            }
        }
        if (overrides != null) {
            for (String k : overrides.keySet()) {
                if (!OVERRIDES.contains(k)) {
                    out.add("overrides: unknown key '" + k + "' (known here: " + String.join(", ", OVERRIDES) + ")");
                }
            }
            for (String k : List.of("readTimeout", "totalTimeout")) {
                checkDuration(out, "overrides." + k, overrides.get(k));
            }
            for (String k : List.of("maxBytes", "maxRedirects")) {
                String n = overrides.get(k);
                if (n != null && !n.strip().matches("\\d+")) {
                    out.add("overrides." + k + ": \"" + n + "\" is not a whole number");
                }
            }
        }
        return out;
    }

    private static void checkDuration(List<String> out, String key, String v) {
        if (v == null) {
            return;
        }
        try {
            HubConfig.parseDuration(v);
        } catch (IllegalArgumentException e) {
            out.add(key + ": " + e.getMessage());
        }
    }

    void validate(Path file) {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new io.wirehub.ConfigException(file + ": feed '" + id + "': " + p.get(0));
        }
    }

    /** The owner is a mail address (else a webhook URL). */
    public boolean isMailOwner() {
        return owner != null && !owner.contains("://") && owner.matches("[^@\\s<>\r\n]+@[^@\\s<>\r\n]+");
    }

    /** The hosts this feed's own requests may reach although private: its URL's host when it allows it. */
    public Set<String> allowedHosts() {
        boolean allow = Boolean.TRUE.equals(allowPrivate)
                || overrides != null && "true".equalsIgnoreCase(String.valueOf(overrides.get("allowPrivate")).strip());
        return allow ? Set.of(OutboundHttp.parse(url).getHost()) : Set.of();
    }

    public Duration intervalDuration() {
        return HubConfig.parseDuration(interval);
    }

    /** An override, else the hub-wide setting. */
    public String setting(HubConfig cfg, String overrideKey, String hubKey, String def) {
        String o = overrides == null ? null : overrides.get(overrideKey);
        return o != null ? o : cfg.get(hubKey, def);
    }

    public FeedContext context(String baseUrl) {
        return new FeedContext(id, agency, language, baseUrl, format);
    }
}
