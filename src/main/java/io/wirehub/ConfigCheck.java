package io.wirehub;

import io.wirehub.ingest.FeedConfig;
import io.wirehub.ingest.PushFeed;
import io.wirehub.publish.SubscriberStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the whole configuration before the hub starts, so a user sees every mistake at once:
 * the values of application.properties against the kind of their key (a duration, a whole number,
 * true/false, as in the reference file shipped in the jar), and every entry of feeds.yaml,
 * push.yaml and subscribers.yaml. An unknown {@code wirehub.*} key is a warning naming the
 * nearest known key.
 */
public final class ConfigCheck {
    /** Keys the hub reads that the reference application.properties leaves out on purpose. */
    private static final Set<String> EXTRA_KEYS = Set.of("wirehub.bench.h2-options", "wirehub.geotag.debug",
            "wirehub.ninjs.schema", "wirehub.log.config", "wirehub.log.format");
    private static final Properties REFERENCE = reference();

    private ConfigCheck() {
    }

    private static Properties reference() {
        Properties p = new Properties();
        try (InputStream in = ConfigCheck.class.getResourceAsStream("/wirehub/application.properties")) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // no reference: no check of keys
        }
        return p;
    }

    /** The {@code wirehub.*} keys the hub knows. */
    public static Set<String> knownKeys() {
        Set<String> k = new TreeSet<>(EXTRA_KEYS);
        for (String s : REFERENCE.stringPropertyNames()) {
            if (s.startsWith("wirehub.")) {
                k.add(s);
            }
        }
        return k;
    }

    /** One warning per unknown {@code wirehub.*} key, with the nearest known key. */
    public static List<String> warnings(HubConfig cfg) {
        List<String> out = new ArrayList<>();
        Set<String> known = knownKeys();
        if (REFERENCE.isEmpty()) {
            return out;
        }
        for (String k : new TreeSet<>(cfg.properties().stringPropertyNames())) {
            if (k.startsWith("wirehub.") && !known.contains(k) && !k.startsWith(Logging.LEVEL_PREFIX)) {
                String near = nearest(k, known);
                out.add(cfg.where(k) + ": unknown setting, ignored" + (near == null ? "" : "; did you mean " + near + "?"));
            }
        }
        return out;
    }

    /**
     * Why the embedded HTTP server cannot listen where it is told to, or null. Checked before start:
     * Vert.x only logs a bind failure and the hub would run, saying it listens, with no API, push or
     * health endpoint (the port is free again a moment later only if the other program stops).
     */
    public static String listenProblem(HubConfig cfg) {
        if (!cfg.getBool("camel.server.enabled", true)) {
            return null;
        }
        String host = cfg.get("camel.server.host", "0.0.0.0");
        String port = cfg.get("camel.server.port", "8080");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            return cfg.where("camel.server.port") + ": \"" + port + "\" is not a port number (0 to 65535)";
        }
        if (Integer.parseInt(port) == 0) {
            return null; // any free port
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, Integer.parseInt(port)));
            return null;
        } catch (java.io.IOException e) {
            return cfg.where("camel.server.port") + ": cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): another program (or another wirehub) uses it; set camel.server.port (CAMEL_SERVER_PORT) to a free port";
        }
    }

    /** What stops a start: every mistake of {@link #problems}, then a port the server cannot listen on. */
    public static List<String> startProblems(HubConfig cfg) {
        List<String> out = new ArrayList<>(problems(cfg));
        String listen = listenProblem(cfg);
        if (listen != null) {
            out.add(listen);
        }
        return out;
    }

    /** Every mistake of the configuration: values of application.properties, then the feeds, push and subscribers files. */
    public static List<String> problems(HubConfig cfg) {
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(cfg.properties().stringPropertyNames())) {
            String ref = REFERENCE.getProperty(k);
            String v = cfg.get(k, null);
            if (ref == null || ref.isBlank() || v == null || v.equals(ref.strip())) {
                continue;
            }
            String r = ref.strip();
            if (r.matches("\\d+(ms|s|m|h|d)")) {
                try {
                    HubConfig.parseDuration(v);
                } catch (IllegalArgumentException e) {
                    out.add(cfg.where(k) + ": " + e.getMessage());
                }
            } else if (r.matches("\\d+(ms|s|m|h|d)(,\\d+(ms|s|m|h|d))+")) {
                for (String part : v.split(",")) {
                    try {
                        HubConfig.parseDuration(part);
                    } catch (IllegalArgumentException e) {
                        out.add(cfg.where(k) + ": " + e.getMessage() + " (a comma-separated list of durations)");
                    }
                }
            } else if (r.matches("\\d+")) {
                if (!v.matches("\\d+")) {
                    out.add(cfg.where(k) + ": \"" + v + "\" is not a whole number");
                }
            } else if (r.matches("\\d*\\.\\d+")) {
                try {
                    Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    out.add(cfg.where(k) + ": \"" + v + "\" is not a number (like " + r + ")");
                }
            } else if (r.equals("true") || r.equals("false")) {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    out.add(cfg.where(k) + ": \"" + v + "\" is not true or false");
                }
            }
        }
        try {
            FeedConfig.load(cfg.configDir().resolve(cfg.get("wirehub.feeds.file", "feeds.yaml")));
        } catch (ConfigException e) {
            out.addAll(e.problems());
        }
        try {
            PushFeed.load(cfg.configDir().resolve(cfg.get("wirehub.push.file", "push.yaml")));
        } catch (ConfigException e) {
            out.addAll(e.problems());
        }
        out.addAll(SubscriberStore.check(cfg.configDir().resolve(cfg.get("wirehub.subscribers.file", "subscribers.yaml"))));
        return out;
    }

    /** The known key nearest to {@code k} (edit distance at most a third of its length), else null. */
    static String nearest(String k, Set<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : known) {
            int d = distance(k, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= Math.max(2, k.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
