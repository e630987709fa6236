package io.wirehub.ingest;

import io.wirehub.HubConfig;
import io.wirehub.Routes;
import io.wirehub.normalize.SourceDocument;
import io.wirehub.store.FeedStateStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Java side of the {@code feed-poll} route template: decides when a feed is due, prepares each
 * request hop (conditional GET, User-Agent), reads the response within the size and time caps,
 * follows redirects itself (so each hop is counted and checked), and keeps each feed's health:
 * error count, last error, last success, backoff.
 */
public class FeedPolling {
    private static final Logger LOG = LoggerFactory.getLogger(FeedPolling.class);
    /** Exchange property: the URL of the next request hop; null when fetching is over. */
    public static final String PROP_URL = "wirehubFetchUrl";
    private static final String PROP_HOPS = "wirehubFetchHops";
    private static final String PROP_DEADLINE = "wirehubFetchDeadline";
    private static final String PROP_VALIDATORS = "wirehubFetchValidators";

    private final HubConfig cfg;
    private final FeedStateStore store;
    private final Map<String, FeedConfig> feeds = new ConcurrentHashMap<>();
    private final Map<String, FeedStateStore.State> states = new ConcurrentHashMap<>();
    /** The time to the next poll after a success, given the feed and its configured interval. */
    private volatile java.util.function.BiFunction<String, Duration, Duration> intervalPolicy = (id, interval) -> interval;

    public FeedPolling(HubConfig cfg, FeedStateStore store, List<FeedConfig> feeds) {
        this.cfg = cfg;
        this.store = store;
        for (FeedConfig f : feeds) {
            this.feeds.put(f.id, f);
        }
    }

    /**
     * Changes the time to the next poll after a success (WebSub: a feed whose hub pushes its content
     * is polled less often, as a fallback).
     */
    public void setIntervalPolicy(java.util.function.BiFunction<String, Duration, Duration> policy) {
        this.intervalPolicy = policy;
    }

    /** The ids of the configured feeds. */
    public java.util.Set<String> feedIds() {
        return java.util.Collections.unmodifiableSet(feeds.keySet());
    }

    /** The feed's configuration. */
    public FeedConfig feed(String id) {
        FeedConfig f = feeds.get(id);
        if (f == null) {
            throw new IllegalArgumentException("unknown feed " + id);
        }
        return f;
    }

    /** The feed's current health (a copy is not needed: read-only use by the API and logs). */
    public FeedStateStore.State state(String feedId) {
        return states.computeIfAbsent(feedId, store::load);
    }

    /** Timer tick: when the feed is due, sets the first hop's URL; otherwise leaves it unset. */
    public void prepare(Exchange ex) {
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feed(id);
        FeedStateStore.State s = state(id);
        Instant now = Instant.now();
        if (s.nextAttemptAt != null && now.isBefore(s.nextAttemptAt)) {
            ex.removeProperty(PROP_URL);
            return;
        }
        ex.setProperty(PROP_URL, f.url);
        ex.setProperty(PROP_HOPS, 0);
        Duration total = HubConfig.parseDuration(f.setting(cfg, "totalTimeout", "wirehub.fetch.total-timeout", "60s"));
        ex.setProperty(PROP_DEADLINE, now.plus(total));
        ex.setProperty(Routes.PROP_SOURCE, id);
    }

    /**
     * Before each request hop: the route has removed every header; only what the request needs is
     * set here. Nothing from a previous response or from feed content becomes a request header.
     */
    public void beforeRequest(Exchange ex) {
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feed(id);
        FeedStateStore.State s = state(id);
        String url = ex.getProperty(PROP_URL, String.class);
        URI u;
        try {
            u = OutboundHttp.parse(url);
        } catch (IllegalArgumentException e) {
            throw new FetchException("refused: " + e.getMessage());
        }
        Message in = ex.getMessage();
        in.setBody(null);
        // The feed's allowance covers its own host only: a redirect elsewhere is guarded as any request.
        Set<String> allowed = u.getHost().equalsIgnoreCase(OutboundHttp.parse(f.url).getHost()) ? f.allowedHosts() : Set.of();
        OutboundHttp.prepare(ex, new OutboundHttp.Target(u, allowed, "feed:" + id));
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("User-Agent", f.setting(cfg, "userAgent", "wirehub.fetch.user-agent",
                "wirehub/0.1 (+https://github.com/wirehub/wirehub)"));
        // The hub decodes compressed bodies itself, so the size cap applies to decoded bytes and a
        // failed read can abort the connection instead of draining it.
        in.setHeader("Accept-Encoding", "gzip, deflate");
        ex.setProperty(Exchange.SKIP_GZIP_ENCODING, Boolean.TRUE);
        in.setHeader("Accept", "application/rss+xml, application/atom+xml, application/feed+json, "
                + "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5");
        if (url.equals(f.url)) {
            if (s.etag != null) {
                in.setHeader("If-None-Match", s.etag);
            }
            if (s.lastModified != null) {
                in.setHeader("If-Modified-Since", s.lastModified);
            }
        }
    }

    /**
     * After each hop: a redirect sets the next hop; 304 ends with no document; 200 ends with the
     * document read under the caps; anything else is a failure with the reason.
     */
    public void afterResponse(Exchange ex) throws IOException {
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feed(id);
        OutboundHttp.clear();
        Message m = ex.getMessage();
        int code = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String url = ex.getProperty(PROP_URL, String.class);
        InputStream body = m.getBody(InputStream.class);
        boolean complete = false;
        try {
            if (code >= 300 && code < 400 && code != 304) {
                String location = m.getHeader("Location", String.class);
                int hops = ex.getProperty(PROP_HOPS, 0, Integer.class) + 1;
                int max = Integer.parseInt(f.setting(cfg, "maxRedirects", "wirehub.fetch.max-redirects", "5"));
                if (location == null || location.isBlank()) {
                    throw new FetchException("HTTP " + code + " redirect without a Location header");
                }
                if (hops > max) {
                    throw new FetchException("too many redirects (more than " + max + ")");
                }
                ex.setProperty(PROP_HOPS, hops);
                URI next;
                try {
                    next = OutboundHttp.resolve(URI.create(url), location);
                } catch (IllegalArgumentException e) {
                    throw new FetchException("HTTP " + code + " redirect refused: " + e.getMessage());
                }
                ex.setProperty(PROP_URL, next.toString());
                m.setBody(null);
                return;
            }
            ex.removeProperty(PROP_URL);
            if (code == 304) {
                m.setBody(null);
                LOG.debug("feed {}: not modified", id);
                return;
            }
            if (code == 429 || code == 503) {
                throw new RetryLaterException("HTTP " + code, retryAfter(m.getHeader("Retry-After", String.class)));
            }
            if (code < 200 || code >= 300) {
                throw new FetchException("HTTP " + code + " from " + url);
            }
            long maxBytes = Long.parseLong(f.setting(cfg, "maxBytes", "wirehub.fetch.max-bytes", "20000000"));
            Instant deadline = ex.getProperty(PROP_DEADLINE, Instant.class);
            byte[] bytes = CappedRead.readAll(CappedRead.decoded(body, m.getHeader("Content-Encoding", String.class)),
                    maxBytes, deadline, id);
            complete = true;
            String ct = m.getHeader("Content-Type", String.class);
            ex.setProperty(PROP_VALIDATORS, new String[]{m.getHeader("ETag", String.class), m.getHeader("Last-Modified", String.class)});
            m.setBody(SourceDocument.ofBytes(id, bytes, ct, f.context(url)));
        } finally {
            CappedRead.release(body, complete);
        }
    }

    /** After a successful poll (document normalized, or 304): health reset, validators kept. */
    public void succeeded(Exchange ex) {
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feed(id);
        FeedStateStore.State s = state(id);
        String[] validators = ex.getProperty(PROP_VALIDATORS, String[].class);
        if (validators != null) {
            s.etag = validators[0];
            s.lastModified = validators[1];
        }
        if (s.errorCount > 0) {
            LOG.info("feed {}: recovered after {} failed attempt(s)", id, s.errorCount);
        }
        s.errorCount = 0;
        s.lastSuccessAt = Instant.now();
        s.nextAttemptAt = Instant.now().plus(intervalPolicy.apply(id, f.intervalDuration()));
        Integer items = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_ITEM_COUNT, Integer.class);
        if (items != null) {
            s.itemsTotal += items;
        }
        List<?> warnings = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_WARNINGS, List.class);
        if (warnings != null && !warnings.isEmpty()) {
            s.malformedCount++;
            LOG.warn("feed {}: {}", id, String.join("; ", warnings.stream().map(String::valueOf).toList()));
        }
        store.save(s);
        if (validators != null) {
            LOG.info("feed {}: fetched, {} item(s) [errors 0, last success {}]", id, items == null ? 0 : items, s.lastSuccessAt);
        }
    }

    /**
     * After a failed poll: count it, back off exponentially (or as Retry-After says), and log once
     * per backoff step with the feed's health.
     */
    public void failed(Exchange ex) {
        OutboundHttp.clear();
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feed(id);
        FeedStateStore.State s = state(id);
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(t);
        s.errorCount++;
        s.lastError = reason;
        s.lastErrorAt = Instant.now();
        Duration backoff;
        Duration base = f.intervalDuration();
        Duration max = cfg.getDuration("wirehub.fetch.max-backoff", Duration.ofHours(6));
        long factor = 1L << Math.min(20, s.errorCount - 1);
        backoff = base.multipliedBy(factor);
        if (t instanceof RetryLaterException r && r.retryAfter() != null && r.retryAfter().compareTo(backoff) > 0) {
            // The server asked for a longer pause: the next poll is scheduled then (never slept in a thread).
            backoff = r.retryAfter();
        }
        if (backoff.compareTo(max) > 0) {
            backoff = max.compareTo(base) > 0 ? max : base;
        }
        s.nextAttemptAt = Instant.now().plus(backoff);
        store.save(s);
        LOG.warn("feed {} ({}) failed: {} [errors in a row {}, last success {}, next attempt in {}]", id, f.url, reason,
                s.errorCount, s.lastSuccessAt == null ? "never" : s.lastSuccessAt, backoff);
    }

    /** The message an operator reads: the root cause's message, with its type when it has none. */
    static String reason(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable c = t;
        // A FetchException or ParseException already says what went wrong, naming the feed or file.
        while (c.getCause() != null && c.getCause() != c && !(c instanceof FetchException)
                && !(c instanceof io.wirehub.normalize.ParseException) && !(c instanceof io.wirehub.normalize.ParseRuntimeException)) {
            c = c.getCause();
        }
        String msg = c.getMessage();
        String type = c.getClass().getSimpleName();
        if (msg == null || msg.isBlank()) {
            return type;
        }
        return c instanceof FetchException || c instanceof io.wirehub.normalize.ParseException
                || c instanceof io.wirehub.normalize.ParseRuntimeException ? msg : type + ": " + msg;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long secs = Long.parseLong(v.strip());
            return Duration.ofSeconds(Math.max(0, Math.min(secs, 86_400)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
