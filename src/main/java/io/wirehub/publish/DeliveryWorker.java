package io.wirehub.publish;

import io.wirehub.HubConfig;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers from the outbox. One dispatcher thread leases due rows and hands them to a bounded pool;
 * each subscriber has at most its {@code maxConcurrency} deliveries in flight, and subscribers at
 * their limit are left out of the lease query, so a subscriber that never answers holds only its
 * own slots and never delays the others. Webhooks and mails go through the {@code deliver-webhook}
 * and {@code deliver-mail} routes (headers cleared, then only what the channel needs);
 * files are written directly; Atom rows are marked delivered and served by the feed endpoint.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final SubscriberStore subscribers;
    private final Outbox outbox;
    private final RetryPolicy retry;
    private final ProducerTemplate producer;
    private final FileChannel files;
    /** False when the channel is shared with the publish step, which may still write while the worker stops. */
    private final boolean ownsFiles;
    private final FileFailureLog fileFailures;
    private final int poolSize;
    private final int defaultConcurrency;
    private final Duration lease;
    private final Duration pollInterval;
    private final ExecutorService pool;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final Set<String> digestsInFlight = ConcurrentHashMap.newKeySet();
    /** Rows being delivered here: one whose lease ran out meanwhile and is leased again is not sent twice. */
    private final Set<String> rowsInFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean signalled;
    /** A delivery finished since the last claim: its subscriber may take another. */
    private volatile boolean slotFreed;
    /** After a claim that came back short because of full subscribers: no new claim before this, unless a slot frees. */
    private Instant quietUntil = Instant.EPOCH;
    private static final Duration QUIET = Duration.ofMillis(250);
    private volatile boolean running;
    private Thread dispatcher;
    private Thread recorder;
    private final Duration claimWindow;
    private Instant nextDigestCheck = Instant.EPOCH;
    private Instant nextPurge = Instant.EPOCH;
    private final Duration retention;
    /** The longest wait a receiver's Retry-After may impose (wirehub.delivery.max-retry-after). */
    private final Duration maxRetryAfter;
    /** Paused channels, by subscriber id and channel index (see {@link Pause}). */
    private final Map<Outbox.ChannelRef, Pause> paused = new ConcurrentHashMap<>();

    /** Counters for logs and the benchmark. */
    public final AtomicLong delivered = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong deadLettered = new AtomicLong();
    /** Deliveries by channel and outcome, delivery latency (none until the hub's metrics are bound). */
    private volatile io.wirehub.ops.HubMetrics metrics = io.wirehub.ops.HubMetrics.DISABLED;

    public DeliveryWorker(HubConfig cfg, SubscriberStore subscribers, Outbox outbox, RetryPolicy retry, ProducerTemplate producer) {
        this(cfg, subscribers, outbox, retry, producer, new FileChannel(), new FileFailureLog(retry), true);
    }

    /**
     * A worker writing files through {@code files} and reporting their failures to {@code fileFailures},
     * shared with the publish step's {@link OwnOutputLane} (one lock and one line index per day file).
     */
    DeliveryWorker(HubConfig cfg, SubscriberStore subscribers, Outbox outbox, RetryPolicy retry, ProducerTemplate producer,
                   FileChannel files, FileFailureLog fileFailures) {
        this(cfg, subscribers, outbox, retry, producer, files, fileFailures, false);
    }

    private DeliveryWorker(HubConfig cfg, SubscriberStore subscribers, Outbox outbox, RetryPolicy retry, ProducerTemplate producer,
                           FileChannel files, FileFailureLog fileFailures, boolean ownsFiles) {
        this.ownsFiles = ownsFiles;
        this.subscribers = subscribers;
        this.outbox = outbox;
        this.retry = retry;
        this.files = files;
        this.fileFailures = fileFailures;
        this.producer = producer;
        this.poolSize = cfg.getInt("wirehub.delivery.workers", 16);
        this.defaultConcurrency = cfg.getInt("wirehub.delivery.max-concurrency-per-subscriber", 4);
        this.lease = cfg.getDuration("wirehub.delivery.lease", Duration.ofMinutes(2));
        this.pollInterval = cfg.getDuration("wirehub.delivery.poll-interval", Duration.ofSeconds(1));
        this.claimWindow = cfg.getDuration("wirehub.delivery.claim-window", Duration.ofMillis(5));
        this.retention = cfg.getDuration("wirehub.delivery.retention", Duration.ofDays(7));
        this.maxRetryAfter = cfg.getDuration("wirehub.delivery.max-retry-after", Duration.ofHours(1));
        this.pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "wirehub-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reports deliveries to these metrics. */
    public void metrics(io.wirehub.ops.HubMetrics m) {
        this.metrics = m == null ? io.wirehub.ops.HubMetrics.DISABLED : m;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        dispatcher = new Thread(this::loop, "wirehub-outbox");
        dispatcher.setDaemon(true);
        dispatcher.start();
        recorder = new Thread(this::recordLoop, "wirehub-outbox-record");
        recorder.setDaemon(true);
        recorder.start();
    }

    /** Group commit of successful deliveries: whatever finished during the last commit goes in the next. */
    private void recordLoop() {
        while (running || busy.get() > 0) {
            try {
                outbox.flushDelivered(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("cannot record deliveries (kept, retried): {}", e.getMessage());
            }
        }
    }

    /** Test seam: the file channels open their files through {@code o} (set before the first delivery). */
    void fileOpener(FileOpener o) {
        files.opener(o);
    }

    /** Something was enqueued or freed: look at the outbox now rather than at the next poll. */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            // Claim in batches: wait a few ms after a claim so that the slots freed meanwhile are
            // filled by one claim (one commit) rather than one commit per delivery.
            if (claimWindow.toMillis() > 0) {
                try {
                    Thread.sleep(claimWindow.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int n = 0;
            try {
                n = dispatchOnce();
            } catch (Exception e) {
                LOG.warn("outbox poll failed: {}", e.getMessage());
            }
            if (n == 0) {
                lock.lock();
                try {
                    if (!signalled && running) {
                        wake.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    signalled = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** True when no subscriber could take a delivery now (each is disabled or at its concurrency). */
    private boolean everySubscriberFull(Set<String> full) {
        if (full.isEmpty()) {
            return false;
        }
        for (Subscriber s : subscribers.all()) {
            if (!full.contains(s.id())) {
                return false;
            }
        }
        return true;
    }

    private int concurrency(String subscriberId) {
        Subscriber s = subscribers.get(subscriberId);
        int c = defaultConcurrency;
        if (s != null) {
            for (SubscriberSpec.Channel ch : s.spec().channels) {
                if (ch.maxConcurrency != null) {
                    c = Math.max(1, ch.maxConcurrency);
                }
            }
        }
        return c;
    }

    /** One lease-and-dispatch round; returns the rows handed to the pool. */
    int dispatchOnce() throws Exception {
        int free = poolSize - busy.get();
        int n = 0;
        Instant now = Instant.now();
        if (free > 0) {
            Set<String> full = new HashSet<>();
            for (Subscriber s : subscribers.all()) {
                if (!s.enabled()) {
                    full.add(s.id());
                }
            }
            inFlight.forEach((sub, c) -> {
                if (c.get() >= concurrency(sub)) {
                    full.add(sub);
                }
            });
            List<Outbox.Claimed> rows = List.of();
            // The claim query walks the due rows in time order past those of full subscribers: with a
            // backlog for busy subscribers, a claim costs a scan of that backlog. Found by profiling
            // the end-to-end bench: 20,000 items for one subscriber at its limit, woken by every
            // group commit, the dispatcher spent as much CPU scanning as the whole ingest pipeline.
            // So no claim when every subscriber is at its limit, and after a claim that came back
            // short because of full ones, none until a slot frees or QUIET passes.
            if (!everySubscriberFull(full) && (this.slotFreed || full.isEmpty() || !now.isBefore(quietUntil))) {
                this.slotFreed = false;
                rows = outbox.claim(Outbox.PENDING, now, now.plus(lease), free, full,
                        sub -> concurrency(sub) - inFlight.computeIfAbsent(sub, k -> new AtomicInteger()).get());
                // a quarter second: what a new item for an idle subscriber may wait behind a busy one's backlog
                quietUntil = rows.size() < free && !full.isEmpty() ? now.plus(QUIET) : Instant.EPOCH;
            }
            for (Outbox.Claimed r : rows) {
                if (!rowsInFlight.add(r.id())) {
                    LOG.warn("delivery {} to {} outlived its lease ({}); raise wirehub.delivery.lease", r.id(), r.subscriberId(), lease);
                    continue;
                }
                inFlight.computeIfAbsent(r.subscriberId(), k -> new AtomicInteger()).incrementAndGet();
                busy.incrementAndGet();
                pool.execute(() -> {
                    try {
                        deliver(r);
                    } finally {
                        rowsInFlight.remove(r.id());
                        inFlight.get(r.subscriberId()).decrementAndGet();
                        busy.decrementAndGet();
                        slotFreed = true;
                        wake();
                    }
                });
                n++;
            }
        }
        // Digests are due on the hour: looking once per poll interval is plenty.
        if (now.isBefore(nextDigestCheck)) {
            return n;
        }
        nextDigestCheck = now.plus(pollInterval);
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(Duration.ofHours(1));
            int purged = outbox.purge(now.minus(retention));
            if (purged > 0) {
                LOG.info("outbox: {} delivered row(s) older than {} removed", purged, retention);
            }
        }
        for (Object[] d : outbox.dueDigests(now)) {
            String key = d[0] + "#" + d[1];
            if (busy.get() >= poolSize || !digestsInFlight.add(key)) {
                continue;
            }
            busy.incrementAndGet();
            pool.execute(() -> {
                try {
                    deliverDigest((String) d[0], (Integer) d[1]);
                } finally {
                    digestsInFlight.remove(key);
                    busy.decrementAndGet();
                }
            });
            n++;
        }
        return n;
    }

    /** The outcome of one attempt. */
    private record Outcome(boolean ok, String error, Duration retryAfter, boolean gone, boolean channelDown) {
        static Outcome success() {
            return new Outcome(true, null, null, false, false);
        }

        /** This delivery failed; the channel itself may be fine. */
        static Outcome fail(String error) {
            return new Outcome(false, error, null, false, false);
        }

        /** The receiver, server or folder is down or asked to wait: the channel pauses (see {@link Pause}). */
        static Outcome down(String error, Duration retryAfter) {
            return new Outcome(false, error, retryAfter, false, true);
        }
    }

    /**
     * A channel not leased again before {@code until}: its receiver asked to wait (429/503
     * Retry-After) or failed as a whole (refused, timed out, 5xx, SMTP or disk error). Its rows stay
     * pending without using their tries, and no worker waits on it, so a stalled or rate-limiting
     * receiver holds no slot the others need. {@code failures} in a row set the pause by the retry
     * schedule; the first success ends it.
     */
    private record Pause(Instant until, int failures, String reason) {
    }

    private void deliver(Outbox.Claimed r) {
        try {
            Subscriber s = subscribers.get(r.subscriberId());
            if (s == null) {
                outbox.dropped(r.id(), "subscriber deleted");
                return;
            }
            if (r.channel() >= s.spec().channels.size()) {
                outbox.dropped(r.id(), "channel " + r.channel() + " no longer exists");
                return;
            }
            SubscriberSpec.Channel ch = s.spec().channels.get(r.channel());
            if (Boolean.TRUE.equals(ch.unsubscribed)) {
                outbox.dropped(r.id(), "unsubscribed");
                return;
            }
            Outcome o;
            try {
                o = switch (ch.type) {
                    case "webhook" -> webhook(r, ch);
                    case "mail" -> mail(s, r.channel(), List.of(r.body()));
                    case "file" -> file(s.id(), ch, r.body());
                    default -> Outcome.success(); // atom: served from the delivered rows
                };
            } catch (Exception e) {
                o = Outcome.down(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
            }
            settle(List.of(r), s, o);
            pauseOrResume(s.id(), r.channel(), o);
        } catch (Exception e) {
            LOG.warn("delivery {} to {}: cannot record the outcome ({}); it will be retried after its lease",
                    r.id(), r.subscriberId(), e.getMessage());
        }
    }

    private void deliverDigest(String subscriberId, int channel) {
        try {
            Instant now = Instant.now();
            List<Outbox.Claimed> rows = outbox.claimDigest(subscriberId, channel, now, now.plus(lease));
            if (rows.isEmpty()) {
                return;
            }
            Subscriber s = subscribers.get(subscriberId);
            SubscriberSpec.Channel ch = s == null || channel >= s.spec().channels.size() ? null : s.spec().channels.get(channel);
            if (ch == null || Boolean.TRUE.equals(ch.unsubscribed)) {
                for (Outbox.Claimed r : rows) {
                    outbox.dropped(r.id(), "subscriber or channel gone");
                }
                return;
            }
            List<String> bodies = new ArrayList<>();
            rows.forEach(r -> bodies.add(r.body()));
            Outcome o;
            try {
                o = mail(s, channel, bodies);
            } catch (Exception e) {
                o = Outcome.down(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
            }
            settle(rows, s, o);
        } catch (Exception e) {
            LOG.warn("digest of {}: {}", subscriberId, e.getMessage());
        }
    }

    private void settle(List<Outbox.Claimed> rows, Subscriber s, Outcome o) throws Exception {
        io.wirehub.ops.HubMetrics m = metrics;
        for (Outbox.Claimed r : rows) {
            String type = r.channel() < s.spec().channels.size() ? s.spec().channels.get(r.channel()).type : "unknown";
            if (o.ok()) {
                outbox.deliveredGrouped(r.id());
                delivered.incrementAndGet();
                m.delivery(type, "delivered");
                m.delivered(r.createdAt() == null ? null : Duration.between(r.createdAt(), Instant.now()));
                continue;
            }
            failed.incrementAndGet();
            m.delivery(type, "failed");
            if (o.gone()) {
                subscribers.disable(s.id(), o.error());
                outbox.retry(r.id(), Instant.now(), o.error());
                LOG.warn("subscriber {} disabled: {}", s.id(), o.error());
                continue;
            }
            Instant next = retry.next(r.attempts() + 1, Instant.now(), capped(o.retryAfter()));
            if (next == null) {
                outbox.dead(r.id(), o.error());
                deadLettered.incrementAndGet();
                m.delivery(type, "dead");
                LOG.warn("delivery {} to {} dead-lettered after {} tries: {}", r.id(), s.id(), r.attempts() + 1, o.error());
            } else {
                outbox.retry(r.id(), next, o.error());
                LOG.debug("delivery {} to {} failed ({}), next try at {}", r.id(), s.id(), o.error(), next);
            }
        }
    }

    /**
     * A file delivery. A write that fails (a full disk...) comes back as a failed attempt, retried
     * on the schedule, and is logged once per (subscriber, folder, reason) and step of the schedule
     * rather than once per item; the writer has left nothing partial behind.
     */
    private Outcome file(String subscriberId, SubscriberSpec.Channel ch, String body) throws IOException {
        Path dir = Path.of(ch.dir);
        try {
            files.write(ch, body);
        } catch (FileWriteException e) {
            fileFailures.failed(subscriberId, dir, e.file(), e.reason(), Instant.now());
            return Outcome.fail(e.getMessage());
        }
        fileFailures.succeeded(subscriberId, dir, Instant.now());
        return Outcome.success();
    }

    private Outcome webhook(Outbox.Claimed r, SubscriberSpec.Channel ch) {
        Exchange ex;
        try {
            ex = producer.send("direct:deliver-webhook", e -> {
                e.setProperty(WebhookChannel.PROP_URL, ch.url);
                e.setProperty(WebhookChannel.PROP_SECRETS, ch.secrets);
                e.setProperty(WebhookChannel.PROP_MSG_ID, r.id());
                e.setProperty(WebhookChannel.PROP_SUBSCRIBER, r.subscriberId());
                e.setProperty(WebhookChannel.PROP_ALLOW_PRIVATE, Boolean.TRUE.equals(ch.allowPrivate));
                e.getMessage().setBody(r.body());
            });
        } finally {
            io.wirehub.ingest.OutboundHttp.clear();
        }
        Throwable t = failure(ex);
        if (t != null) {
            return Outcome.down(host(ch.url) + ": " + t.getClass().getSimpleName() + ": " + t.getMessage(), null);
        }
        Integer code = ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (code != null && code >= 200 && code < 300) {
            return Outcome.success();
        }
        String err = "HTTP " + code + " from " + host(ch.url);
        if (code != null && code == 410) {
            return new Outcome(false, err + " (410 Gone: subscriber disabled)", null, true, false);
        }
        if (code != null && (code == 429 || code == 503)) {
            return Outcome.down(err, RetryPolicy.parseRetryAfter(ex.getMessage().getHeader("Retry-After", String.class), Instant.now()));
        }
        if (code == null || code >= 500 || code == 408) {
            return Outcome.down(err, null);
        }
        // Another 4xx refuses this one delivery (its body, say), not the receiver: the others go on.
        return Outcome.fail(err);
    }

    private Outcome mail(Subscriber s, int channel, List<String> envelopes) {
        Exchange ex = producer.send("direct:deliver-mail", e -> {
            e.setProperty(MailChannel.PROP_SUBSCRIBER, s);
            e.setProperty(MailChannel.PROP_CHANNEL, channel);
            e.setProperty(MailChannel.PROP_ENVELOPES, envelopes);
        });
        Throwable t = failure(ex);
        if (t != null) {
            return Outcome.down(t.getClass().getSimpleName() + ": " + t.getMessage(), null);
        }
        return Outcome.success();
    }

    /** A Retry-After no longer than the configured cap. */
    private Duration capped(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0 ? retryAfter : maxRetryAfter;
    }

    /**
     * After an attempt: a channel that is down or asked to wait is paused (logged once per pause,
     * not per delivery); deliveries still in flight when it went down do not lengthen the pause;
     * the first success after a pause resumes it.
     */
    private void pauseOrResume(String subscriberId, int channel, Outcome o) throws java.sql.SQLException {
        Outbox.ChannelRef ref = new Outbox.ChannelRef(subscriberId, channel);
        if (o.ok()) {
            outbox.resume(ref);
            Pause p = paused.remove(ref);
            if (p != null) {
                wake(); // the deliveries it held are due now
                LOG.info("subscriber {} channel {}: delivering again after {} failed round(s) ({})",
                        subscriberId, channel, p.failures(), p.reason());
            }
            return;
        }
        if (!o.channelDown()) {
            return;
        }
        Instant now = Instant.now();
        Pause[] changed = new Pause[1];
        boolean[] started = new boolean[1];
        paused.compute(ref, (k, p) -> {
            Duration wait = capped(o.retryAfter());
            if (p != null && p.until().isAfter(now)) {
                // Already paused: a Retry-After may lengthen the pause, more failures of the same round do not.
                if (wait != null && now.plus(wait).isAfter(p.until().plusSeconds(1))) {
                    return changed[0] = new Pause(now.plus(wait), p.failures(), o.error());
                }
                return p;
            }
            int failures = p == null ? 1 : p.failures() + 1;
            Duration d = wait != null ? wait : retry.delay(failures);
            started[0] = true;
            return changed[0] = new Pause(now.plus(d), failures, o.error());
        });
        if (changed[0] != null) {
            outbox.pause(ref, changed[0].until());
        }
        if (started[0]) {
            LOG.warn("subscriber {} channel {}: deliveries wait until {} ({} failed round(s) in a row): {}", subscriberId, channel,
                    changed[0].until(), changed[0].failures(), o.error());
        }
    }

    /** The exception of a failed send: thrown, or caught by the route's doCatch. */
    private static Throwable failure(Exchange ex) {
        if (ex.getException() != null) {
            return ex.getException();
        }
        if (Boolean.TRUE.equals(ex.getProperty("wirehubDeliveryFailed", Boolean.class))) {
            Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            return t != null ? t : new IllegalStateException("delivery failed");
        }
        return null;
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (dispatcher != null) {
            try {
                dispatcher.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (recorder != null) {
            try {
                recorder.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsFiles) {
            files.close();
        }
    }
}
