package io.wirehub.normalize;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what camel-rss's {@code rss:} consumer emits (a ROME {@link SyndFeed}, by default holding
 * one entry per exchange) into wirehub's ninjs items. The feed is written back as XML of its own
 * type (RSS 2.0, Atom...) with ROME and read by wirehub's {@link FeedParser}, so an item comes out
 * as it would from the hub's own poll: same headline, uri, body, dates and language rules.
 *
 * <p>Note: camel-rss fetches the feed itself, through ROME and a plain URL connection, not through
 * wirehub's guarded client: no private-address guard, no size cap, no conditional GET. Prefer the
 * {@code wirehub-feed-source} Kamelet for feeds from untrusted URLs; use this bridge when a route
 * already has {@code rss:} in place. What ROME drops on reading (elements it does not model) is
 * lost here as well.
 *
 * <p>In a route: {@code bean: { beanType: io.wirehub.normalize.RomeBridge, method: items }}.
 */
public final class RomeBridge {
    private RomeBridge() {
    }

    /** Route step: body SyndFeed (or SyndEntry) in, {@code List<NinjsItem>} out. */
    public static List<NinjsItem> items(Exchange ex) throws ParseException {
        Object body = ex.getMessage().getBody();
        if (body instanceof SyndEntry e) {
            return items(wrap(e), null);
        }
        return items(ex.getMessage().getBody(SyndFeed.class), null);
    }

    /** The feed's items, normalized; {@code ctx} may name the feed, its agency and language. */
    public static List<NinjsItem> items(SyndFeed feed, FeedContext ctx) throws ParseException {
        if (feed == null) {
            throw new ParseException("no feed in the body");
        }
        String xml;
        try {
            if (feed.getFeedType() == null) {
                feed.setFeedType("rss_2.0");
            }
            xml = new SyndFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new ParseException("ROME cannot write the feed back: " + e.getMessage(), e);
        }
        String name = ctx != null && ctx.feedId() != null ? ctx.feedId() : "rss";
        FeedContext context = ctx != null ? ctx : new FeedContext(name, null, null, feed.getLink(), null);
        List<NinjsItem> out = new ArrayList<>();
        try (ItemReader r = new Normalizer().open(SourceDocument.ofBytes(name, xml.getBytes(StandardCharsets.UTF_8),
                "application/xml; charset=utf-8", context))) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private static SyndFeed wrap(SyndEntry e) {
        SyndFeed f = new SyndFeedImpl();
        f.setFeedType("rss_2.0");
        f.setTitle("entry");
        f.setLink(e.getLink());
        f.setDescription("entry");
        f.setEntries(List.of(e));
        return f;
    }
}
