package io.wirehub;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The logging settings of the running hub (log4j2 behind slf4j): {@code wirehub.log.config} (a
 * log4j2 file of the user's; by default {@code log4j2.xml} in the config folder when there is
 * one), {@code wirehub.log.format} ({@code text}, or {@code json}: one JSON object a line in the
 * Elastic Common Schema) and {@code wirehub.log.level.<package or class>=<level>}.
 */
public final class Logging {
    /** Prefix of the per-package level settings. */
    public static final String LEVEL_PREFIX = "wirehub.log.level.";

    private Logging() {
    }

    /**
     * Applies the settings; a wrong one is a {@link ConfigException} naming the key.
     */
    public static void apply(HubConfig cfg) {
        List<String> problems = new ArrayList<>();
        String format = cfg.get("wirehub.log.format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            problems.add(cfg.where("wirehub.log.format") + ": \"" + format + "\" is not text or json");
        }
        String file = cfg.get("wirehub.log.config", null);
        Path config = null;
        if (file != null) {
            config = cfg.configDir() == null ? Path.of(file) : cfg.configDir().resolve(file);
            if (!Files.isRegularFile(config)) {
                problems.add(cfg.where("wirehub.log.config") + ": no such file " + config.toAbsolutePath().normalize());
            }
        } else if (cfg.configDir() != null && Files.isRegularFile(cfg.configDir().resolve("log4j2.xml"))) {
            config = cfg.configDir().resolve("log4j2.xml");
        }
        List<String[]> levels = new ArrayList<>();
        for (String k : new TreeSet<>(cfg.properties().stringPropertyNames())) {
            if (k.startsWith(LEVEL_PREFIX) && k.length() > LEVEL_PREFIX.length()) {
                String v = cfg.get(k, "");
                if (Level.getLevel(v.toUpperCase(Locale.ROOT)) == null) {
                    problems.add(cfg.where(k) + ": \"" + v + "\" is not a level (off, error, warn, info, debug, trace, all)");
                } else {
                    levels.add(new String[]{k.substring(LEVEL_PREFIX.length()), v.toUpperCase(Locale.ROOT)});
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        boolean changed = !format.equals(System.getProperty("wirehub.log.format", "text"));
        System.setProperty("wirehub.log.format", format);
        if (config != null) {
            Configurator.reconfigure(config.toUri());
        } else if (changed) {
            Configurator.reconfigure();
        }
        for (String[] l : levels) {
            Configurator.setLevel(l[0], Level.getLevel(l[1]));
        }
    }

    /** Logs go to stderr: for commands whose stdout carries data (process, normalize, geotag). */
    public static void toStderr() {
        if (!"SYSTEM_ERR".equals(System.getProperty("wirehub.log.target"))) {
            System.setProperty("wirehub.log.target", "SYSTEM_ERR");
            Configurator.reconfigure();
        }
    }
}
