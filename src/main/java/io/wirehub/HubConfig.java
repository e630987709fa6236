package io.wirehub;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The hub's settings: {@code config/application.properties}, then environment variables
 * ({@code WIREHUB_INBOX_DIR} overrides {@code wirehub.inbox.dir}), then system properties. The same
 * properties feed Camel's {@code {{placeholders}}} in routes/.
 */
public final class HubConfig {
    private final Path configDir;
    private final Properties props;

    private HubConfig(Path configDir, Properties props) {
        this.configDir = configDir;
        this.props = props;
    }

    /** Loads {@code dir/application.properties} with environment and system overrides. */
    public static HubConfig load(Path dir) {
        Properties p = new Properties();
        Path file = dir.resolve("application.properties");
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        applyEnvironment(p, System.getenv());
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("wirehub.") || k.startsWith("camel.")) {
                p.setProperty(k, System.getProperty(k));
            }
        }
        return new HubConfig(dir, p);
    }

    /**
     * Environment overrides: {@code WIREHUB_FETCH_ALLOWED_HOSTS} sets {@code wirehub.fetch.allowed-hosts}.
     * A variable names a key when both read the same with '.' and '-' as '_' and in capitals; a
     * variable that names no known key becomes the dotted lower-case key.
     */
    static void applyEnvironment(Properties p, Map<String, String> env) {
        Map<String, String> known = new java.util.HashMap<>();
        for (String k : p.stringPropertyNames()) {
            known.put(envName(k), k);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("WIREHUB_")) {
                String key = known.getOrDefault(e.getKey(), e.getKey().toLowerCase(Locale.ROOT).replace('_', '.'));
                p.setProperty(key, e.getValue());
            }
        }
    }

    /** The environment variable that overrides a key: {@code wirehub.fetch.allowed-hosts} gives WIREHUB_FETCH_ALLOWED_HOSTS. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Registry name of the settings every stage configuration reads. */
    public static final String BEAN = "hubConfig";

    /**
     * The settings of a running Camel context: the {@code hubConfig} bean when the launcher bound
     * one ({@link Hub}), else camel-main's own properties (application.properties, initial and
     * override properties) with the {@code WIREHUB_*} environment overrides, the config folder
     * being {@code wirehub.config.dir} (default {@code config}). Bound once, so every stage reads
     * the same settings.
     */
    public static synchronized HubConfig from(org.apache.camel.CamelContext ctx) {
        HubConfig cfg = ctx.getRegistry().lookupByNameAndType(BEAN, HubConfig.class);
        if (cfg != null) {
            return cfg;
        }
        Properties p = new Properties();
        p.putAll(ctx.getPropertiesComponent().loadProperties());
        applyEnvironment(p, System.getenv());
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("wirehub.")) {
                p.setProperty(k, System.getProperty(k));
            }
        }
        cfg = new HubConfig(Path.of(p.getProperty("wirehub.config.dir", "config")), p);
        ctx.getRegistry().bind(BEAN, cfg);
        return cfg;
    }

    /** Settings given in code (tests, CLI commands). */
    public static HubConfig of(Path dir, Properties p) {
        return new HubConfig(dir, p);
    }

    public Path configDir() {
        return configDir;
    }

    /** All properties (for Camel's property placeholders). */
    public Properties properties() {
        return props;
    }

    public String get(String key, String def) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? def : v.strip();
    }

    public int getInt(String key, int def) {
        return Integer.parseInt(get(key, Integer.toString(def)));
    }

    public long getLong(String key, long def) {
        return Long.parseLong(get(key, Long.toString(def)));
    }

    public boolean getBool(String key, boolean def) {
        return Boolean.parseBoolean(get(key, Boolean.toString(def)));
    }

    /** A duration written as ISO-8601 ({@code PT30S}) or as a number with unit ({@code 30s}, {@code 5m}, {@code 2h}, {@code 500ms}). */
    public Duration getDuration(String key, Duration def) {
        String v = get(key, null);
        return v == null ? def : parseDuration(v);
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 500ms} or ISO-8601. */
    public static Duration parseDuration(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1).strip());
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofSeconds(Long.parseLong(s));
        };
    }

    /** A path setting, relative paths resolved against the working directory. */
    public Path getPath(String key, String def) {
        return Path.of(get(key, def));
    }
}
