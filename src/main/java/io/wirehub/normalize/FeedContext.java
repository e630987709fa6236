package io.wirehub.normalize;

/**
 * What the hub knows of a source before reading it.
 *
 * @param feedId       the feed id from config/feeds.yaml, the push feed id, or "inbox"
 * @param agency       the agency or outlet declared for the feed (AFP, VNA, ...), or null
 * @param languageHint the language declared in config, used when the document declares none
 * @param baseUrl      the URL the document was fetched from, to resolve relative links
 * @param format       a forced format name, or null/"auto" to detect it from the content
 */
public record FeedContext(String feedId, String agency, String languageHint, String baseUrl, String format) {

    public static FeedContext of(String feedId) {
        return new FeedContext(feedId, null, null, null, null);
    }
}
