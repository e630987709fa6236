package io.wirehub.publish;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wirehub.store.Durability;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subscribers: persisted in the hub's database (table {@code subscriber}), seeded from
 * {@code config/subscribers.yaml} and changed through the REST API. Keeps the compiled subscribers
 * and their {@link SubscriberIndex} in memory, rebuilt on every change.
 */
public final class SubscriberStore {
    /** The spec mapper: unknown properties are an error, so a typo in a filter is not silently ignored. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Origin of the built-in subscriber (the hub's out/ folder, set by wirehub.out.enabled). */
    public static final String BUILTIN = "builtin";
    /** Origin of a subscriber declared in subscribers.yaml. */
    public static final String CONFIG = "config";
    /** Origin of a subscriber made through the REST API. */
    public static final String API = "api";
    /**
     * Origin of a feed owner's alert channel (feeds.yaml {@code owner:}): delivered through the
     * outbox like any subscriber, but never matched against items.
     */
    public static final String OWNER = "owner";
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** A spec that failed validation; {@link #problems} names each problem. */
    public static final class InvalidSubscriberException extends RuntimeException {
        public final List<String> problems;

        public InvalidSubscriberException(String id, List<String> problems) {
            super("subscriber " + id + ": " + String.join("; ", problems));
            this.problems = problems;
        }
    }

    private final DataSource ds;
    private final PlaceLookup lookup;
    private volatile Map<String, Subscriber> byId = Map.of();
    private volatile SubscriberIndex index = new SubscriberIndex(List.of());
    /** Ids of the feed owners' alert channels (never matched against items). */
    private java.util.Set<String> owners = java.util.Set.of();
    /** The change counter's value the subscribers in memory reflect (see {@link #refresh()}). */
    private long version;
    /** Runs after subscribers changed on another node (the outbox worker looks again). */
    private volatile Runnable onChange = () -> {
    };

    public SubscriberStore(DataSource ds, PlaceLookup lookup) {
        this.ds = ds;
        this.lookup = lookup;
    }

    /** Validates and compiles; throws {@link InvalidSubscriberException} listing every problem. */
    public Subscriber compile(SubscriberSpec spec, boolean enabled) {
        List<String> problems = new ArrayList<>(spec.validate());
        CompiledFilter f = null;
        if (problems.isEmpty()) {
            f = CompiledFilter.compile(spec.filter, lookup, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscriberException(spec.id, problems);
        }
        return new Subscriber(spec, f, enabled);
    }

    /**
     * Reads {@code subscribers.yaml} ({@code subscribers: [...]}, {@code ${env:NAME}} replaced from
     * the environment) and stores each valid one (origin config). A missing file declares none.
     * Returns every problem, one line each naming the file, the entry, its line and the key; the
     * hub refuses to start on any (as for feeds.yaml). A disabled entry that does not validate
     * (a sample whose secrets this environment does not set) is left out quietly.
     */
    public List<String> loadConfig(Path file) throws IOException {
        List<String> errors = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            reload();
            return errors;
        }
        String text = substituteEnv(Files.readString(file));
        List<io.wirehub.ConfigFile.Entry> entries;
        try {
            entries = io.wirehub.ConfigFile.entries(file, text, "subscribers");
        } catch (io.wirehub.ConfigException e) {
            reload();
            return new ArrayList<>(e.problems());
        }
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (io.wirehub.ConfigFile.Entry e : entries) {
            String at = file + ": " + e.label("subscriber") + ": ";
            boolean disabled = e.node().path("enabled").isBoolean() && !e.node().path("enabled").asBoolean();
            try {
                SubscriberSpec spec = io.wirehub.ConfigFile.bind(JSON, e, SubscriberSpec.class);
                if (spec.id != null && ids.containsKey(spec.id)) {
                    errors.add(at + "id '" + spec.id + "' declared twice (first at line " + ids.get(spec.id) + ")");
                    continue;
                }
                ids.put(spec.id, e.line());
                store(spec, CONFIG);
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                errors.add(at + io.wirehub.ConfigFile.describe(ex));
            } catch (InvalidSubscriberException ex) {
                if (disabled) {
                    org.slf4j.LoggerFactory.getLogger(SubscriberStore.class)
                            .debug("disabled subscriber in {} not loaded: {}", file, ex.getMessage());
                } else {
                    ex.problems.forEach(pr -> errors.add(at + pr));
                }
            } catch (RuntimeException ex) {
                errors.add(at + ex.getMessage());
            }
        }
        if (errors.isEmpty()) {
            // The file is the list: a subscriber taken out of it stops receiving (only when the whole
            // file was read, so a mistake in it never deletes anyone).
            removeOthers(CONFIG, ids.keySet(), file.getFileName() + "");
        }
        reload();
        return errors;
    }

    /**
     * Deletes the subscribers of {@code origin} whose id is not in {@code keep} (taken out of the file
     * that declares them), each with a log line; their pending deliveries are dropped by the workers.
     * Does not rebuild the index.
     */
    public void removeOthers(String origin, java.util.Collection<String> keep, String from) {
        List<String> gone = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM subscriber WHERE origin = ?")) {
            ps.setString(1, origin);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!keep.contains(rs.getString(1))) {
                        gone.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscribers: " + e.getMessage(), e);
        }
        for (String id : gone) {
            update("DELETE FROM subscriber WHERE id = ? AND origin = '" + origin.replace("'", "") + "'", id);
            org.slf4j.LoggerFactory.getLogger(SubscriberStore.class).info("subscriber {} removed: no longer in {}", id, from);
        }
    }

    /**
     * The problems of a subscribers file without storing anything (the check before start): YAML,
     * unknown keys, values, duplicate ids. Names the file, the entry, its line and the key.
     * Whether places and countries exist is checked when the hub loads the file.
     */
    public static List<String> check(Path file) {
        List<String> errors = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return errors;
        }
        String text;
        try {
            text = substituteEnv(Files.readString(file));
        } catch (IOException e) {
            return List.of(file + ": cannot be read: " + e.getMessage());
        }
        List<io.wirehub.ConfigFile.Entry> entries;
        try {
            entries = io.wirehub.ConfigFile.entries(file, text, "subscribers");
        } catch (io.wirehub.ConfigException e) {
            return e.problems();
        }
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (io.wirehub.ConfigFile.Entry e : entries) {
            String at = file + ": " + e.label("subscriber") + ": ";
            boolean disabled = e.node().path("enabled").isBoolean() && !e.node().path("enabled").asBoolean();
            try {
                SubscriberSpec spec = io.wirehub.ConfigFile.bind(JSON, e, SubscriberSpec.class);
                if (spec.id != null && ids.containsKey(spec.id)) {
                    errors.add(at + "id '" + spec.id + "' declared twice (first at line " + ids.get(spec.id) + ")");
                }
                ids.putIfAbsent(spec.id, e.line());
                if (!disabled) {
                    spec.validate().forEach(pr -> errors.add(at + pr));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                errors.add(at + io.wirehub.ConfigFile.describe(ex));
            }
        }
        return errors;
    }

    static String substituteEnv(String text) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = System.getenv(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Creates or replaces a subscriber (keeps its enabled flag when it exists). */
    public Subscriber put(SubscriberSpec spec, String origin) {
        store(spec, origin);
        refresh();
        return byId.get(spec.id);
    }

    /**
     * Moves the subscribers' change counter on, in the caller's transaction, and returns its new
     * value. The counter's row lock orders concurrent writers (on any node), so versions become
     * visible in order and a node that has read version {@code v} has seen every change up to it.
     */
    static long bump(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_counter SET version = version + 1 WHERE name = 'subscriber'")) {
            ps.executeUpdate();
        }
        return counter(c);
    }

    private static long counter(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM change_counter WHERE name = 'subscriber'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Runs {@code r} whenever {@link #refresh()} finds subscribers changed. */
    public void onChange(Runnable r) {
        this.onChange = r == null ? () -> {
        } : r;
    }

    /**
     * Picks up the changes made since this node last looked, by any node: one indexed read of the
     * change counter when nothing changed; otherwise only the subscribers whose version is newer are
     * read and compiled again (the others are kept compiled), deleted ones are dropped, and the index
     * is rebuilt from the compiled subscribers. Every node runs it every
     * {@code wirehub.cluster.sync-interval}; a change made on this node runs it at once.
     *
     * @return true when something changed
     */
    public synchronized boolean refresh() {
        Map<String, Subscriber> m = new LinkedHashMap<>(byId);
        java.util.Set<String> own = new java.util.HashSet<>(owners);
        long current;
        int changed = 0;
        int removed = 0;
        try (Connection c = ds.getConnection()) {
            current = counter(c);
            if (current == version) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, spec, enabled, origin FROM subscriber WHERE version > ?")) {
                ps.setLong(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        m.remove(id);
                        own.remove(id);
                        read(rs, m, own);
                        changed++;
                    }
                }
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM subscriber"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            for (java.util.Iterator<String> it = m.keySet().iterator(); it.hasNext(); ) {
                String id = it.next();
                if (!ids.contains(id)) {
                    it.remove();
                    own.remove(id);
                    removed++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscribers: " + e.getMessage(), e);
        }
        boolean first = version == 0;
        install(m, own, current);
        if (!first) {
            org.slf4j.LoggerFactory.getLogger(SubscriberStore.class).debug(
                    "subscribers at version {}: {} changed, {} removed, {} in all", current, changed, removed, m.size());
            onChange.run();
        }
        return true;
    }

    private void install(Map<String, Subscriber> m, java.util.Set<String> own, long v) {
        // sorted by id, as a full reload lists them
        Map<String, Subscriber> sorted = new LinkedHashMap<>();
        m.keySet().stream().sorted().forEach(id -> sorted.put(id, m.get(id)));
        byId = sorted;
        owners = own;
        version = v;
        // feed owners get alerts only, never items
        index = new SubscriberIndex(sorted.values().stream().filter(x -> !own.contains(x.id())).toList());
    }

    /** Compiles one row (id, spec, enabled, origin) into {@code m}; an unreadable one is logged and skipped. */
    private void read(ResultSet rs, Map<String, Subscriber> m, java.util.Set<String> own) throws SQLException {
        try {
            SubscriberSpec spec = JSON.readValue(rs.getString(2), SubscriberSpec.class);
            List<String> problems = new ArrayList<>();
            CompiledFilter f = CompiledFilter.compile(spec.filter, lookup, problems);
            m.put(spec.id, new Subscriber(spec, f, rs.getBoolean(3)));
            if (OWNER.equals(rs.getString(4))) {
                own.add(spec.id);
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SubscriberStore.class)
                    .warn("subscriber {} cannot be read, skipped: {}", rs.getString(1), e.getMessage());
        }
    }

    /** Validates and writes, without rebuilding the index (config loading rebuilds once at the end). */
    private void store(SubscriberSpec spec, String origin) {
        Subscriber s = compile(spec, spec.enabled == null || spec.enabled);
        try {
            String json = JSON.writeValueAsString(spec);
            // the API answers once the subscription is on disk
            changed(c -> {
                long v = bump(c);
                int n;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE subscriber SET spec = ?, origin = ?, updated_at = ?, version = ?" + (spec.enabled != null ? ", enabled = ?" : "")
                                + (Boolean.TRUE.equals(spec.enabled) ? ", disabled_reason = NULL" : "")
                                + " WHERE id = ?")) {
                    ps.setString(1, json);
                    ps.setString(2, origin);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                    ps.setLong(4, v);
                    int i = 5;
                    if (spec.enabled != null) {
                        ps.setBoolean(i++, spec.enabled);
                    }
                    ps.setString(i, spec.id);
                    n = ps.executeUpdate();
                }
                if (n == 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO subscriber (id, spec, origin, enabled, updated_at, version) VALUES (?,?,?,?,?,?)")) {
                        ps.setString(1, spec.id);
                        ps.setString(2, json);
                        ps.setString(3, origin);
                        ps.setBoolean(4, s.enabled());
                        ps.setTimestamp(5, Timestamp.from(Instant.now()));
                        ps.setLong(6, v);
                        n = ps.executeUpdate();
                    }
                }
                return n;
            });
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot store subscriber " + spec.id + ": " + e.getMessage(), e);
        }
    }

    /** True when it existed. Its pending deliveries are dropped by the workers. */
    public boolean delete(String id) {
        int n = update("DELETE FROM subscriber WHERE id = ?", id);
        refresh();
        return n > 0;
    }

    /** Stops delivering to a subscriber (410 Gone from its webhook, or by the API). */
    public void disable(String id, String reason) {
        try {
            changed(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE subscriber SET enabled = FALSE, disabled_reason = ?, updated_at = ?, version = ? WHERE id = ?")) {
                    long v = bump(c);
                    ps.setString(1, reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000));
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.setLong(3, v);
                    ps.setString(4, id);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot disable subscriber " + id + ": " + e.getMessage(), e);
        }
        refresh();
    }

    /** Marks one mail channel unsubscribed (RFC 8058 one-click); true when it was subscribed. */
    public boolean unsubscribe(String id, int channel) {
        Subscriber s = byId.get(id);
        if (s == null || channel < 0 || channel >= s.spec().channels.size()) {
            return false;
        }
        SubscriberSpec spec = copy(s.spec());
        SubscriberSpec.Channel ch = spec.channels.get(channel);
        if (Boolean.TRUE.equals(ch.unsubscribed)) {
            return false;
        }
        ch.unsubscribed = true;
        put(spec, origin(id));
        return true;
    }

    /** Where a subscriber comes from: {@link #BUILTIN}, {@link #CONFIG} or {@link #API} (also for an unknown id). */
    public String origin(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT origin FROM subscriber WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : API;
            }
        } catch (SQLException e) {
            return API;
        }
    }

    private int update(String sql, String id) {
        try {
            return changed(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bump(c);
                    ps.setString(1, id);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A change of the subscribers in one transaction (with its counter bump); on disk when it returns. */
    private interface Change {
        int apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code change} in one transaction, rolled back on any failure, then flushed: an API call
     * answers, and the other nodes see the counter move, only once the change is on disk.
     */
    private int changed(Change change) throws SQLException {
        try (Connection c = ds.getConnection()) {
            int n;
            c.setAutoCommit(false);
            try {
                n = change.apply(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            Durability.flush(c);
            return n;
        }
    }

    /** Re-reads every subscriber from the database and rebuilds the index. */
    public synchronized void reload() {
        Map<String, Subscriber> m = new LinkedHashMap<>();
        java.util.Set<String> own = new java.util.HashSet<>();
        long current;
        try (Connection c = ds.getConnection()) {
            current = counter(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT id, spec, enabled, origin FROM subscriber ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read(rs, m, own);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscribers: " + e.getMessage(), e);
        }
        install(m, own, current);
    }

    /** The subscriber (enabled or not), or null. */
    public Subscriber get(String id) {
        return byId.get(id);
    }

    public Collection<Subscriber> all() {
        return byId.values();
    }

    /** Why a subscriber is disabled, or null. */
    public String disabledReason(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT disabled_reason FROM subscriber WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    public SubscriberIndex index() {
        return index;
    }

    /** A deep copy (specs in memory are shared and never modified). */
    public static SubscriberSpec copy(SubscriberSpec s) {
        return JSON.convertValue(JSON.valueToTree(s), SubscriberSpec.class);
    }
}
