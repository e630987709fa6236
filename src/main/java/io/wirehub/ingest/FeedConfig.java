package io.wirehub.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wirehub.HubConfig;
import io.wirehub.normalize.FeedContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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

    /** The feeds file: a list under {@code feeds:}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class File {
        @JsonProperty("feeds")
        public List<FeedConfig> feeds = new ArrayList<>();
    }

    /** Reads and checks a feeds file; a bad file is refused whole with the reason. */
    public static List<FeedConfig> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        File f;
        try {
            f = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), File.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        List<FeedConfig> out = f == null || f.feeds == null ? List.of() : f.feeds;
        Set<String> ids = new HashSet<>();
        for (FeedConfig c : out) {
            c.validate(file);
            if (!ids.add(c.id)) {
                throw new IllegalArgumentException(file + ": feed id '" + c.id + "' declared twice");
            }
        }
        return out;
    }

    void validate(Path file) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException(file + ": feed id '" + id + "' must be 1-100 letters, digits, '.', '_' or '-'");
        }
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
