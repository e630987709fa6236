package io.wirehub.dedupe;

import io.wirehub.Routes;
import io.wirehub.normalize.Dates;
import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsItem;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dedupe stage: one story, once. For each item it decides, in this order,
 * <ol>
 *   <li><b>same id</b> (guid or canonical URL, per feed): same content = dropped, changed content =
 *       {@code item.updated} with the next version, canceled = {@code item.canceled};</li>
 *   <li><b>same text</b> (body fingerprint without wire furniture) under another id: from the same
 *       feed it is the feed re-sending under a new guid (dropped, and counted: past a limit the feed's
 *       ids are not trusted and its items are keyed by content); from another source it is a
 *       {@code item.duplicate} of that story;</li>
 *   <li><b>same story</b> (MinHash/LSH over headline and lead, within the time window): a
 *       {@code item.duplicate} of that story;</li>
 *   <li>otherwise {@code item.new}, a new story.</li>
 * </ol>
 * Deciding reads the database only; the decision's {@link DedupeDecision#record(Connection)} writes
 * the state once the item was accepted downstream. Decisions taken but not yet recorded, and those
 * recorded in a transaction not yet committed (a group commit), are kept in memory so that a second
 * copy arriving meanwhile (later in the document, or on another feed's thread) is still recognized.
 */
public class Dedupe {
    private static final Logger LOG = LoggerFactory.getLogger(Dedupe.class);
    /** Altid role of the story id. */
    public static final String ROLE_STORY = "story";
    /** In-flight decisions older than this were never recorded (the item failed downstream) and are forgotten. */
    private static final long PENDING_TTL_MS = 10 * 60_000L;
    /** Rows with one text asked at most (the first stored): a text repeated by thousands of items must not make one lookup slow. */
    private static final int MAX_TEXT_ROWS = 100;
    /** Candidates verified per item at most: a flood of near-identical items must not make one lookup slow. */
    private static final int MAX_CANDIDATES = 200;

    private final DataSource ds;
    private final DedupeSettings settings;
    private final Clock clock;
    private final Map<String, Boolean> unstableFeeds = new ConcurrentHashMap<>();
    private final Map<String, Long> stableUntil = new ConcurrentHashMap<>();
    /** Decided, not yet recorded (the item is on its way downstream), by "d:" + key. */
    private final Map<String, Decision> pending = new ConcurrentHashMap<>();
    /**
     * Recorded in a transaction not yet committed, by "k:" + item key, "f:" + fingerprint and
     * "s:" + story id (the latest of the story): what the table will say once it is committed.
     */
    private final Map<String, Decision> staged = new ConcurrentHashMap<>();
    private final WindowIndex index = new WindowIndex();
    /** Where each stored item is, by key and text (the embedded H2, which only this hub writes); null on PostgreSQL. */
    private final LocalRows local;
    /** True on PostgreSQL: other hub nodes may record items, so the window index is topped up from the table. */
    private final boolean shared;
    private volatile long lastMaintained;
    private volatile Timestamp watermark;

    public Dedupe(DataSource ds, DedupeSettings settings) throws SQLException {
        this(ds, settings, Clock.systemUTC());
    }

    /** Opens the stage and loads the window's items into the LSH index. */
    public Dedupe(DataSource ds, DedupeSettings settings, Clock clock) throws SQLException {
        this.ds = ds;
        this.settings = settings;
        this.clock = clock;
        try (Connection c = ds.getConnection()) {
            this.shared = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            long t0 = System.nanoTime();
            local = shared ? null : LocalRows.load(c);
            if (local != null && local.size() > 0) {
                LOG.info("dedupe: {} stored id(s) and fingerprints loaded in {} ms", local.size(), (System.nanoTime() - t0) / 1_000_000);
            }
            watermark = Timestamp.from(clock.instant().minus(settings.window()));
            int n = loadSince(c, watermark);
            if (n > 0) {
                LOG.info("dedupe: {} item(s) of the last {} loaded into the same-story index", n, settings.window());
            }
        }
        lastMaintained = clock.millis();
    }

    /** Stored items the in-memory map of the embedded store knows, -1 on PostgreSQL (no map). */
    int mappedItems() {
        return local == null ? -1 : local.size();
    }

    /** Items in the same-story index (those that arrived within the window). */
    public int indexedItems() {
        return index.size();
    }

    /** Adds the items recorded since {@code since} (by any node) to the window index; returns how many. */
    private int loadSince(Connection c, Timestamp since) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + ", sketch, item_time, last_seen, language_tag FROM dedupe_item "
                + "WHERE last_seen > ? ORDER BY last_seen")) {
            ps.setTimestamp(1, since);
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp seen = rs.getTimestamp(11);
                    if (seen.after(watermark)) {
                        watermark = seen;
                    }
                    String key = rs.getString(1);
                    if (rs.getString(9) == null || pendingOrIndexed(key)) {
                        continue;
                    }
                    StorySketch sk = StorySketch.decode(rs.getString(9));
                    index.add(new WindowIndex.Entry(key, sk, rs.getTimestamp(10).getTime(), seen.getTime(),
                            sk.bandKeys(rs.getString(12), settings.bands(), settings.rows())));
                    n++;
                }
            }
        }
        return n;
    }

    private boolean pendingOrIndexed(String key) {
        return index.contains(key);
    }

    /** Evicts what left the window; on a shared database, picks up what other nodes recorded (at most once a second). */
    private void maintainIndex(Connection c) throws SQLException {
        long now = clock.millis();
        if (now - lastMaintained < 1000) {
            return;
        }
        lastMaintained = now;
        index.evictArrivedBefore(now - settings.window().toMillis());
        if (shared) {
            loadSince(c, watermark);
        }
    }

    public DedupeSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- Camel entry points

    /**
     * Route step: decides for the item in the body; sets {@link Routes#PROP_EVENT} (or removes it to
     * drop the item) and {@link Routes#PROP_DEDUPE} (the decision, recorded by the publish stage with the outbox rows).
     */
    public void decide(Exchange ex) throws SQLException, org.apache.camel.InvalidPayloadException {
        NinjsItem item = ex.getMessage().getMandatoryBody(NinjsItem.class);
        Decision d = decide(item);
        if (d.event() == null) {
            ex.removeProperty(Routes.PROP_EVENT);
            ex.removeProperty(Routes.PROP_DEDUPE);
        } else {
            ex.setProperty(Routes.PROP_EVENT, d.event());
            ex.setProperty(Routes.PROP_DEDUPE, d);
        }
    }

    /** Records a decision in a transaction of its own (the {@code process} command, tests). */
    public void recordNow(DedupeDecision d) throws SQLException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                d.record(c);
                c.commit();
                d.committed();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                d.rolledBack();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    // ---------------------------------------------------------------- decision

    /** Decides for one item (reads the state, writes nothing but the feed's guid-churn count). */
    public Decision decide(NinjsItem item) throws SQLException {
        Instant now = clock.instant();
        String scope = ItemKeys.scope(item);
        boolean unstable = isUnstable(scope);
        String id = unstable ? ItemKeys.contentId(item) : ItemKeys.id(item);
        // An id that is an absolute URI (urn:newsml:afp.com:..., a permalink) is unique by itself, so
        // the same item reaching us through two feeds of one agency is still one item; a bare guid
        // ("12345") only means something within its feed and outlet.
        String key = ItemKeys.key(!unstable && ItemKeys.isGlobal(id) ? "*" : scope, id);
        String body = item.bodyText();
        String contentHash = ItemIds.sha256Hex(item.headline(), "\u0000", body, "\u0000", item.pubStatus);
        // The body is cleaned and folded once, for both the fingerprint and the sketch.
        String sketchBody = body != null ? body : item.descriptions.isEmpty() ? null : item.descriptions.get(0).value;
        String normalized = TextFingerprint.normalize(TextFingerprint.stripFurniture(sketchBody));
        String fp = body == null ? null : TextFingerprint.ofNormalized(normalized);
        long keyHash = ItemKeys.hash64(key);
        long fpHash = fp == null ? 0 : ItemKeys.hash64(fp);
        StorySketch sketch = StorySketch.ofNormalized(TextFingerprint.normalize(item.headline()), normalized);
        Instant itemTime = itemTime(item, now);
        boolean canceled = "canceled".equalsIgnoreCase(item.pubStatus);
        List<String> itemSources = ItemKeys.sources(item);

        Decision d = new Decision(item, key, keyHash, scope, contentHash, fp, fpHash, sketch, itemTime, now);
        expirePending(now);
        try (Connection c = ds.getConnection()) {
            // A pending decision for this same key is not consulted: the same item arriving again before
            // its decision was recorded is a retry after a failure downstream, and is decided afresh.
            maintainIndex(c);
            Row row = findItem(c, key, keyHash);
            if (row == null) {
                Decision s = staged.get("k:" + key);
                row = s == null ? null : s.asRow();
            }
            // ...and neither are the pending copies that hang off its failed decision's story.
            Decision failed = pending.get("d:" + key);
            String failedStory = failed == null || failed.kind == Kind.COPY ? null : failed.storyId;
            if (row != null) {
                if (row.contentHash.equals(contentHash)) {
                    return d.drop("same id, same content (version " + row.version + ")");
                }
                int version = Math.max(row.version + 1, parseVersion(item.version));
                String event = canceled ? (row.copy ? DedupeDecision.DUPLICATE : DedupeDecision.CANCELED)
                        : row.copy ? DedupeDecision.DUPLICATE : DedupeDecision.UPDATED;
                item.uri = row.uri;
                return d.update(event, row, version, merge(storySources(c, row.storyId), itemSources),
                        canceled ? "same id, canceled" : "same id, content changed");
            }
            if (fp != null) {
                Row same = findByFingerprint(c, fp, fpHash);
                if (same == null) {
                    Decision s = staged.get("f:" + fp);
                    same = s == null ? null : s.asRow();
                }
                if (same == null) {
                    for (Decision p : pending.values()) {
                        if (fp.equals(p.fp) && !p.key.equals(key) && !p.storyId.equals(failedStory) && (same == null || same.copy())) {
                            same = p.asRow();
                        }
                    }
                }
                if (same != null) {
                    if (same.scope.equals(scope)) {
                        if (same.contentHash.equals(contentHash)) {
                            noteChurn(c, scope, now);
                            return d.drop("same text as " + same.uri + " from the same feed under a new id");
                        }
                        // same body, other headline or status, same feed: that item corrected under a new id
                        item.uri = same.uri;
                        return d.update(canceled ? DedupeDecision.CANCELED : same.copy ? DedupeDecision.DUPLICATE : DedupeDecision.UPDATED,
                                same, Math.max(same.version + 1, parseVersion(item.version)),
                                merge(storySources(c, same.storyId), itemSources), "same text as " + same.uri
                                        + " from the same feed under a new id, headline or status changed");
                    }
                    return d.copy(same.storyId, merge(storySources(c, same.storyId), itemSources),
                            "same text as " + same.uri);
                }
            }
            if (!canceled && sketch.shingles() >= settings.minShingles()) {
                Match m = bestMatch(c, item.language, sketch, itemTime, failedStory == null ? key : failedStory);
                if (m != null) {
                    if (unstable && m.row.scope.equals(scope)) {
                        item.uri = m.row.uri;
                        return d.update(DedupeDecision.UPDATED, m.row, Math.max(m.row.version + 1, parseVersion(item.version)),
                                merge(storySources(c, m.row.storyId), itemSources),
                                String.format("feed with unstable ids, same story as its own %s (similarity %.2f)", m.row.uri, m.similarity));
                    }
                    return d.copy(m.row.storyId, merge(storySources(c, m.row.storyId), itemSources),
                            String.format("same story as %s (similarity %.2f)", m.row.uri, m.similarity));
                }
            }
            return d.newStory(canceled ? DedupeDecision.CANCELED : DedupeDecision.NEW,
                    ItemKeys.storyId(now.toEpochMilli(), key), itemSources);
        }
    }

    record Match(Row row, double similarity) {
    }

    /** Level 3: LSH candidates from the window index (hash probes, no SQL), verified by similarity and time. */
    /** {@code exclude}: a key or story id whose pending (unrecorded) decisions are not candidates. */
    Match bestMatch(Connection c, String language, StorySketch sketch, Instant itemTime, String exclude) throws SQLException {
        maintainIndex(c);
        long[] bands = sketch.bandKeys(language, settings.bands(), settings.rows());
        long window = settings.window().toMillis();
        long t = itemTime.toEpochMilli();
        // The index holds keys, not rows (a row's strings would be most of its memory, for every item
        // of the window): the rows of the candidates that are similar enough are read here, best first.
        List<Map.Entry<String, Double>> similar = new ArrayList<>();
        for (WindowIndex.Entry e : index.candidates(bands, MAX_CANDIDATES)) {
            if (Math.abs(e.itemTime() - t) > window || e.sketch().shingles() < settings.minShingles()) {
                continue;
            }
            double sim = sketch.similarity(e.sketch());
            if (sim >= settings.threshold()) {
                similar.add(Map.entry(e.key(), sim));
            }
        }
        similar.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Match best = null;
        for (Map.Entry<String, Double> s : similar) {
            Row row = findItem(c, s.getKey());
            if (row == null) {
                Decision staging = staged.get("k:" + s.getKey());
                row = staging == null ? null : staging.asRow();
            }
            if (row != null) {
                best = new Match(row, s.getValue());
                break;
            }
        }
        for (Decision p : pending.values()) {
            if (p.sketch != null && p.bands != null && !p.key.equals(exclude) && !p.storyId.equals(exclude)
                    && p.sketch.shingles() >= settings.minShingles()
                    && Math.abs(p.itemTime.toEpochMilli() - itemTime.toEpochMilli()) <= settings.window().toMillis()) {
                double sim = sketch.similarity(p.sketch);
                if (sim >= settings.threshold() && (best == null || sim > best.similarity)) {
                    best = new Match(p.asRow(), sim);
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- state access

    /** A stored item. */
    record Row(String key, String scope, String uri, String contentHash, String fp, int version, String storyId, boolean copy) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getString(7), rs.getBoolean(8));
    }

    private static final String ROW_COLUMNS = "item_key, scope, uri, content_hash, text_fp, version, story_id, is_copy";

    /** Level 1 lookup: the item with this key, or null. */
    Row findItem(Connection c, String key) throws SQLException {
        return findItem(c, key, ItemKeys.hash64(key));
    }

    private Row findItem(Connection c, String key, long keyHash) throws SQLException {
        if (local != null) {
            long seq = local.id(keyHash);
            return seq == 0 ? null : rowAt(c, "item_key", key, seq);
        }
        // On a shared database another node may have recorded the id a moment ago: always ask the table.
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM dedupe_item WHERE key_hash = ? AND item_key = ?")) {
            ps.setLong(1, keyHash);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /** Level 2 lookup: the first stored item with this text, or null. */
    private Row findByFingerprint(Connection c, String fp, long fpHash) throws SQLException {
        if (local != null) {
            // the earliest item of the rows listed under this text that still have it, as below
            return rowAt(c, "text_fp", fp, local.texts(fpHash));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM dedupe_item WHERE fp_hash = ? AND text_fp = ? "
                + "ORDER BY item_time")) {
            ps.setMaxRows(1);
            ps.setLong(1, fpHash);
            ps.setString(2, fp);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /**
     * Of the rows numbered {@code seqs} (the first {@value #MAX_TEXT_ROWS}), the earliest item whose
     * {@code column} (item_key or text_fp) still says {@code value}, or null (the map is a hint).
     */
    private static Row rowAt(Connection c, String column, String value, long... seqs) throws SQLException {
        int n = Math.min(seqs.length, MAX_TEXT_ROWS);
        if (n == 0) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM dedupe_item WHERE row_seq IN ("
                + "?,".repeat(n - 1) + "?) AND " + column + " = ? ORDER BY item_time")) {
            ps.setMaxRows(1);
            for (int i = 0; i < n; i++) {
                ps.setLong(i + 1, seqs[i]);
            }
            ps.setString(n + 1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private List<String> storySources(Connection c, String storyId) throws SQLException {
        Decision s = staged.get("s:" + storyId);
        if (s != null) {
            return s.sources;
        }
        return storedSources(c, storyId);
    }

    /** The story's sources as the table says on {@code c} (with what {@code c}'s own transaction wrote), else pending. */
    private List<String> storedSources(Connection c, String storyId) throws SQLException {
        List<String> stored = storyRow(c, storyId, ItemKeys.storyHash(storyId));
        if (stored != null) {
            return stored;
        }
        for (Decision p : pending.values()) {
            if (storyId.equals(p.storyId)) {
                return p.sources;
            }
        }
        return List.of();
    }

    /** The story's row's sources on {@code c}, or null when it has no row. */
    private static List<String> storyRow(Connection c, String storyId, long storyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sources FROM dedupe_story WHERE story_hash = ? AND story_id = ?")) {
            ps.setLong(1, storyHash);
            ps.setString(2, storyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? splitSources(rs.getString(1)) : null;
            }
        }
    }

    /** The sources of a story ("also reported by"), in order of arrival; empty when unknown. */
    public List<String> storySources(String storyId) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return storySources(c, storyId);
        }
    }

    private boolean isUnstable(String scope) throws SQLException {
        Boolean b = unstableFeeds.get(scope);
        if (b != null) {
            return b;
        }
        Long until = stableUntil.get(scope);
        long now = clock.millis();
        if (until != null && until > now) {
            return false;
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT unstable_ids FROM dedupe_feed WHERE scope = ?")) {
            ps.setString(1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                boolean u = rs.next() && rs.getBoolean(1);
                if (u) {
                    unstableFeeds.put(scope, true); // "unstable" never goes back by itself
                } else {
                    // "stable" is re-read every 10 s: another node may have flagged the feed meanwhile
                    stableUntil.put(scope, now + 10_000);
                }
                return u;
            }
        }
    }

    /** True when the feed was found re-sending items under new guids and is keyed by content. */
    public boolean hasUnstableIds(String scope) throws SQLException {
        return isUnstable(scope.toLowerCase(java.util.Locale.ROOT));
    }

    private void noteChurn(Connection c, String scope, Instant now) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE dedupe_feed SET id_churn = id_churn + 1, updated_at = ? WHERE scope = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, scope);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO dedupe_feed (scope, id_churn, unstable_ids, updated_at) VALUES (?, 1, FALSE, ?)")) {
                    ps.setString(1, scope);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.executeUpdate();
                } catch (SQLException race) {
                    return; // another node counted it first
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE dedupe_feed SET unstable_ids = TRUE WHERE scope = ? AND id_churn >= ? AND unstable_ids = FALSE")) {
                ps.setString(1, scope);
                ps.setInt(2, settings.churnLimit());
                if (ps.executeUpdate() > 0) {
                    unstableFeeds.put(scope, true);
                    stableUntil.remove(scope);
                    LOG.warn("feed '{}' re-sends the same items under new guids: its items are now keyed by content", scope);
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Deletes state older than the retention (items, bands, stories, feeds); returns rows deleted. */
    public int purge() throws SQLException {
        Timestamp cut = Timestamp.from(clock.instant().minus(settings.retention()));
        int n = 0;
        try (Connection c = ds.getConnection()) {
            // A sketch only serves while its item can still be matched (the window); then it is dropped.
            try (PreparedStatement ps = c.prepareStatement("UPDATE dedupe_item SET sketch = NULL WHERE last_seen < ? AND sketch IS NOT NULL")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant().minus(settings.window()).minus(settings.window())));
                ps.executeUpdate();
            }
            if (local != null) {
                // the deleted rows leave the map of where items are (read from the delete itself: exactly those rows)
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT row_seq, key_hash, fp_hash FROM OLD TABLE (DELETE FROM dedupe_item WHERE last_seen < ?)")) {
                    ps.setTimestamp(1, cut);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            local.removed(rs.getLong(2), rs.getLong(3), rs.getLong(1));
                            n++;
                        }
                    }
                }
            }
            for (String sql : local != null ? new String[]{"DELETE FROM dedupe_story WHERE last_seen < ?", "DELETE FROM dedupe_feed WHERE updated_at < ?"}
                    : new String[]{"DELETE FROM dedupe_item WHERE last_seen < ?",
                    "DELETE FROM dedupe_story WHERE last_seen < ?", "DELETE FROM dedupe_feed WHERE updated_at < ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setTimestamp(1, cut);
                    n += ps.executeUpdate();
                }
            }
        }
        if (n > 0) {
            LOG.info("dedupe retention: {} old row(s) purged", n);
        }
        return n;
    }

    // ---------------------------------------------------------------- helpers

    static int parseVersion(String v) {
        try {
            return v == null ? 1 : Math.max(1, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Instant itemTime(NinjsItem item, Instant now) {
        String t = item.firstCreated != null ? item.firstCreated : item.versionCreated;
        if (t != null) {
            // normalized items carry UTC ISO-8601 already; other forms go through the lenient parser
            Instant utc = Dates.parseUtc(t);
            if (utc == null) {
                utc = Dates.parse(t);
            }
            if (utc != null) {
                return utc;
            }
        }
        // unparsable or absent: the arrival time stands in
        return now;
    }

    static List<String> merge(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    static List<String> splitSources(String s) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        return List.of(s.split(","));
    }

    private void expirePending(Instant now) {
        if (!pending.isEmpty()) {
            pending.values().removeIf(p -> now.toEpochMilli() - p.decidedAt.toEpochMilli() > PENDING_TTL_MS);
        }
    }

    // ---------------------------------------------------------------- the decision

    private enum Kind { DROP, NEW_STORY, COPY, UPDATE }

    /** A decision and the state change it records. */
    public final class Decision implements DedupeDecision {
        private final NinjsItem item;
        private final String key;
        private final long keyHash;
        private final String scope;
        private final String contentHash;
        private final String fp;
        private final long fpHash;
        private final StorySketch sketch;
        private final Instant itemTime;
        private final Instant decidedAt;
        private Kind kind = Kind.DROP;
        private String event;
        private String storyId;
        private List<String> sources = List.of();
        private String reason;
        private int version;
        private boolean copy;
        private Row target;
        private long[] bands;
        private final Set<String> pendingKeys = new HashSet<>();
        private final List<String> stagedKeys = new ArrayList<>(3);
        private WindowIndex.Entry indexed;
        /** Row this record entered in the map of where items are (0: none), and whether only under its new text. */
        private long mapped;
        private boolean mappedText;
        /** The text (hash) the updated row had, and the row, to take out of the map once committed (0: none). */
        private long leftText;
        private long leftTextRow;

        private Decision(NinjsItem item, String key, long keyHash, String scope, String contentHash, String fp, long fpHash,
                         StorySketch sketch, Instant itemTime, Instant now) {
            this.item = item;
            this.key = key;
            this.keyHash = keyHash;
            this.fpHash = fpHash;
            this.scope = scope;
            this.contentHash = contentHash;
            this.fp = fp;
            this.sketch = sketch;
            this.itemTime = itemTime;
            this.decidedAt = now;
        }

        private Decision drop(String why) {
            this.kind = Kind.DROP;
            this.reason = why;
            return this;
        }

        private Decision newStory(String ev, String story, List<String> src) {
            this.kind = Kind.NEW_STORY;
            this.event = ev;
            this.storyId = story;
            this.sources = List.copyOf(src);
            this.reason = "new story";
            this.version = parseVersion(item.version);
            return finish();
        }

        private Decision copy(String story, List<String> src, String why) {
            this.kind = Kind.COPY;
            this.event = DUPLICATE;
            this.storyId = story;
            this.sources = src;
            this.reason = why;
            this.copy = true;
            this.version = parseVersion(item.version);
            return finish();
        }

        private Decision update(String ev, Row row, int v, List<String> src, String why) {
            this.kind = Kind.UPDATE;
            this.event = ev;
            this.target = row;
            this.storyId = row.storyId;
            this.sources = src;
            this.reason = why;
            this.version = v;
            this.copy = row.copy;
            return finish();
        }

        private Decision finish() {
            item.version = Integer.toString(version);
            item.setAltId(ROLE_STORY, storyId);
            if (sketch.shingles() >= settings.minShingles()) {
                bands = sketch.bandKeys(item.language, settings.bands(), settings.rows());
            }
            pendingKeys.add("d:" + key);
            for (String k : pendingKeys) {
                pending.put(k, this);
            }
            return this;
        }

        private Row asRow() {
            String k = target != null ? target.key : key;
            return new Row(k, scope, item.uri, contentHash, fp, version, storyId, copy);
        }

        @Override
        public String event() {
            return event;
        }

        @Override
        public String storyId() {
            return storyId;
        }

        @Override
        public List<String> sources() {
            return Collections.unmodifiableList(sources);
        }

        @Override
        public NinjsItem item() {
            return item;
        }

        @Override
        public String reason() {
            return reason;
        }

        /** The item's dedupe key (sha256 of feed scope and id). */
        public String key() {
            return key;
        }

        @Override
        public void record(Connection c) throws SQLException {
            if (kind == Kind.DROP) {
                return;
            }
            mapped = 0; // what an earlier attempt entered was taken back with its transaction
            leftTextRow = 0;
            Timestamp now = Timestamp.from(clock.instant());
            String rowKey = kind == Kind.UPDATE ? target.key : key;
            long rowHash = kind == Kind.UPDATE ? ItemKeys.hash64(rowKey) : keyHash;
            String status = item.pubStatus;
            // A new id is inserted directly (it was absent when decided; a racing node's insert makes this
            // transaction fail, and the item, retried, is then seen as known); a known id is updated.
            int updated = 0;
            long seq = local == null || kind != Kind.UPDATE ? 0 : local.id(rowHash);
            if (kind == Kind.UPDATE && (local == null || seq != 0)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE dedupe_item SET content_hash = ?, text_fp = ?, sketch = ?, "
                        + "version = ?, pub_status = ?, last_seen = ?, language_tag = ?, fp_hash = ? WHERE "
                        + (local == null ? "key_hash" : "row_seq") + " = ? AND item_key = ?")) {
                    ps.setString(1, contentHash);
                    ps.setString(2, fp);
                    ps.setString(3, bands == null ? null : sketch.encode());
                    ps.setInt(4, version);
                    ps.setString(5, status);
                    ps.setTimestamp(6, now);
                    ps.setString(7, lang());
                    setHash(ps, 8, fp == null ? 0 : fpHash);
                    ps.setLong(9, local == null ? rowHash : seq);
                    ps.setString(10, rowKey);
                    updated = ps.executeUpdate();
                }
                if (updated > 0 && local != null) {
                    if (local.textChanged(fp == null ? 0 : fpHash, seq)) {
                        mapped = seq; // taken back if the transaction is rolled back
                        mappedText = true;
                    }
                    if (target.fp != null && !target.fp.equals(fp)) {
                        // the row leaves its old text once this commits (until then the table still says it)
                        leftText = ItemKeys.hash64(target.fp);
                        leftTextRow = seq;
                    }
                }
            }
            if (updated == 0) { // a new id, or a known one purged meanwhile
                if (local != null) {
                    // What the unique index on key_hash does on PostgreSQL: the same id decided twice at once (two
                    // feeds, a push and a poll) is recorded once; the other item fails and its document is read again.
                    long held = local.id(rowHash);
                    if (held != 0 && rowAt(c, "item_key", rowKey, held) != null) {
                        throw new SQLException("dedupe_item: " + (item.uri == null ? rowKey : item.uri)
                                + " was recorded meanwhile (the same id arrived twice at once); it will be decided again", "23505");
                    }
                }
                String insert = "INSERT INTO dedupe_item (item_key, scope, uri, content_hash, "
                        + "text_fp, sketch, version, pub_status, story_id, is_copy, item_time, last_seen, language_tag, key_hash, fp_hash) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
                // on H2 the row's number (given by the table) goes into the map of where items are
                try (PreparedStatement in = local == null ? c.prepareStatement(insert) : c.prepareStatement(insert, new String[]{"ROW_SEQ"})) {
                    in.setString(1, rowKey);
                    in.setString(2, cut(scope, 200));
                    in.setString(3, cut(item.uri == null ? rowKey : item.uri, 2000));
                    in.setString(4, contentHash);
                    in.setString(5, fp);
                    in.setString(6, bands == null ? null : sketch.encode());
                    in.setInt(7, version);
                    in.setString(8, status);
                    in.setString(9, storyId);
                    in.setBoolean(10, copy);
                    in.setTimestamp(11, Timestamp.from(itemTime));
                    in.setTimestamp(12, now);
                    in.setString(13, lang());
                    in.setLong(14, rowHash);
                    setHash(in, 15, fp == null ? 0 : fpHash);
                    in.executeUpdate();
                    if (local != null) {
                        try (ResultSet keys = in.getGeneratedKeys()) {
                            if (!keys.next()) {
                                throw new SQLException("dedupe_item: the database gave no row number for item " + rowKey);
                            }
                            mapped = keys.getLong(1);
                            mappedText = false;
                            local.added(rowHash, fp == null ? 0 : fpHash, mapped);
                        }
                    }
                }
            }
            // The sources as the table says now, on the connection that writes (its transaction may hold other
            // copies of the story recorded since this one was decided), then this copy's.
            long storyHash = ItemKeys.storyHash(storyId);
            List<String> stored = storyRow(c, storyId, storyHash);
            if (stored != null) {
                sources = merge(stored, sources);
                try (PreparedStatement ps = c.prepareStatement("UPDATE dedupe_story SET sources = ?, copies = copies + ?, last_seen = ? "
                        + "WHERE story_hash = ? AND story_id = ?")) {
                    ps.setString(1, joinSources(sources));
                    ps.setInt(2, kind == Kind.COPY ? 1 : 0);
                    ps.setTimestamp(3, now);
                    ps.setLong(4, storyHash);
                    ps.setString(5, storyId);
                    ps.executeUpdate();
                }
            } else {
                String src = joinSources(sources);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO dedupe_story (story_id, sources, copies, first_seen, last_seen, story_hash) "
                        + "VALUES (?,?,?,?,?,?)")) {
                    ps.setString(1, storyId);
                    ps.setString(2, src);
                    ps.setInt(3, 1);
                    ps.setTimestamp(4, now);
                    ps.setTimestamp(5, now);
                    ps.setLong(6, storyHash);
                    ps.executeUpdate();
                }
            }
            if (bands != null) {
                indexed = new WindowIndex.Entry(rowKey, sketch, itemTime.toEpochMilli(), now.getTime(), bands);
                index.add(indexed);
            }
            stagedKeys.clear();
            stagedKeys.add("k:" + rowKey);
            if (fp != null) {
                stagedKeys.add("f:" + fp);
            }
            stagedKeys.add("s:" + storyId);
            for (String k : stagedKeys) {
                staged.put(k, this);
            }
            for (String k : pendingKeys) {
                pending.remove(k, this);
            }
        }

        @Override
        public void committed() {
            unstage();
            if (local != null && leftTextRow != 0) {
                local.textGone(leftText, leftTextRow);
            }
            mapped = 0;
            leftTextRow = 0;
        }

        @Override
        public void rolledBack() {
            unstage();
            leftTextRow = 0;
            if (local != null && mapped != 0) { // the map of where items are forgets what the transaction did not keep
                if (mappedText) {
                    local.textGone(fp == null ? 0 : fpHash, mapped);
                } else {
                    local.removed(kind == Kind.UPDATE ? ItemKeys.hash64(target.key) : keyHash, fp == null ? 0 : fpHash, mapped);
                }
                mapped = 0;
            }
            if (indexed != null) {
                index.remove(indexed);
            }
        }

        /** The table now says what this decision wrote (or never will): decisions look there again. */
        private void unstage() {
            for (String k : stagedKeys) {
                staged.remove(k, this);
            }
        }

        private String lang() {
            return item.language == null ? null : cut(item.language, 20);
        }

        @Override
        public String toString() {
            return (event == null ? "drop" : event) + " " + storyId + " (" + reason + ")";
        }
    }

    private static void setHash(PreparedStatement ps, int i, long h) throws SQLException {
        if (h == 0) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, h);
        }
    }

    private static String joinSources(List<String> sources) {
        StringBuilder sb = new StringBuilder();
        for (String s : sources) {
            String clean = s.replace(',', ' ').strip();
            if (clean.isEmpty() || sb.length() + clean.length() + 1 > 2000) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(clean);
        }
        return sb.toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
