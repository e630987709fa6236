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

    /**
     * Loads {@code dir/application.properties} over the reference settings shipped in the jar (so a
     * key the file leaves out has its documented default), with environment and system overrides.
     */
    public static HubConfig load(Path dir) {
        Properties p = defaults();
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
     * variable that names no known key becomes the dotted lower-case key. A {@code CAMEL_} variable
     * overrides a {@code camel.*} key of the settings ({@code CAMEL_SERVER_PORT}: each node of a
     * cluster on one host listens on its own port, set from the environment like the rest).
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
            } else if (e.getKey().startsWith("CAMEL_") && known.containsKey(e.getKey())) {
                p.setProperty(known.get(e.getKey()), e.getValue());
            }
        }
    }

    /** The environment variable that overrides a key: {@code wirehub.fetch.allowed-hosts} gives WIREHUB_FETCH_ALLOWED_HOSTS. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The reference settings shipped in the jar (the project's config/application.properties): every
     * key with its documented default. Commands that need no config/ folder (bench) start from them.
     */
    public static Properties defaults() {
        Properties p = new Properties();
        try (java.io.InputStream in = HubConfig.class.getResourceAsStream("/wirehub/application.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // no reference: nothing but the file
        }
        return p;
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
        String v = get(key, null);
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(where(key) + ": \"" + v + "\" is not a whole number");
        }
    }

    public long getLong(String key, long def) {
        String v = get(key, null);
        try {
            return v == null ? def : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(where(key) + ": \"" + v + "\" is not a whole number");
        }
    }

    public boolean getBool(String key, boolean def) {
        return Boolean.parseBoolean(get(key, Boolean.toString(def)));
    }

    /** A duration in any of the forms of {@link #parseDuration}; a wrong one names the file, the key and the forms. */
    public Duration getDuration(String key, Duration def) {
        String v = get(key, null);
        try {
            return v == null ? def : parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(key) + ": " + e.getMessage());
        }
    }

    /** Where a key is set, for messages: {@code config/application.properties: wirehub.dedupe.window}. */
    public String where(String key) {
        String env = envName(key);
        if (System.getenv(env) != null) {
            return "environment " + env;
        }
        if (System.getProperty(key) != null) {
            return "-D" + key;
        }
        if (configDir == null) {
            return "application.properties: " + key;
        }
        Path file = configDir.resolve("application.properties");
        int line = lineOf(file, key);
        return file + (line > 0 ? ": line " + line : "") + ": " + key;
    }

    /** The line (1-based) where a properties file last sets {@code key} (the one that counts), else 0. */
    static int lineOf(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            java.util.regex.Pattern p = java.util.regex.Pattern.compile("^\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:\\s].*|^\\s*"
                    + java.util.regex.Pattern.quote(key) + "$");
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (p.matcher(lines.get(i)).matches()) {
                    found = i + 1;
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The duration forms accepted, for messages. */
    public static final String DURATION_FORMS = "write a number and a unit (500ms, 30s, 10m, 10min, 10 minutes, 2h, 2 hours, 1d, 2 days) or ISO-8601 (PT10M)";

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(\\d+)\\s*([a-z]*)");

    /**
     * Parses a duration as users write it: {@code 500ms}, {@code 30s}, {@code 30 sec}, {@code 10m},
     * {@code 10min}, {@code 10 minutes}, {@code 2h}, {@code 2 hours}, {@code 1d}, {@code 2 days},
     * ISO-8601 ({@code PT10M}, {@code P2D}); a bare number is seconds.
     *
     * @throws IllegalArgumentException naming the value and the forms accepted
     */
    public static Duration parseDuration(String v) {
        String s = v == null ? "" : v.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("\"" + v + "\" is not a duration; " + DURATION_FORMS);
            }
        }
        java.util.regex.Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + v + "\" is too large a duration");
            }
            switch (m.group(2)) {
                case "", "s", "sec", "secs", "second", "seconds" -> {
                    return Duration.ofSeconds(n);
                }
                case "ms", "millis", "millisecond", "milliseconds" -> {
                    return Duration.ofMillis(n);
                }
                case "m", "min", "mins", "minute", "minutes" -> {
                    return Duration.ofMinutes(n);
                }
                case "h", "hr", "hrs", "hour", "hours" -> {
                    return Duration.ofHours(n);
                }
                case "d", "day", "days" -> {
                    return Duration.ofDays(n);
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException("\"" + v + "\" is not a duration; " + DURATION_FORMS);
    }

    /** A path setting, relative paths resolved against the working directory. */
    public Path getPath(String key, String def) {
        return Path.of(get(key, def));
    }
}
