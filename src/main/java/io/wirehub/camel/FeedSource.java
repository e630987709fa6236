package io.wirehub.camel;

import io.wirehub.ingest.CappedRead;
import io.wirehub.ingest.FetchException;
import io.wirehub.ingest.OutboundHttp;
import io.wirehub.ingest.RetryLaterException;
import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.SourceDocument;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.ExchangeBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * The bean of the {@code wirehub-feed-source} Kamelet: one feed polled as the hub polls its feeds
 * ({@code FeedPolling}), without the hub's database: conditional GET (ETag, Last-Modified),
 * redirects followed hop by hop (each hop guarded; the feed's private-address allowance holds for
 * its own host only), body capped once decoded ({@link CappedRead}), exponential backoff after
 * failures (or the server's Retry-After when longer), exact URL ({@link OutboundHttp}).
 *
 * <p>State (validators, backoff, error count) lives in memory, per Kamelet instance: after a
 * restart the first poll fetches the whole feed again, so items come again too (follow with a
 * dedupe step when that matters). The validators are kept only once every item of a poll went
 * through the rest of the route ({@link #delivered}): an item that fails downstream makes the next
 * poll fetch the whole feed again rather than answer 304, so items are emitted at least once.
 *
 * <p>A failed poll is logged (WARN, with the reason and the next attempt) and yields no item; it
 * is not an exception on the route.
 */
public class FeedSource {
    private static final Logger LOG = LoggerFactory.getLogger(FeedSource.class);
    private static final String PROP_VALIDATORS = "wirehubFeedSourceValidators";
    private static final String ENDPOINT = WirehubHttpComponent.NAME + "://wirehub-feed"
            + "?throwExceptionOnFailure=false&followRedirects=false&disableStreamCache=true";

    private URI url;
    private String feedId;
    private boolean allowPrivate;
    private String agency;
    private String language;
    private String format = "auto";
    private Duration interval = Duration.ofMinutes(10);
    private Duration maxBackoff = Duration.ofHours(6);
    private Duration totalTimeout = Duration.ofSeconds(60);
    private long maxBytes = 20_000_000L;
    private int maxRedirects = 5;
    private String userAgent = "wirehub/0.1 (+https://github.com/wirehub/wirehub)";

    // In-memory feed state, touched by the one timer thread of this Kamelet instance.
    private volatile String etag;
    private volatile String lastModified;
    private volatile Instant nextAttemptAt;
    private volatile int errorCount;
    private volatile String lastError;
    private final LazyProducer producer = new LazyProducer(ENDPOINT);

    public void setUrl(String url) {
        this.url = OutboundHttp.parse(url);
    }

    /** Names the feed in logs and in each item's {@code feed} alt id; default: the URL's host. */
    public void setFeedId(String feedId) {
        this.feedId = NormalizeAction.blankToNull(feedId);
    }

    public void setAllowPrivate(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public void setAgency(String agency) {
        this.agency = NormalizeAction.blankToNull(agency);
    }

    public void setLanguage(String language) {
        this.language = NormalizeAction.blankToNull(language);
    }

    public void setFormat(String format) {
        this.format = NormalizeAction.blankToNull(format) == null ? "auto" : format.strip();
    }

    /** As the timer's period: {@code 10m}, {@code 30s}, {@code 1h}... */
    public void setInterval(String interval) {
        this.interval = duration(interval);
    }

    public void setMaxBackoff(String maxBackoff) {
        this.maxBackoff = duration(maxBackoff);
    }

    public void setTotalTimeout(String totalTimeout) {
        this.totalTimeout = duration(totalTimeout);
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void setMaxRedirects(int maxRedirects) {
        this.maxRedirects = maxRedirects;
    }

    public void setUserAgent(String userAgent) {
        if (userAgent != null && !userAgent.isBlank()) {
            this.userAgent = userAgent.strip();
        }
    }

    /** Failed polls in a row (0 after a success). */
    public int errorCount() {
        return errorCount;
    }

    /** The reason of the last failure, or null. */
    public String lastError() {
        return lastError;
    }

    private String id() {
        return feedId != null ? feedId : url.getHost();
    }

    /**
     * Timer tick: when the feed is due, fetches and normalizes it; the body becomes the list of its
     * items as ninjs JSON (empty when not due, not modified, or failed).
     */
    public List<String> poll(Exchange ex) {
        Instant now = Instant.now();
        // The timer ticks every interval; a tenth of it absorbs the tick's drift.
        if (nextAttemptAt != null && now.plus(interval.dividedBy(10)).isBefore(nextAttemptAt)) {
            return List.of();
        }
        try {
            List<NinjsItem> items = fetch(ex, now.plus(totalTimeout));
            if (errorCount > 0) {
                LOG.info("feed {}: recovered after {} failed attempt(s)", id(), errorCount);
            }
            errorCount = 0;
            lastError = null;
            nextAttemptAt = null;
            return items == null ? List.of() : items.stream().map(NinjsBodies::json).toList();
        } catch (Exception e) {
            failed(e);
            return List.of();
        }
    }

    /** After the items of a poll went through the route: the validators are kept for the next GET. */
    public void delivered(Exchange ex) {
        String[] v = ex.getProperty(PROP_VALIDATORS, String[].class);
        if (v != null) {
            etag = v[0];
            lastModified = v[1];
            ex.removeProperty(PROP_VALIDATORS);
        }
    }

    /** The document's items; null when not modified. */
    private List<NinjsItem> fetch(Exchange ex, Instant deadline) throws Exception {
        CamelContext ctx = ex.getContext();
        URI current = url;
        for (int hops = 0; ; hops++) {
            Exchange req = ExchangeBuilder.anExchange(ctx).build();
            Message m = req.getMessage();
            // The allowance covers the feed's own host: a redirect elsewhere is guarded as any request.
            Set<String> allowed = allowPrivate && current.getHost().equalsIgnoreCase(url.getHost()) ? Set.of(url.getHost()) : Set.of();
            OutboundHttp.prepare(req, new OutboundHttp.Target(current, allowed, "kamelet-feed:" + id()));
            m.setHeader(Exchange.HTTP_METHOD, "GET");
            m.setHeader("User-Agent", userAgent);
            // Decoded here, so the cap applies to decoded bytes.
            m.setHeader("Accept-Encoding", "gzip, deflate");
            req.setProperty(Exchange.SKIP_GZIP_ENCODING, Boolean.TRUE);
            m.setHeader("Accept", "application/rss+xml, application/atom+xml, application/feed+json, "
                    + "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5");
            if (current.equals(url)) {
                if (etag != null) {
                    m.setHeader("If-None-Match", etag);
                }
                if (lastModified != null) {
                    m.setHeader("If-Modified-Since", lastModified);
                }
            }
            try {
                producer.get(ctx).process(req);
            } finally {
                OutboundHttp.clear();
            }
            if (req.getException() != null) {
                throw req.getException();
            }
            m = req.getMessage(); // the producer may have replaced it with the response
            int code = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            InputStream body = m.getBody(InputStream.class);
            boolean complete = false;
            try {
                if (code >= 300 && code < 400 && code != 304) {
                    String location = m.getHeader("Location", String.class);
                    if (location == null || location.isBlank()) {
                        throw new FetchException("HTTP " + code + " redirect without a Location header");
                    }
                    if (hops + 1 > maxRedirects) {
                        throw new FetchException("too many redirects (more than " + maxRedirects + ")");
                    }
                    try {
                        current = OutboundHttp.resolve(current, location);
                    } catch (IllegalArgumentException e) {
                        throw new FetchException("HTTP " + code + " redirect refused: " + e.getMessage());
                    }
                    continue;
                }
                if (code == 304) {
                    return null;
                }
                if (code == 429 || code == 503) {
                    throw new RetryLaterException("HTTP " + code, retryAfter(m.getHeader("Retry-After", String.class)));
                }
                if (code < 200 || code >= 300) {
                    throw new FetchException("HTTP " + code + " from " + current);
                }
                byte[] bytes = CappedRead.readAll(CappedRead.decoded(body, m.getHeader("Content-Encoding", String.class)),
                        maxBytes, deadline, id());
                complete = true;
                ex.setProperty(PROP_VALIDATORS, new String[]{m.getHeader("ETag", String.class), m.getHeader("Last-Modified", String.class)});
                SourceDocument doc = SourceDocument.ofBytes(id(), bytes, m.getHeader("Content-Type", String.class),
                        new FeedContext(id(), agency, language, current.toString(), format));
                return NinjsBodies.items(doc);
            } finally {
                CappedRead.release(body, complete);
            }
        }
    }

    private void failed(Exception e) {
        errorCount++;
        Throwable root = e;
        while (!(root instanceof FetchException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastError = root instanceof FetchException || root.getMessage() == null ? String.valueOf(root.getMessage())
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        Duration backoff = interval.multipliedBy(1L << Math.min(20, errorCount - 1));
        if (e instanceof RetryLaterException r && r.retryAfter() != null && r.retryAfter().compareTo(backoff) > 0) {
            backoff = r.retryAfter();
        }
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff.compareTo(interval) > 0 ? maxBackoff : interval;
        }
        nextAttemptAt = Instant.now().plus(backoff);
        LOG.warn("feed {} ({}) failed: {} [errors in a row {}, next attempt in {}]", id(), url, lastError, errorCount, backoff);
    }

    /** As Camel reads the timer's period: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}, or milliseconds. */
    static Duration duration(String v) {
        return Duration.ofMillis(org.apache.camel.util.TimeUtils.toMilliSeconds(v.strip()));
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Math.min(Long.parseLong(v.strip()), 86_400)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }
}
