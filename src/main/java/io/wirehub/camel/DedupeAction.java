package io.wirehub.camel;

import io.wirehub.HubConfig;
import io.wirehub.dedupe.Dedupe;
import io.wirehub.dedupe.DedupeDecision;
import io.wirehub.dedupe.DedupeSettings;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.store.Database;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bean of the {@code wirehub-dedupe-action} Kamelet: the hub's dedupe stage for a user's route.
 * A ninjs item (JSON or {@link NinjsItem}) in; an item seen before with the same content is dropped
 * (the exchange stops, in the calling route too); otherwise the item goes on as JSON with its
 * {@code version} raised for an update and its story in {@code altIds} (role {@code story}), and
 * the headers {@value #EVENT} (item.new, item.updated, item.duplicate or item.canceled),
 * {@value #STORY} and {@value #REASON}.
 *
 * <p>The decision is recorded as the item passes (unlike the hub, which records it in the
 * transaction of its outbox rows): a delivery that fails later is retried by the calling route's
 * redelivery policy, not by sending the item through this Kamelet again. State lives in a database (an H2 file by default, or the hub's PostgreSQL), shared by every
 * instance of the Kamelet in the JVM that names the same URL.
 */
public class DedupeAction {
    /** Header: the event, item.new, item.updated, item.duplicate or item.canceled. */
    public static final String EVENT = "WirehubEvent";
    /** Header: the story id the item belongs to (same-story copies from other sources share it). */
    public static final String STORY = "WirehubStory";
    /** Header: why the item was decided so ("new story", "same id, content changed", "same story as ..."). */
    public static final String REASON = "WirehubDedupeReason";

    /** One store per database URL: two Kamelet instances on one database must see each other's items. */
    private static final Map<String, Dedupe> STORES = new ConcurrentHashMap<>();

    private String databaseUrl = "jdbc:h2:file:./data/wirehub-dedupe;DB_CLOSE_ON_EXIT=FALSE";
    private String databaseUser = "sa";
    private String databasePassword = "";
    private String window = "48h";
    private boolean dropCopies;

    public void setDatabaseUrl(String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    public void setDatabaseUser(String databaseUser) {
        this.databaseUser = databaseUser;
    }

    public void setDatabasePassword(String databasePassword) {
        this.databasePassword = databasePassword;
    }

    /** How far apart in time two items may be and still be the same story ({@code 48h}, {@code 2d}, {@code PT12H}). */
    public void setWindow(String window) {
        this.window = window;
    }

    /** True to drop copies of a story already seen from another source (item.duplicate) too. */
    public void setDropCopies(boolean dropCopies) {
        this.dropCopies = dropCopies;
    }

    /** Route step. */
    public void dedupe(Exchange ex) throws SQLException {
        NinjsItem item = NinjsBodies.item(ex.getMessage().getBody());
        Dedupe store = store();
        DedupeDecision d = store.decide(item);
        if (d.event() == null || dropCopies && DedupeDecision.DUPLICATE.equals(d.event())) {
            // A repeat: nothing downstream, here or in the calling route.
            ex.getMessage().setHeader(REASON, d.reason());
            ex.setRouteStop(true);
            if (d.event() != null) {
                d.rolledBack(); // a dropped copy is not recorded: its story stays as it was
            }
            return;
        }
        ex.getMessage().setBody(NinjsBodies.json(d.item()));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        ex.getMessage().setHeader(EVENT, d.event());
        ex.getMessage().setHeader(STORY, d.storyId());
        ex.getMessage().setHeader(REASON, d.reason());
        // Recorded now: a Kamelet runs on its own copy of the exchange, whose unit of work ends when
        // the Kamelet returns, so "once the route's sink accepted it" cannot be observed from here.
        // The calling route's redelivery retries its sink without deciding again.
        store.recordNow(d);
    }

    private Dedupe store() throws SQLException {
        Dedupe d = STORES.get(databaseUrl);
        if (d != null) {
            return d;
        }
        synchronized (STORES) {
            d = STORES.get(databaseUrl);
            if (d == null) {
                Database db = new Database(databaseUrl, databaseUser, databasePassword, 4);
                DedupeSettings def = DedupeSettings.defaults();
                d = new Dedupe(db.dataSource(), new DedupeSettings(HubConfig.parseDuration(window), def.retention(),
                        def.threshold(), def.bands(), def.rows(), def.minShingles(), def.churnLimit()));
                STORES.put(databaseUrl, d);
            }
            return d;
        }
    }
}
