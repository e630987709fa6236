package io.wirehub.dedupe;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsValidator;
import io.wirehub.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dedupe stage against a real database; {@link DedupeH2Test} and {@link DedupePostgresTest}
 * run the same tests on H2 and on PostgreSQL.
 */
abstract class AbstractDedupeTest {
    protected Database db;

    /** A fresh, migrated database (tables empty). */
    protected abstract Database openDatabase() throws Exception;

    /** The same database again, as after a restart of the hub. */
    protected abstract Database reopenDatabase() throws Exception;

    /** URL, user and password of another database, empty (no schema at all). */
    protected abstract String[] emptyDatabase() throws Exception;

    /**
     * A store written by the first schema (V10: lookups by 64-character keys, story ids from the
     * key) keeps deciding the same after the upgrades to hash lookups (V11), time-first story
     * ids (V12), the previous release's schema (V30) and row numbers on H2 (V31): the stored item
     * is known, its text and story too.
     */
    @Test
    void storeWrittenBeforeTheHashLookupsUpgradesWithItsDecisions() throws Exception {
        NinjsItem original = item("wire", "g1", "Floods cut roads north of Hanoi",
                "Heavy rain flooded the roads north of Hanoi on Monday, cutting villages off and closing two schools.",
                "2024-06-03T08:00:00Z");
        process(dedupe(), original);
        String[] columns = {"item_key", "scope", "uri", "content_hash", "text_fp", "sketch", "language_tag", "version", "pub_status",
                "story_id", "is_copy", "item_time", "last_seen"};
        List<Object[]> items = new ArrayList<>();
        List<Object[]> stories = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM dedupe_item")) {
                while (rs.next()) {
                    Object[] row = new Object[columns.length];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    items.add(row);
                }
            }
            try (var rs = st.executeQuery("SELECT story_id, sources, copies, first_seen, last_seen FROM dedupe_story")) {
                while (rs.next()) {
                    stories.add(new Object[]{rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4), rs.getObject(5)});
                }
            }
        }
        assertThat(items).hasSize(1);
        // Before V12 a story id was the first 32 hex digits of its first item's key.
        String legacyStory = "urn:wirehub:story:" + ((String) items.get(0)[0]).substring(0, 32);
        items.get(0)[9] = legacyStory;
        stories.get(0)[0] = legacyStory;
        String[] legacy = emptyDatabase();
        org.flywaydb.core.Flyway.configure().dataSource(legacy[0], legacy[1], legacy[2]).locations("classpath:db/migration")
                .target("10").load().migrate();
        try (Connection c = java.sql.DriverManager.getConnection(legacy[0], legacy[1], legacy[2])) {
            insertRows(c, "dedupe_item", columns, items);
            insertRows(c, "dedupe_story", new String[]{"story_id", "sources", "copies", "first_seen", "last_seen"}, stories);
        }
        // the previous release's hub upgraded it to its own schema (V30), then this one opens it
        org.flywaydb.core.Flyway.configure().dataSource(legacy[0], legacy[1], legacy[2]).locations("classpath:db/migration")
                .target("30").load().migrate();
        try (Database upgraded = new Database(legacy[0], legacy[1], legacy[2], 2)) {
            Dedupe d = new Dedupe(upgraded.dataSource(), DedupeSettings.defaults());
            assertThat(process(d, item("wire", "g1", original.headline(), original.bodyText(), original.firstCreated)).event())
                    .as("the same item again").isNull();
            Dedupe.Decision copy = process(d, item("outlet", "x9", "Hanoi floods", original.bodyText(), original.firstCreated));
            assertThat(copy.event()).as("the same text from another outlet").isEqualTo(DedupeDecision.DUPLICATE);
            assertThat(copy.storyId()).isEqualTo(legacyStory);
            assertThat(d.storySources(legacyStory)).containsExactly("WIRE", "OUTLET");
            Dedupe.Decision v2 = process(d, item("wire", "g1", original.headline() + ", schools closed", original.bodyText(), original.firstCreated));
            assertThat(v2.event()).isEqualTo(DedupeDecision.UPDATED);
            assertThat(v2.item().version).isEqualTo("2");
        }
    }

    private static void insertRows(Connection c, String table, String[] columns, List<Object[]> rows) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + "?, ".repeat(columns.length - 1) + "?)";
        try (var ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    protected Dedupe dedupe() throws SQLException {
        return new Dedupe(db.dataSource(), DedupeSettings.defaults());
    }

    /** Decides and, when the item is kept, records as the publish route does after the sink. */
    protected static Dedupe.Decision process(Dedupe d, NinjsItem item) throws SQLException {
        Dedupe.Decision dec = d.decide(item);
        if (dec.event() != null) {
            d.recordNow(dec);
        }
        return dec;
    }

    static NinjsItem item(String feed, String guid, String headline, String body, String created) {
        NinjsItem i = new NinjsItem();
        i.uri = "urn:test:" + feed + ":" + guid;
        i.type = "text";
        i.version = "1";
        i.language = "en";
        i.firstCreated = created;
        i.versionCreated = created;
        i.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", headline));
        i.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", body));
        if (guid != null) {
            i.setAltId("guid", guid);
        }
        i.setAltId("feed", feed);
        NinjsItem.Concept c = new NinjsItem.Concept(feed.toUpperCase(), null, null);
        c.role = "source";
        i.infoSources.add(c);
        return i;
    }

    static final String BODY = "Temperatures in Hanoi climbed above 40 degrees Celsius on Monday, the hottest day of the year so far, "
            + "as a heatwave gripped northern Vietnam.\nThe national weather centre said the heat would persist until the weekend.";

    @Test
    void labeledSetPrecisionAndRecall() throws Exception {
        List<LabeledSet.Copy> copies = LabeledSet.copies();
        Dedupe d = dedupe();
        Map<LabeledSet.Copy, String> storyOf = new HashMap<>();
        Map<String, Integer> events = new HashMap<>();
        for (LabeledSet.Copy c : copies) {
            Dedupe.Decision dec = process(d, c.item());
            assertThat(dec.event()).as("%s/%s is never dropped", c.storyId(), c.variation()).isNotNull();
            events.merge(dec.event(), 1, Integer::sum);
            storyOf.put(c, dec.storyId());
        }
        long tp = 0, fp = 0, fn = 0, tn = 0, hardNeg = 0, hardFp = 0, pairs = 0;
        double minPos = 1, maxNeg = 0, maxHard = 0;
        Map<LabeledSet.Copy, StorySketch> sk = new HashMap<>();
        copies.forEach(c -> sk.put(c, StorySketch.of(c.item())));
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            for (int j = i + 1; j < copies.size(); j++) {
                LabeledSet.Copy a = copies.get(i), b = copies.get(j);
                pairs++;
                boolean truth = a.storyId().equals(b.storyId());
                boolean said = storyOf.get(a).equals(storyOf.get(b));
                boolean hard = !truth && a.group().equals(b.group());
                if (hard) {
                    hardNeg++;
                }
                double sim = sk.get(a).similarity(sk.get(b));
                if (truth) {
                    minPos = Math.min(minPos, sim);
                } else {
                    maxNeg = Math.max(maxNeg, sim);
                    if (hard) {
                        maxHard = Math.max(maxHard, sim);
                    }
                }
                if (truth && said) {
                    tp++;
                } else if (!truth && said) {
                    fp++;
                    if (hard) {
                        hardFp++;
                    }
                    errors.add("FALSE MATCH " + a.storyId() + "/" + a.variation() + " ~ " + b.storyId() + "/" + b.variation());
                } else if (truth) {
                    fn++;
                    errors.add("MISSED " + a.storyId() + "/" + a.variation() + " ~ " + b.variation());
                } else {
                    tn++;
                }
            }
        }
        double precision = tp / (double) Math.max(1, tp + fp);
        double recall = tp / (double) Math.max(1, tp + fn);
        System.out.printf("dedupe labeled set [%s]: %d items, %d labeled pairs (%d same-story, %d different, %d hard negatives)%n",
                getClass().getSimpleName(), copies.size(), pairs, tp + fn, fp + tn, hardNeg);
        System.out.printf("  pair precision %.4f  recall %.4f  (tp %d, fp %d of which hard %d, fn %d)  events %s%n",
                precision, recall, tp, fp, hardFp, fn, events);
        System.out.printf("  sketch similarity: lowest same-story pair %.2f (matched through the story's other copies when below"
                + " the threshold %.2f), highest different-story pair %.2f, highest hard negative %.2f%n",
                minPos, d.settings().threshold(), maxNeg, maxHard);
        errors.stream().limit(40).forEach(e -> System.out.println("  " + e));
        assertThat(pairs).isGreaterThanOrEqualTo(150);
        assertThat(precision).as("pair precision").isGreaterThanOrEqualTo(0.97);
        assertThat(recall).as("pair recall").isGreaterThanOrEqualTo(0.90);
        // One story, once: exactly one item.new per original story.
        assertThat(events.get(DedupeDecision.NEW)).isEqualTo((int) LabeledSet.stories().size());
    }

    @Test
    void versionsOfOneItemAreNewUpdatedCanceledAndNeverNewTwice() throws Exception {
        Dedupe d = dedupe();
        NinjsItem v1 = item("afp", "urn:newsml:afp.com:20240603:HANOI-HEAT", "Hanoi swelters above 40C", BODY, "2024-06-03T04:00:00Z");
        Dedupe.Decision n = process(d, v1);
        assertThat(n.event()).isEqualTo(DedupeDecision.NEW);
        assertThat(v1.version).isEqualTo("1");
        assertThat(v1.altId(Dedupe.ROLE_STORY)).isEqualTo(n.storyId()).startsWith("urn:wirehub:story:");

        // The same version again (a re-fetch) is dropped silently.
        assertThat(process(d, item("afp", "urn:newsml:afp.com:20240603:HANOI-HEAT", "Hanoi swelters above 40C", BODY,
                "2024-06-03T04:00:00Z")).event()).isNull();

        NinjsItem v2 = item("afp", "urn:newsml:afp.com:20240603:HANOI-HEAT", "Hanoi swelters above 41C",
                BODY.replace("40 degrees", "41 degrees"), "2024-06-03T04:00:00Z");
        Dedupe.Decision u = process(d, v2);
        assertThat(u.event()).isEqualTo(DedupeDecision.UPDATED);
        assertThat(v2.version).isEqualTo("2");
        assertThat(u.storyId()).isEqualTo(n.storyId());

        NinjsItem v3 = item("afp", "urn:newsml:afp.com:20240603:HANOI-HEAT", "Hanoi swelters above 41C",
                BODY.replace("40 degrees", "41 degrees"), "2024-06-03T04:00:00Z");
        v3.pubStatus = "canceled";
        Dedupe.Decision c = process(d, v3);
        assertThat(c.event()).isEqualTo(DedupeDecision.CANCELED);
        assertThat(v3.version).isEqualTo("3");
        assertThat(c.storyId()).isEqualTo(n.storyId());
    }

    @Test
    void emittedItemsValidateAsNinjs31() throws Exception {
        java.nio.file.Path schema = java.nio.file.Path.of("../shared/corpora/ninjs/specification/ninjs-schema_3.1.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(schema),
                "skipped: " + schema + " is absent (shared corpora not checked out next to the project)");
        NinjsValidator v = new NinjsValidator(schema);
        Dedupe d = dedupe();
        for (LabeledSet.Copy c : LabeledSet.copies().subList(0, 20)) {
            process(d, c.item());
            assertThat(v.errors(c.item())).as(c.storyId() + "/" + c.variation()).isEmpty();
        }
    }

    @Test
    void decisionsNotYetRecordedStillCatchCopiesButNotRetries() throws Exception {
        Dedupe d = dedupe();
        Dedupe.Decision first = d.decide(item("afp", "A1", "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z"));
        assertThat(first.event()).isEqualTo(DedupeDecision.NEW);
        // a copy arriving on another thread before the first is recorded
        Dedupe.Decision copy = d.decide(item("vna", "V1", "Hanoi heat", "HANOI (VNA) - " + BODY, "2024-06-03T05:00:00Z"));
        assertThat(copy.event()).isEqualTo(DedupeDecision.DUPLICATE);
        assertThat(copy.storyId()).isEqualTo(first.storyId());
        // the first item failed downstream and comes again: decided afresh, not dropped
        Dedupe.Decision retry = d.decide(item("afp", "A1", "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z"));
        assertThat(retry.event()).isEqualTo(DedupeDecision.NEW);
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        NinjsItem v1 = item("afp", "AFP-1", "Hanoi swelters above 40C", BODY, "2024-06-03T04:00:00Z");
        String story = process(dedupe(), v1).storyId();
        db.close();
        db = reopenDatabase();
        Dedupe after = dedupe();
        assertThat(after.decide(item("afp", "AFP-1", "Hanoi swelters above 40C", BODY, "2024-06-03T04:00:00Z")).event())
                .as("the same item after a restart").isNull();
        NinjsItem copy = item("vna", "VNA-77", "Hanoi heat tops 40C", "HANOI (VNA) - " + BODY + "\nAFP/VNA", "2024-06-03T05:00:00Z");
        Dedupe.Decision dup = process(after, copy);
        assertThat(dup.event()).isEqualTo(DedupeDecision.DUPLICATE);
        assertThat(dup.storyId()).isEqualTo(story);
        assertThat(dup.sources()).containsExactly("AFP", "VNA");
    }

    @Test
    void sameStoryIndexIsRebuiltFromTheStoreAfterARestart() throws Exception {
        List<LabeledSet.Copy> copies = LabeledSet.copies();
        LabeledSet.Copy original = copies.stream().filter(c -> c.variation().equals("original")).findFirst().orElseThrow();
        LabeledSet.Copy edited = copies.stream().filter(c -> c.storyId().equals(original.storyId())
                && c.variation().equals("edited-lead")).findFirst().orElseThrow();
        // "now" is when the original arrived, so both are within the window of arrival
        Clock clock = Clock.fixed(Instant.parse(original.item().firstCreated).plusSeconds(60), ZoneOffset.UTC);
        String story = process(new Dedupe(db.dataSource(), DedupeSettings.defaults(), clock), original.item()).storyId();
        db.close();
        db = reopenDatabase();
        Dedupe after = new Dedupe(db.dataSource(), DedupeSettings.defaults(), clock);
        assertThat(after.indexedItems()).isEqualTo(1);
        Dedupe.Decision d = process(after, edited.item());
        assertThat(d.event()).isEqualTo(DedupeDecision.DUPLICATE);
        assertThat(d.reason()).startsWith("same story");
        assertThat(d.storyId()).isEqualTo(story);
    }

    @Test
    void sameTextUnderANewIdFromAnotherOutletIsADuplicateWithEverySource() throws Exception {
        Dedupe d = dedupe();
        Dedupe.Decision first = process(d, item("afp", "A1", "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z"));
        Dedupe.Decision second = process(d, item("cvn", "https://cvn.example/heat.html", "Hà Nội: heatwave",
                "HANOI (AFP) - " + BODY + "\nAFP/VNA/CVN", "2024-06-03T06:00:00Z"));
        assertThat(second.event()).isEqualTo(DedupeDecision.DUPLICATE);
        assertThat(second.reason()).startsWith("same text");
        assertThat(second.storyId()).isEqualTo(first.storyId());
        assertThat(second.item().altId(Dedupe.ROLE_STORY)).isEqualTo(first.storyId());
        assertThat(d.storySources(first.storyId())).containsExactly("AFP", "CVN");
    }

    @Test
    void sameBodyFromTheSameFeedUnderANewGuidWithAnotherHeadlineIsAnUpdate() throws Exception {
        Dedupe d = dedupe();
        Dedupe.Decision first = process(d, item("afp", "A1", "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z"));
        NinjsItem fixed = item("afp", "A1-corrected", "Heatwave in Hanoi tops 40C", BODY, "2024-06-03T04:00:00Z");
        Dedupe.Decision d2 = process(d, fixed);
        assertThat(d2.event()).isEqualTo(DedupeDecision.UPDATED);
        assertThat(d2.storyId()).isEqualTo(first.storyId());
        assertThat(fixed.version).isEqualTo("2");
        assertThat(fixed.uri).as("the update keeps the item's uri (same file)").isEqualTo("urn:test:afp:A1");
    }

    @Test
    void canonicalUrlIdIgnoresTrackingParametersAndFragment() throws Exception {
        Dedupe d = dedupe();
        NinjsItem a = item("cvn", null, "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z");
        a.renditions.add(new NinjsItem.Rendition("web", "HTTPS://CVN.Example.com/heat-123.html?id=9&utm_source=fb#top", "text/html"));
        assertThat(process(d, a).event()).isEqualTo(DedupeDecision.NEW);
        NinjsItem b = item("cvn", null, "Heatwave in Hanoi (corrected)", BODY + " Corrected figure.", "2024-06-03T04:00:00Z");
        b.renditions.add(new NinjsItem.Rendition("web", "https://cvn.example.com/heat-123.html?fbclid=XYZ&id=9&gclid=1", "text/html"));
        assertThat(process(d, b).event()).as("same page, other tracking: an update").isEqualTo(DedupeDecision.UPDATED);
        assertThat(ItemKeys.canonicalUrl("HTTPS://CVN.Example.com:443/a?utm_medium=x&b=2#f")).isEqualTo("https://cvn.example.com/a?b=2");
    }

    static final String[][] BAD_FEED = {
            {"Da Nang fishermen return with record tuna catch", "Fishermen in Da Nang returned on Tuesday with a record tuna catch after a week at sea, port officials said, as prices at the wholesale market fell by a third."},
            {"Hue citadel reopens after restoration works", "The imperial citadel of Hue reopened its southern gate to visitors on Tuesday after two years of restoration financed by the provincial budget and foreign donors."},
            {"Can Tho bridge closed for inspection", "Traffic on the Can Tho bridge over the Hau river was diverted to ferries on Tuesday while engineers inspected cables damaged by a barge collision last week."}};

    @Test
    void feedThatChangesGuidsOnEveryFetchDoesNotFloodAndFallsBackToContentKeys() throws Exception {
        Dedupe d = dedupe();
        List<String> events = new ArrayList<>();
        for (int fetch = 0; fetch < 5; fetch++) {
            for (int k = 0; k < BAD_FEED.length; k++) {
                // Every fetch: the same items under brand-new guids.
                NinjsItem it = item("badfeed", "guid-" + fetch + "-" + k, BAD_FEED[k][0], BAD_FEED[k][1], "2024-06-04T0" + k + ":00:00Z");
                Dedupe.Decision dec = process(d, it);
                if (dec.event() != null) {
                    events.add(dec.event());
                }
            }
        }
        assertThat(events).as("three items, delivered once each over five fetches")
                .containsExactly(DedupeDecision.NEW, DedupeDecision.NEW, DedupeDecision.NEW);
        // A correction under yet another guid is an update of the same item, not a new one.
        NinjsItem fix = item("badfeed", "guid-fix", BAD_FEED[1][0], BAD_FEED[1][1].replace("two years", "three years"),
                "2024-06-04T01:00:00Z");
        assertThat(d.hasUnstableIds(ItemKeys.scope(fix))).isTrue();
        assertThat(process(d, fix).event()).isEqualTo(DedupeDecision.UPDATED);
        assertThat(fix.version).isEqualTo("2");
        // After a restart the feed is still known to be unstable.
        assertThat(new Dedupe(db.dataSource(), DedupeSettings.defaults()).hasUnstableIds(ItemKeys.scope(fix))).isTrue();
    }

    @Test
    void copiesOutsideTheTimeWindowAreNotTheSameStory() throws Exception {
        Dedupe d = dedupe();
        LabeledSet.Copy orig = LabeledSet.copies().get(0);
        NinjsItem first = orig.item();
        Dedupe.Decision a = process(d, first);
        NinjsItem later = item("vov", "late-1", first.headline() + " (recap)", first.bodyText().replaceFirst("\\.", ", officials said."),
                Instant.parse(first.firstCreated).plus(Duration.ofDays(5)).toString());
        later.language = first.language;
        Dedupe.Decision b = process(d, later);
        assertThat(b.event()).isEqualTo(DedupeDecision.NEW);
        assertThat(b.storyId()).isNotEqualTo(a.storyId());
    }

    /**
     * A text stays findable through every row that has it: the first row with it was corrected to
     * another text, and a later copy with the text is the one a re-send of that copy matches (the
     * same as after a restart, and as the index on PostgreSQL says).
     */
    @Test
    void aTextStaysFindableWhenItsFirstRowIsCorrectedToAnotherText() throws Exception {
        Dedupe d = dedupe();
        String corrected = BODY.replace("40 degrees", "41 degrees") + " Schools closed early.";
        process(d, item("afp", "A1", "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z"));
        assertThat(process(d, item("afp", "A1", "Heatwave in Hanoi", corrected, "2024-06-03T04:00:00Z")).event())
                .isEqualTo(DedupeDecision.UPDATED);
        assertThat(process(d, item("cvn", "C1", "Hanoi swelters", BODY, "2024-06-03T05:00:00Z")).event())
                .as("the first text again, from another outlet").isEqualTo(DedupeDecision.DUPLICATE);
        Dedupe.Decision resent = process(d, item("cvn", "C1-rebuilt", "Hanoi swelters", BODY, "2024-06-03T05:00:00Z"));
        assertThat(resent.event()).as("that outlet re-sending it under a new guid: %s", resent).isNull();
        Dedupe restarted = dedupe();
        assertThat(restarted.decide(item("cvn", "C1-again", "Hanoi swelters", BODY, "2024-06-03T05:00:00Z")).event())
                .as("the same after a restart").isNull();
    }

    /**
     * Rows corrected to another text leave the first one: after more corrected copies than a text
     * lookup asks rows for, the one copy that still has the text is found (and re-sending it under a
     * new guid is recognized).
     */
    @Test
    void rowsCorrectedToAnotherTextLeaveTheOldOne() throws Exception {
        Dedupe d = dedupe();
        for (int i = 0; i < 105; i++) {
            process(d, item("outlet" + i, "G1", "Heatwave in Hanoi", BODY, "2024-06-03T04:00:00Z"));
            assertThat(process(d, item("outlet" + i, "G1", "Heatwave in Hanoi", BODY + " Correction " + i + ".",
                    "2024-06-03T04:00:00Z")).event()).as("correction %d", i).isNotNull();
        }
        assertThat(process(d, item("late", "L1", "Heatwave in Hanoi", BODY, "2024-06-03T05:00:00Z")).event())
                .isEqualTo(DedupeDecision.DUPLICATE);
        Dedupe.Decision resent = d.decide(item("late", "L1-rebuilt", "Heatwave in Hanoi", BODY, "2024-06-03T05:00:00Z"));
        assertThat(resent.event()).as("the same feed re-sending it under a new guid: %s", resent).isNull();
    }

    /** An item whose record is rolled back (its transaction failed) is decided afresh, and found by its text once recorded. */
    @Test
    void aRolledBackRecordLeavesNoTraceAndTheRetryIsFoundByItsText() throws Exception {
        Dedupe d = dedupe();
        Dedupe.Decision lost = d.decide(item("afp", "R1", "Typhoon nears Hai Phong", BODY, "2024-06-03T06:00:00Z"));
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            lost.record(c);
            c.rollback();
            lost.rolledBack();
        }
        Dedupe.Decision retried = process(d, item("afp", "R1", "Typhoon nears Hai Phong", BODY, "2024-06-03T06:00:00Z"));
        assertThat(retried.event()).as("decided afresh").isEqualTo(DedupeDecision.NEW);
        assertThat(d.decide(item("afp", "R1-rebuilt", "Typhoon nears Hai Phong", BODY, "2024-06-03T06:00:00Z")).event())
                .as("the feed re-sending it under a new guid").isNull();
        assertThat(d.decide(item("afp", "R1", "Typhoon nears Hai Phong", BODY, "2024-06-03T06:00:00Z")).event())
                .as("the same id again").isNull();
    }

    @Test
    void theSameNewIdDecidedTwiceAtOnceIsRecordedOnce() throws Exception {
        Dedupe d = dedupe();
        NinjsItem first = item("afp", "G-RACE", "Storm closes Da Nang port", BODY, "2024-06-03T08:00:00Z");
        NinjsItem again = item("afp", "G-RACE", "Storm closes Da Nang port", BODY, "2024-06-03T08:00:00Z");
        Dedupe.Decision a = d.decide(first);
        Dedupe.Decision b = d.decide(again); // arrived on another thread before the first was recorded
        assertThat(a.event()).isEqualTo(DedupeDecision.NEW);
        assertThat(b.event()).isEqualTo(DedupeDecision.NEW);
        d.recordNow(a);
        assertThatThrownBy(() -> d.recordNow(b)).as("the second record of one id").isInstanceOf(SQLException.class);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM dedupe_item")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(d.decide(again).event()).as("decided again, it is known").isNull();
    }

    @Test
    void retentionPurgesOldState() throws Exception {
        Clock past = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        Dedupe old = new Dedupe(db.dataSource(), DedupeSettings.defaults(), past);
        process(old, item("afp", "OLD-1", "Old story", BODY, "2024-01-01T00:00:00Z"));
        Dedupe now = dedupe();
        int mapped = now.mappedItems();
        assertThat(now.purge()).isGreaterThan(0);
        if (mapped >= 0) { // the embedded store's map of where items are forgets them with their rows
            assertThat(mapped).isEqualTo(1);
            assertThat(now.mappedItems()).isZero();
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT COUNT(*) FROM dedupe_item");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(now.decide(item("afp", "OLD-1", "Old story", BODY, "2024-01-01T00:00:00Z")).event())
                .as("an id forgotten after the retention is new again").isEqualTo(DedupeDecision.NEW);
    }
}
