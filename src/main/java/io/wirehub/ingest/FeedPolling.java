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
 * The Java side of feed polling. The {@code feed-scheduler} route ticks and calls {@link #claimDue}:
 * the due feeds are claimed in the database in batches, as many as the poll workers can take, and
 * each goes to the {@code feed-poll} route (a bounded pool of workers, {@code wirehub.fetch.workers}).
 * There, this class prepares each request hop (conditional GET, User-Agent), reads the response
 * within the size and time caps, follows redirects itself (so each hop is counted and checked), and
 * keeps each feed's health: error count, last error, last success, backoff. A failing or slow feed
 * holds one worker at most, for at most its total timeout; its backoff and {@code Retry-After} are
 * stored as its next poll time, never slept.
 */
public class FeedPolling {
    private static final Logger LOG = LoggerFactory.getLogger(FeedPolling.class);
    /** Exchange property: the URL of the next request hop; null when fetching is over. */
    public static final String PROP_URL = "wirehubFetchUrl";
    private static final String PROP_HOPS = "wirehubFetchHops";
    private static final String PROP_DEADLINE = "wirehubFetchDeadline";
    private static final String PROP_VALIDATORS = "wirehubFetchValidators";
    private static final String PROP_CLAIMED = "wirehubFetchClaimed";
    /** Exchange property: the feed's configuration as it was when the poll began (a reload mid-poll changes nothing). */
    private static final String PROP_CONFIG = "wirehubFetchConfig";
    /** Exchange property: the read timeout of this poll's requests, in ms (feed-poll's http endpoint). */
    public static final String PROP_READ_TIMEOUT = "wirehubReadTimeout";
    /** Exchange property set by {@link #claimDue}: true while more feeds may be due than were claimed. */
    public static final String PROP_MORE_DUE = "wirehubMoreDue";

    private final HubConfig cfg;
    private final FeedStateStore store;
    private final Map<String, FeedConfig> feeds = new ConcurrentHashMap<>();
    private final Map<String, FeedStateStore.State> states = new ConcurrentHashMap<>();
    /** The time to the next poll after a success, given the feed and its configured interval. */
    private volatile java.util.function.BiFunction<String, Duration, Duration> intervalPolicy = (id, interval) -> interval;
    /** Missed-item counter (none until the hub's metrics are bound). */
    private volatile io.wirehub.ops.HubMetrics metrics = io.wirehub.ops.HubMetrics.DISABLED;
    private final Duration minInterval;
    /**
     * Feeds claimed by this node and not yet polled to the end, and since when: their leases are
     * renewed, a poll asked through the API never runs beside the scheduled one, and their count
     * bounds the next claim (every poll ends within its timeouts, and removes its mark).
     */
    private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
    private final double silentFactor;
    private final Duration silentMin;
    /** This node's name in feed leases (see {@link io.wirehub.cluster.ClusterNode}). */
    private final String node;
    /** How long a claimed poll holds its feed against the other nodes (longer than any poll takes). */
    private final Duration pollLease;
    /** Feeds asked to poll now (API): their next claim ignores the schedule. */
    private final Set<String> forced = ConcurrentHashMap.newKeySet();
    /** Feeds claimed and not yet polled to the end, at most: the workers plus as many waiting. */
    private volatile int capacity = 16;
    /** Feeds claimed per statement at most. */
    private volatile int claimBatch = 100;
    /** Signalled when a poll ends, so a scheduler waiting for a free worker claims again at once. */
    private final Object slots = new Object();
    /** The feeds file, read again when it changes (see {@link #reloadIfChanged}). */
    private volatile io.wirehub.ConfigFile.Watched<List<FeedConfig>> feedsFile;
    private final List<Runnable> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How often the scheduler looks for due feeds; also its longest wait for a free worker. */
    private final Duration tick;

    public FeedPolling(HubConfig cfg, FeedStateStore store, List<FeedConfig> feeds) {
        this.cfg = cfg;
        this.store = store;
        this.node = io.wirehub.cluster.ClusterNode.id(cfg);
        this.pollLease = cfg.getDuration("wirehub.cluster.poll-lease", Duration.ofMinutes(1));
        this.tick = cfg.getDuration("wirehub.fetch.tick", Duration.ofSeconds(1));
        for (FeedConfig f : feeds) {
            this.feeds.put(f.id, f);
        }
        this.minInterval = cfg.getDuration("wirehub.feeds.min-interval", Duration.ofMinutes(1));
        this.silentFactor = Double.parseDouble(cfg.get("wirehub.feeds.silent-factor", "5"));
        this.silentMin = cfg.getDuration("wirehub.feeds.silent-min", Duration.ofHours(1));
    }

    /** Reports missed items to these metrics. */
    public void metrics(io.wirehub.ops.HubMetrics m) {
        this.metrics = m == null ? io.wirehub.ops.HubMetrics.DISABLED : m;
    }

    /**
     * Sizes the claims: at most {@code workers * 2} feeds claimed and not finished (the workers'
     * polls and as many waiting for a worker), and at most {@code batch} claimed per statement.
     */
    public void workers(int workers, int batch) {
        this.capacity = Math.max(1, workers) * 2;
        this.claimBatch = Math.max(1, batch);
    }

    /**
     * Replaces the configured feeds (feeds.yaml read again): new feeds are polled from the next
     * tick, removed or disabled ones are no longer claimed (a poll running finishes), changed ones
     * are polled with their new settings from their next poll. The database's table of feeds is
     * brought in line ({@link FeedStateStore#sync}), so the other nodes stop claiming removed ones too.
     */
    public void replaceFeeds(List<FeedConfig> next) {
        Map<String, FeedConfig> byId = new java.util.LinkedHashMap<>();
        for (FeedConfig f : next) {
            byId.put(f.id, f);
        }
        feeds.keySet().retainAll(byId.keySet());
        feeds.putAll(byId);
        states.keySet().retainAll(byId.keySet());
        syncTable();
    }

    /** Runs {@code r} after the feeds file was read again and put in force (the owner alerts' subscribers). */
    public void onReload(Runnable r) {
        reloadListeners.add(r);
    }

    /** Watches this feeds file: {@link #reloadIfChanged} reads it again when it changed. */
    public void watch(java.nio.file.Path file) {
        this.feedsFile = new io.wirehub.ConfigFile.Watched<>(file, "the feeds", FeedConfig::load);
    }

    /**
     * The {@code feeds-reload} route's tick: when the feeds file changed since it was last read, reads
     * it and puts it in force ({@link #replaceFeeds}). A file with a mistake changes nothing: the
     * feeds stay as they were, and every problem is logged once.
     *
     * @return true when the feeds were replaced
     */
    public synchronized boolean reloadIfChanged() {
        io.wirehub.ConfigFile.Watched<List<FeedConfig>> watched = feedsFile;
        List<FeedConfig> next = watched == null ? null : watched.changed();
        if (next == null) {
            return false;
        }
        java.nio.file.Path file = watched.file();
        Set<String> before = Set.copyOf(feeds.keySet());
        replaceFeeds(next);
        for (Runnable r : reloadListeners) {
            r.run();
        }
        long added = next.stream().filter(f -> !before.contains(f.id)).count();
        long removed = before.stream().filter(id -> !feeds.containsKey(id)).count();
        LOG.info("{} read again: {} feed(s), {} added, {} removed, the others with their settings as now written", file,
                next.size(), added, removed);
        return true;
    }

    /** Records in the database which feeds are configured and enabled, with their intervals. */
    public int syncTable() {
        Map<String, Long> active = new java.util.HashMap<>();
        for (FeedConfig f : feeds.values()) {
            if (f.enabled) {
                active.put(f.id, f.intervalDuration().toMillis());
            }
        }
        return store.sync(active, Instant.now());
    }

    /** Polls the feed now, whatever its schedule or backoff; false for an unknown or disabled feed. */
    public boolean pollNow(String id) {
        FeedConfig f = feeds.get(id);
        if (f == null || !f.enabled) {
            return false;
        }
        state(id).nextAttemptAt = null;
        // the scheduler's next round (within wirehub.fetch.tick) claims it, schedule or not
        forced.add(id);
        return true;
    }

    /** The interval the feed is polled at now: its own, divided while it overflows, never below the floor. */
    public Duration currentInterval(String id) {
        FeedConfig f = feed(id);
        Duration base = intervalPolicy.apply(id, f.intervalDuration());
        int speedup = state(id).speedup;
        if (speedup <= 1) {
            return base;
        }
        Duration d = base.dividedBy(speedup);
        Duration floor = minInterval.compareTo(base) < 0 ? minInterval : base;
        return d.compareTo(floor) < 0 ? floor : d;
    }

    /** The feed's health now. */
    public FeedHealth health(String id) {
        FeedConfig f = feed(id);
        FeedStateStore.State s = state(id);
        Instant now = Instant.now();
        Duration interval = currentInterval(id);
        synchronized (s) {
            return new FeedHealth(id, f.url, FeedHealth.stateOf(f, s, interval, now, silentFactor, silentMin), f.enabled,
                    s.lastSuccessAt, s.lastError, s.lastErrorAt, s.errorCount, f.enabled ? s.nextAttemptAt : null,
                    RecentItems.lastDay(s.recentItems, now), s.usualGapMs == null ? null : Duration.ofMillis(s.usualGapMs),
                    s.lenient, s.overflowing, s.overflowCount, interval, s.lastNewItemAt, s.failingSince, s.itemsTotal, f.owner);
        }
    }

    /** Persists a feed's state after another part (the alerts) changed it. */
    public void save(FeedStateStore.State s) {
        store.save(s);
    }

    /**
     * Records an owner alert for the feed unless another node recorded one since this node read the
     * feed's state; false (and the state re-read) when another did, so one node alerts, not each.
     */
    public boolean claimAlert(FeedStateStore.State s, String alerted, Instant at) {
        if (store.claimAlert(s, alerted, at)) {
            synchronized (s) {
                s.alerted = alerted;
                s.alertedAt = at;
            }
            return true;
        }
        store.refresh(s);
        return false;
    }

    /**
     * Extends this node's leases on the feeds it is polling now by {@code wirehub.cluster.poll-lease}
     * (run every third of it), so a poll that takes longer than the lease is never taken over while
     * this node lives; after a crash the feeds are free again one lease later.
     */
    public void renewLeases() {
        store.renew(node, java.util.List.copyOf(inFlight.keySet()), Instant.now().plus(pollLease));
    }

    /** How long a claimed poll holds its feed without renewal. */
    public Duration pollLease() {
        return pollLease;
    }

    /** Makes the feed due at {@code at} on every node (the schedule is in the database). */
    public void dueAt(String id, Instant at) {
        state(id).nextAttemptAt = at;
        store.dueAt(id, at);
    }

    /** This node's name in the feeds' leases. */
    public String node() {
        return node;
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

    /**
     * The feed's state as the database has it now: in a cluster another node may have polled the
     * feed since this node last did (the owner alerts run on one node and read every owned feed so).
     */
    public FeedStateStore.State freshState(String feedId) {
        return store.refresh(state(feedId));
    }

    /** The feed's current health (a copy is not needed: read-only use by the API and logs). */
    public FeedStateStore.State state(String feedId) {
        return states.computeIfAbsent(feedId, store::load);
    }

    /**
     * One round of the {@code feed-scheduler} route: waits (at most one tick) until a worker
     * is free, then claims the feeds asked to poll now and as many due feeds as the workers can take
     * (earliest due first, at most a batch), marks them in flight and sets them as the body (a list of
     * ids), each to go to the {@code feed-poll} route. Sets {@link #PROP_MORE_DUE} when the claim was
     * full, so the route claims again as soon as workers free up instead of waiting for the next tick.
     */
    public List<String> claimDue(Exchange ex) throws InterruptedException {
        ex.setProperty(PROP_MORE_DUE, false);
        long until = System.currentTimeMillis() + tick.toMillis();
        // A claim waits for a quarter of the slots (half the workers' worth): the workers still have
        // as many claimed feeds waiting, and the node claims in batches rather than a feed at a time.
        int least = Math.max(1, capacity / 4);
        synchronized (slots) {
            while (capacity - inFlight.size() < least && System.currentTimeMillis() < until
                    && !ex.getContext().isStopping()) {
                slots.wait(Math.max(1, until - System.currentTimeMillis()));
            }
        }
        int free = capacity - inFlight.size();
        if (free <= 0 || ex.getContext().isStopping()) {
            return List.of();
        }
        Instant now = Instant.now();
        Instant leaseUntil = now.plus(pollLease);
        List<String> out = new java.util.ArrayList<>();
        for (String id : List.copyOf(forced)) {
            if (out.size() >= free) {
                break;
            }
            forced.remove(id);
            FeedConfig f = feeds.get(id);
            if (f == null || !f.enabled || inFlight.putIfAbsent(id, now) != null) {
                continue;
            }
            boolean claimed;
            try {
                claimed = store.claim(id, node, now, now.plus(currentInterval(id)), leaseUntil, true);
            } catch (RuntimeException e) {
                inFlight.remove(id);
                throw e;
            }
            if (claimed) {
                out.add(id);
            } else {
                inFlight.remove(id);
                LOG.info("feed {}: not polled now, node {} is polling it", id, store.leasedBy(id, now));
            }
        }
        int want = Math.min(claimBatch, free - out.size());
        if (want > 0) {
            List<String> claimed = store.claimDue(node, now, leaseUntil, want);
            for (String id : claimed) {
                if (inFlight.putIfAbsent(id, now) == null) {
                    out.add(id);
                }
                // else: polled through the API meanwhile; the claim's schedule stands
            }
            ex.setProperty(PROP_MORE_DUE, claimed.size() == want);
        }
        ex.getMessage().setBody(out);
        return out;
    }

    /**
     * First step of a claimed feed's poll ({@code feed-poll} route, on a worker): reads the state
     * the last poll left (validators, backoff, health, whichever node wrote them) and sets the first
     * hop's URL. A feed removed or disabled since its claim is let go without a request.
     */
    public void prepare(Exchange ex) {
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feeds.get(id);
        Instant now = Instant.now();
        if (f == null || !f.enabled) {
            try {
                store.release(id, node);
            } finally {
                ended(id);
            }
            ex.removeProperty(PROP_URL);
            return;
        }
        try {
            FeedStateStore.State s = state(id);
            store.refresh(s);
        } catch (RuntimeException e) {
            ended(id);
            throw e;
        }
        ex.setProperty(PROP_CONFIG, f);
        ex.setProperty(PROP_URL, f.url);
        ex.setProperty(PROP_CLAIMED, now);
        ex.setProperty(PROP_HOPS, 0);
        Duration total = HubConfig.parseDuration(f.setting(cfg, "totalTimeout", "wirehub.fetch.total-timeout", "60s"));
        ex.setProperty(PROP_DEADLINE, now.plus(total));
        ex.setProperty(PROP_READ_TIMEOUT, HubConfig.parseDuration(f.setting(cfg, "readTimeout", "wirehub.fetch.read-timeout", "30s")).toMillis());
        ex.setProperty(Routes.PROP_SOURCE, id);
    }

    /** The configuration the poll under way began with (the current one outside a poll). */
    private FeedConfig feed(Exchange ex) {
        FeedConfig f = ex.getProperty(PROP_CONFIG, FeedConfig.class);
        return f != null ? f : feed(ex.getProperty(Routes.PROP_FEED, String.class));
    }

    /** A poll ended (or never began): the feed is no longer in flight and a worker is free. */
    private void ended(String id) {
        inFlight.remove(id);
        synchronized (slots) {
            slots.notifyAll();
        }
    }

    /**
     * Before each request hop: the route has removed every header; only what the request needs is
     * set here. Nothing from a previous response or from feed content becomes a request header.
     */
    public void beforeRequest(Exchange ex) {
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        FeedConfig f = feed(ex);
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
        FeedConfig f = feed(ex);
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
        try {
            recordSuccess(ex, id);
        } finally {
            ended(id);
        }
    }

    private void recordSuccess(Exchange ex, String id) {
        if (!feeds.containsKey(id)) {
            store.release(id, node); // removed from feeds.yaml while it was polled
            return;
        }
        FeedStateStore.State s = state(id);
        String[] validators = ex.getProperty(PROP_VALIDATORS, String[].class);
        if (validators != null) {
            s.etag = validators[0];
            s.lastModified = validators[1];
        }
        if (s.errorCount > 0) {
            LOG.info("feed {}: recovered after {} failed attempt(s)", id, s.errorCount);
        }
        Instant now = Instant.now();
        synchronized (s) {
            s.errorCount = 0;
            s.failingSince = null;
            s.lastSuccessAt = now;
            Integer items = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_ITEM_COUNT, Integer.class);
            if (items != null) {
                s.itemsTotal += items;
            }
            List<?> warnings = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_WARNINGS, List.class);
            if (validators != null) {
                s.lenient = warnings != null && !warnings.isEmpty();
                @SuppressWarnings("unchecked")
                List<String> ids = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_ITEM_IDS, List.class);
                if (ids != null) {
                    compareWithLastPoll(id, s, ids, now);
                }
            }
            if (warnings != null && !warnings.isEmpty()) {
                s.malformedCount++;
                LOG.warn("feed {}: {}", id, String.join("; ", warnings.stream().map(String::valueOf).toList()));
            }
            Duration interval = currentInterval(id);
            s.nextAttemptAt = now.plus(interval);
            s.pollIntervalMs = interval.toMillis();
        }
        store.save(s, true);
        Integer items = ex.getProperty(io.wirehub.normalize.NormalizeStage.PROP_ITEM_COUNT, Integer.class);
        if (validators != null) {
            Instant claimed = ex.getProperty(PROP_CLAIMED, Instant.class);
            LOG.info("feed {}: fetched, {} item(s) in {} ms by node {} [errors 0, last success {}]", id, items == null ? 0 : items,
                    claimed == null ? 0 : Duration.between(claimed, now).toMillis(), node, s.lastSuccessAt);
        }
    }

    /**
     * After a failed poll: count it, back off exponentially (or as Retry-After says), and log once
     * per backoff step with the feed's health.
     */
    public void failed(Exchange ex) {
        OutboundHttp.clear();
        String id = ex.getProperty(Routes.PROP_FEED, String.class);
        try {
            recordFailure(ex, id);
        } finally {
            ended(id);
        }
    }

    private void recordFailure(Exchange ex, String id) {
        if (!feeds.containsKey(id)) {
            store.release(id, node); // removed from feeds.yaml while it was polled
            return;
        }
        FeedConfig f = feed(ex);
        FeedStateStore.State s = state(id);
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(t);
        s.errorCount++;
        s.lastError = reason;
        s.lastErrorAt = Instant.now();
        if (s.failingSince == null) {
            s.failingSince = s.lastErrorAt;
        }
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
        store.save(s, true);
        LOG.warn("feed {} ({}) failed: {} [errors in a row {}, last success {}, next attempt in {}]", id, f.url, reason,
                s.errorCount, s.lastSuccessAt == null ? "never" : s.lastSuccessAt, backoff);
    }

    /**
     * Missed-item detection: a poll whose items are all new while none of the previous poll's items
     * is still in the feed means the feed published more than its window holds between the two
     * polls (items were pushed out unseen). The feed is then marked overflowing and polled twice as
     * often, down to {@code wirehub.feeds.min-interval}; each poll that overlaps the previous one
     * again doubles the interval back towards the feed's own. Also keeps the usual gap between new
     * items and the new items of the last day.
     */
    private void compareWithLastPoll(String id, FeedStateStore.State s, List<String> ids, Instant now) {
        java.util.Set<String> prev = new java.util.HashSet<>();
        if (s.lastItems != null && !s.lastItems.isEmpty()) {
            prev.addAll(java.util.Arrays.asList(s.lastItems.split(",")));
        }
        java.util.LinkedHashSet<String> cur = new java.util.LinkedHashSet<>();
        synchronized (ids) {
            for (String uri : ids) {
                cur.add(hash(uri));
            }
        }
        int fresh = 0;
        for (String h : cur) {
            if (!prev.contains(h)) {
                fresh++;
            }
        }
        if (!prev.isEmpty() && !cur.isEmpty()) {
            if (fresh == cur.size()) {
                s.overflowCount++;
                metrics.missedItems(id);
                if (!s.overflowing) {
                    LOG.warn("feed {}: none of the previous poll's {} item(s) is still in the feed and all {} are new: items were"
                            + " probably published and pushed out between polls; polling it faster", id, prev.size(), cur.size());
                }
                s.overflowing = true;
                if (currentInterval(id).compareTo(minInterval) > 0) {
                    s.speedup = Math.min(s.speedup * 2, 1 << 20);
                }
            } else {
                if (s.overflowing) {
                    LOG.info("feed {}: polls overlap again (no missed items)", id);
                }
                s.overflowing = false;
                s.speedup = Math.max(1, s.speedup / 2);
            }
        }
        if (fresh > 0) {
            if (!prev.isEmpty() && s.lastNewItemAt != null) {
                long sample = Duration.between(s.lastNewItemAt, now).toMillis() / fresh;
                s.usualGapMs = s.usualGapMs == null ? sample : Math.round(s.usualGapMs * 0.7 + sample * 0.3);
            }
            s.lastNewItemAt = now;
            s.recentItems = RecentItems.add(s.recentItems, now, fresh);
        }
        if (!cur.isEmpty()) {
            // at most 1000 ids kept (17 bytes each): enough to tell overlap for any real feed window
            s.lastItems = String.join(",", cur.stream().limit(1000).toList());
        }
    }

    private static String hash(String uri) {
        long h = 1125899906842597L;
        for (int i = 0; i < uri.length(); i++) {
            h = 31 * h + uri.charAt(i);
        }
        long h2 = uri.hashCode();
        return Long.toHexString(h ^ (h2 << 32));
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
