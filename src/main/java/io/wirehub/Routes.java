package io.wirehub;

/** Route ids and stage endpoints, as declared in routes/ (one YAML file per route, named after its id). */
public final class Routes {
    /** Claims the due feeds in the database every wirehub.fetch.tick and hands them to {@link #FEED_POLL}. */
    public static final String FEED_SCHEDULER = "feed-scheduler";
    /** One claimed feed's poll, on one of wirehub.fetch.workers workers (seda:feed-poll). */
    public static final String FEED_POLL = "feed-poll";
    /** Reads the feeds file again when it changed. */
    public static final String FEEDS_RELOAD = "feeds-reload";
    public static final String INBOX = "inbox";
    /** Writes the JSON answer of the /api routes through camel-jackson. */
    public static final String API_REPLY = "api-reply";
    public static final String SAMPLES = "samples";
    public static final String NORMALIZE = "normalize";
    public static final String ITEM_PIPELINE = "item-pipeline";
    public static final String DEDUPE = "dedupe";
    public static final String ENRICH = "enrich";
    /** The publish stage: subscriber matching and the outbox (direct:publish). */
    public static final String PUBLISH = "publish";
    public static final String DELIVER_WEBHOOK = "deliver-webhook";
    public static final String DELIVER_MAIL = "deliver-mail";

    public static final String DIRECT_NORMALIZE = "direct:normalize";
    public static final String DIRECT_ITEM = "direct:item";

    /** Exchange property naming the source (feed id or file) of the current item, for logs and errors. */
    public static final String PROP_SOURCE = "wirehubSource";
    /** Exchange property holding the feed context of the current document. */
    public static final String PROP_FEED = "wirehubFeedId";
    /** Exchange property: the event kind decided by dedupe (item.new, item.updated, ...); absent = drop. */
    public static final String PROP_EVENT = "wirehubEvent";
    /** Exchange property: the {@code io.wirehub.dedupe.DedupeDecision}, recorded once the item was accepted downstream. */
    public static final String PROP_DEDUPE = "wirehubDedupe";
    /** Exchange property: the document's {@code io.wirehub.store.GroupCommit.Ticket} (its items' writes commit in groups). */
    public static final String PROP_COMMIT = "wirehubCommit";
    /** Route purging dedupe state older than the retention. */
    public static final String DEDUPE_RETENTION = "dedupe-retention";
    /** Route compacting the embedded H2 file in small steps. */
    public static final String STORE_MAINTENANCE = "store-maintenance";

    /** Operations API: every feed's health, one feed's, poll now, the latest items. */
    public static final String API_FEEDS = "api-feeds";
    public static final String API_FEED = "api-feed";
    public static final String API_FEED_POLL = "api-feed-poll";
    public static final String API_ITEMS = "api-items";
    /** The operations page (/) and its files (/ui/...). */
    public static final String OPS_PAGE = "ops-page";
    public static final String OPS_ASSETS = "ops-assets";
    /** Checks feed health and sends the owners' alerts through the outbox. */
    public static final String FEED_ALERTS = "feed-alerts";

    private Routes() {
    }
}
