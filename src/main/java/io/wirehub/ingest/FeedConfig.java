package io.wirehub.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.wirehub.HubConfig;
import io.wirehub.normalize.FeedContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *     overrides: { readTimeout: 30s, totalTimeout: 60s, maxBytes: 20000000, userAgent: ..., allowPrivate: false }
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
    public Map<String, String> overrides = new LinkedHashMap<>();

    /** Reads and checks a feeds file; a bad file is refused whole with the reason. */
    public static List<FeedConfig> load(Path file) {
        List<FeedConfig> out = FeedsFile.read(file, FeedConfig.class, c -> c.id, "feed");
        for (FeedConfig c : out) {
            c.validate(file);
        }
        return out;
    }

    void validate(Path file) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(file + ": feed '" + id + "': url must be http(s), got '" + url + "'");
        }
        intervalDuration();
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
