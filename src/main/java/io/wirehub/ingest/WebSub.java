package io.wirehub.ingest;

import io.wirehub.HubConfig;
import io.wirehub.Routes;
import io.wirehub.normalize.NormalizeStage;
import io.wirehub.normalize.SourceDocument;
import io.wirehub.store.WebSubStore;
import io.wirehub.store.WebSubStore.Subscription;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebSub subscriber (W3C WebSub). When a polled feed advertises a hub ({@code <link rel="hub">} in
 * the feed, or an HTTP {@code Link: <...>; rel="hub"} header), wirehub subscribes to the feed's
 * topic (its {@code rel="self"} link, else its URL) with a callback under
 * {@code wirehub.websub.callback-base} and a fresh {@code hub.secret}; answers the hub's intent
 * verification with {@code hub.challenge}; accepts content only with a valid
 * {@code X-Hub-Signature} (sha256, sha384 or sha512 HMAC of the body under the secret) and sends it
 * down the normalize path shared with polling, push and the inbox; renews leases before they run
 * out; and, while a subscription is live, polls the feed {@code wirehub.websub.poll-slowdown} times
 * less often, as a fallback.
 *
 * <p>Hub requests go through Camel's http component with the hub's private-address guard, so a feed
 * cannot point wirehub at an internal address.
 */
public class WebSub {
    private static final Logger LOG = LoggerFactory.getLogger(WebSub.class);
    /** Exchange property: the callback carried content to normalize. */
    public static final String PROP_CONTENT = "wirehubWebSubContent";
    private static final String PROP_RAW = "wirehubWebSubRaw";
    private static final Pattern LINK_TAG = Pattern.compile("<(?:[A-Za-z0-9_]+:)?link\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([A-Za-z_][\\w:.-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern LINK_HEADER = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^,;]+)*)");
    private static final Pattern FIRST_ITEM = Pattern.compile("<(?:[A-Za-z0-9_]+:)?(item|entry)[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSubStore store;
    private final FeedPolling polling;
    private final String callbackBase;
    private final long leaseSeconds;
    private final Duration renewMargin;
    private final Duration pendingTimeout;
    private final long slowdown;
    private final Path rejectedDir;
    private final String hubEndpoint;
    private volatile ProducerTemplate producer;

    public WebSub(HubConfig cfg, WebSubStore store, FeedPolling polling) {
        this.store = store;
        this.polling = polling;
        String base = cfg.get("wirehub.websub.callback-base", null);
        this.callbackBase = base == null ? null : base.replaceAll("/+$", "");
        this.leaseSeconds = cfg.getLong("wirehub.websub.lease-seconds", 86_400);
        this.renewMargin = cfg.getDuration("wirehub.websub.renew-margin", Duration.ofHours(1));
        this.pendingTimeout = cfg.getDuration("wirehub.websub.pending-timeout", Duration.ofMinutes(10));
        this.slowdown = Math.max(1, cfg.getLong("wirehub.websub.poll-slowdown", 6));
        this.rejectedDir = cfg.getPath("wirehub.push.rejected-dir", "data/rejected");
        long timeout = cfg.getDuration("wirehub.fetch.read-timeout", Duration.ofSeconds(30)).toMillis();
        this.hubEndpoint = "http://websub-hub?throwExceptionOnFailure=false&followRedirects=false"
                + "&responseTimeout=" + timeout + "&soTimeout=" + timeout;
    }

    /** True when subscribing is configured (a public callback base URL is set). */
    public boolean enabled() {
        return callbackBase != null;
    }

    /** The subscription of a feed, or null. */
    public Subscription subscription(String feedId) {
        return store.load(feedId);
    }

    /** Time to the next poll: the feed's interval, times the slowdown while a subscription is live. */
    public Duration pollInterval(String feedId, Duration interval) {
        Subscription s = store.load(feedId);
        return s != null && s.isLive(Instant.now()) ? interval.multipliedBy(slowdown) : interval;
    }

    // ---- discovery (feed-poll route, after a fetch) ----------------------------------------------

    /** The hub and self links a feed advertises. */
    public record Links(String hub, String self) {
    }

    /**
     * Finds the hub and self links in the HTTP Link header and in the feed's head (before its
     * first item or entry); relative links resolve against the feed URL.
     */
    public static Links discover(byte[] doc, String linkHeader, String feedUrl) {
        String hub = null;
        String self = null;
        if (linkHeader != null) {
            Matcher m = LINK_HEADER.matcher(linkHeader);
            while (m.find()) {
                String params = m.group(2).toLowerCase(Locale.ROOT);
                Matcher rel = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?").matcher(params);
                if (rel.find()) {
                    List<String> rels = List.of(rel.group(1).strip().split("\\s+"));
                    if (rels.contains("hub") && hub == null) {
                        hub = m.group(1).strip();
                    }
                    if (rels.contains("self") && self == null) {
                        self = m.group(1).strip();
                    }
                }
            }
        }
        if (doc != null) {
            String head = new String(doc, 0, Math.min(doc.length, 64 * 1024), StandardCharsets.UTF_8);
            Matcher first = FIRST_ITEM.matcher(head);
            if (first.find()) {
                head = head.substring(0, first.start());
            }
            Matcher tag = LINK_TAG.matcher(head);
            while (tag.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher a = ATTR.matcher(tag.group(1));
                while (a.find()) {
                    attrs.put(a.group(1).toLowerCase(Locale.ROOT), a.group(2) != null ? a.group(2) : a.group(3));
                }
                String rel = attrs.getOrDefault("rel", "");
                String href = attrs.get("href");
                if (href == null) {
                    continue;
                }
                href = href.replace("&amp;", "&").strip();
                List<String> rels = List.of(rel.toLowerCase(Locale.ROOT).strip().split("\\s+"));
                if (rels.contains("hub") && hub == null) {
                    hub = href;
                }
                if (rels.contains("self") && self == null) {
                    self = href;
                }
            }
        }
        return new Links(resolve(feedUrl, hub), resolve(feedUrl, self));
    }

    private static String resolve(String base, String href) {
        if (href == null || href.isBlank()) {
            return null;
        }
        try {
            URI u = base == null ? URI.create(href) : URI.create(base).resolve(href);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? u.toString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Route step after a successful fetch: when the feed advertises a hub and no live or pending
     * subscription covers it, subscribes. Never fails the poll: a hub problem is logged and kept in
     * the subscription's last error.
     */
    public void discovered(Exchange ex) {
        if (!enabled()) {
            return;
        }
        SourceDocument doc = ex.getMessage().getBody(SourceDocument.class);
        String feedId = ex.getProperty(Routes.PROP_FEED, String.class);
        if (doc == null || doc.bytes() == null || feedId == null) {
            return;
        }
        try {
            String feedUrl = polling.feed(feedId).url;
            Links links = discover(doc.bytes(), ex.getMessage().getHeader("Link", String.class), feedUrl);
            if (links.hub() == null) {
                return;
            }
            String topic = links.self() != null ? links.self() : feedUrl;
            Subscription s = store.load(feedId);
            Instant now = Instant.now();
            if (s != null && s.hubUrl.equals(links.hub()) && s.topic.equals(topic)
                    && (s.isLive(now) || WebSubStore.PENDING.equals(s.state) && s.requestedAt.plus(pendingTimeout).isAfter(now))) {
                return;
            }
            subscribe(ex, feedId, links.hub(), topic);
        } catch (RuntimeException e) {
            LOG.warn("feed {}: WebSub subscription not made: {}", feedId, e.getMessage());
        }
    }

    private void subscribe(Exchange ex, String feedId, String hub, String topic) {
        Subscription s = new Subscription(feedId);
        s.hubUrl = hub;
        s.topic = topic;
        s.secret = newSecret();
        s.state = WebSubStore.PENDING;
        s.requestedAt = Instant.now();
        store.save(s);
        request(ex, s, "subscribe");
        LOG.info("feed {}: WebSub subscription requested at {} for {}", feedId, hub, topic);
    }

    /** Sends a subscription request to the hub; a refusal is kept in the subscription. */
    private void request(Exchange ex, Subscription s, String mode) {
        String form = "hub.mode=" + enc(mode) + "&hub.topic=" + enc(s.topic) + "&hub.callback=" + enc(callback(s.feedId))
                + "&hub.secret=" + enc(s.secret) + "&hub.lease_seconds=" + leaseSeconds;
        ProducerTemplate pt = producer(ex);
        Exchange reply;
        try {
            // The feed's own allowance covers a hub on the feed's own host only (an agency box serving both);
            // a hub elsewhere, named by the feed's content, is guarded like any request.
            java.net.URI hub = OutboundHttp.parse(s.hubUrl);
            java.util.Set<String> allowed = polling.feedIds().contains(s.feedId) ? polling.feed(s.feedId).allowedHosts().stream()
                    .filter(h -> h.equalsIgnoreCase(hub.getHost())).collect(java.util.stream.Collectors.toSet()) : java.util.Set.of();
            OutboundHttp.Target target = new OutboundHttp.Target(hub, allowed, "feed:" + s.feedId);
            reply = pt.send(hubEndpoint, e -> {
                Message m = e.getMessage();
                OutboundHttp.prepare(e, target);
                m.setHeader(Exchange.HTTP_METHOD, "POST");
                m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                m.setBody(form.getBytes(StandardCharsets.UTF_8));
            });
        } catch (IllegalArgumentException e) {
            reply = new org.apache.camel.support.DefaultExchange(ex.getContext());
            reply.setException(new FetchException("hub URL refused: " + e.getMessage()));
        } finally {
            OutboundHttp.clear();
        }
        Integer code = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (reply.getException() != null || code == null || code < 200 || code >= 300) {
            String why = reply.getException() != null ? FeedPolling.reason(reply.getException()) : "hub answered HTTP " + code;
            s.lastError = mode + " refused: " + why;
            if (WebSubStore.PENDING.equals(s.state)) {
                s.state = WebSubStore.FAILED;
            }
            store.save(s);
            LOG.warn("feed {}: WebSub {} at {} failed: {}", s.feedId, mode, s.hubUrl, why);
        }
    }

    private ProducerTemplate producer(Exchange ex) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = ex.getContext().createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    private String callback(String feedId) {
        return callbackBase + "/websub/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8);
    }

    private static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- callback (websub-callback route: GET verification, POST content) -----------------------

    /** The callback: intent verification (GET) or content distribution (POST). */
    public void callback(Exchange ex) {
        Message m = ex.getMessage();
        String feedId = m.getHeader("feedId", String.class);
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        Subscription s = feedId == null ? null : store.load(feedId);
        if ("GET".equalsIgnoreCase(method)) {
            verify(ex, feedId, s);
        } else {
            content(ex, feedId, s);
        }
    }

    private void verify(Exchange ex, String feedId, Subscription s) {
        Message m = ex.getMessage();
        String mode = m.getHeader("hub.mode", String.class);
        String topic = m.getHeader("hub.topic", String.class);
        String challenge = m.getHeader("hub.challenge", String.class);
        if (s == null || topic == null || !topic.equals(s.topic)) {
            text(ex, 404, "no subscription for this topic");
            return;
        }
        Instant now = Instant.now();
        if ("denied".equalsIgnoreCase(mode)) {
            s.state = WebSubStore.DENIED;
            s.lastError = "denied by the hub: " + m.getHeader("hub.reason", "no reason given", String.class);
            store.save(s);
            LOG.warn("feed {}: WebSub subscription denied by {}: {}", feedId, s.hubUrl, s.lastError);
            text(ex, 200, "");
            return;
        }
        boolean wanted = "subscribe".equalsIgnoreCase(mode)
                && (WebSubStore.PENDING.equals(s.state) || WebSubStore.ACTIVE.equals(s.state));
        if (!wanted || challenge == null) {
            text(ex, 404, "no " + mode + " request pending for this topic");
            return;
        }
        long lease = leaseSeconds;
        String l = m.getHeader("hub.lease_seconds", String.class);
        if (l != null && l.strip().matches("\\d{1,10}")) {
            lease = Long.parseLong(l.strip());
        }
        if (WebSubStore.ACTIVE.equals(s.state)) {
            s.renewals++;
        }
        s.state = WebSubStore.ACTIVE;
        s.leaseSeconds = lease;
        s.verifiedAt = now;
        s.expiresAt = now.plusSeconds(lease);
        s.lastError = null;
        store.save(s);
        LOG.info("feed {}: WebSub subscription at {} verified, lease {} s (until {})", feedId, s.hubUrl, lease, s.expiresAt);
        text(ex, 200, challenge);
    }

    private void content(Exchange ex, String feedId, Subscription s) {
        Message m = ex.getMessage();
        byte[] body = m.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (s == null || !(WebSubStore.ACTIVE.equals(s.state) || WebSubStore.EXPIRED.equals(s.state))) {
            text(ex, 404, "no subscription");
            return;
        }
        String sig = m.getHeader("X-Hub-Signature", String.class);
        if (!Signatures.verify(sig, s.secret, body)) {
            LOG.warn("feed {}: WebSub content refused: {} X-Hub-Signature", feedId, sig == null ? "no" : "invalid");
            text(ex, 403, sig == null ? "missing X-Hub-Signature" : "invalid X-Hub-Signature");
            return;
        }
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        m.removeHeaders("*");
        String name = "websub:" + feedId;
        ex.setProperty(Routes.PROP_FEED, feedId);
        ex.setProperty(Routes.PROP_SOURCE, name);
        ex.setProperty(PROP_RAW, body);
        ex.setProperty(PROP_CONTENT, true);
        m.setBody(SourceDocument.ofBytes(name, body, contentType, polling.feed(feedId).context(s.topic)));
    }

    /** After the pushed content went through normalize. */
    public void distributed(Exchange ex) {
        Integer n = ex.getProperty(NormalizeStage.PROP_ITEM_COUNT, Integer.class);
        LOG.info("feed {}: WebSub content, {} item(s)", ex.getProperty(Routes.PROP_FEED), n == null ? 0 : n);
        text(ex, 202, "accepted " + (n == null ? 0 : n) + " item(s)");
    }

    /** Pushed content that could not be read: kept like a refused push, answered 422. */
    public void distributionFailed(Exchange ex) {
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String feedId = ex.getProperty(Routes.PROP_FEED, String.class);
        Throwable parseError = PushIngest.parseError(t);
        String reason = parseError != null ? parseError.getMessage() : FeedPolling.reason(t);
        try {
            Path kept = PushIngest.keep(rejectedDir, "websub-" + feedId, ex.getProperty(PROP_RAW, byte[].class), reason);
            LOG.warn("feed {}: WebSub content refused: {} (kept as {})", feedId, reason, kept);
        } catch (IOException e) {
            LOG.error("feed {}: WebSub content refused ({}) and not kept: {}", feedId, reason, e.getMessage());
        }
        text(ex, 422, reason);
    }

    private static void text(Exchange ex, int code, String body) {
        Message m = ex.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        m.setBody(body);
    }

    // ---- leases (websub-renew timer route) ---------------------------------------------------------

    /**
     * Timer: renews live subscriptions whose lease ends within the margin (once per lease), marks
     * run-out leases expired (the feed is polled at its normal rate again, and a later poll
     * subscribes anew), and gives up on verifications that never came.
     */
    public void renew(Exchange ex) {
        if (!enabled()) {
            return;
        }
        Instant now = Instant.now();
        for (Subscription s : store.all()) {
            try {
                if (WebSubStore.ACTIVE.equals(s.state) && s.expiresAt != null) {
                    if (!now.isBefore(s.expiresAt)) {
                        s.state = WebSubStore.EXPIRED;
                        s.lastError = "lease ran out at " + s.expiresAt + " without renewal";
                        store.save(s);
                        // back to the normal rate now, not after the slowed-down wait
                        polling.dueAt(s.feedId, now);
                        LOG.warn("feed {}: WebSub lease at {} ran out; polling at the normal rate", s.feedId, s.hubUrl);
                        continue;
                    }
                    Duration margin = renewMargin;
                    Duration lease = Duration.ofSeconds(s.leaseSeconds == null ? leaseSeconds : s.leaseSeconds);
                    if (margin.compareTo(lease.dividedBy(2)) > 0) {
                        margin = lease.dividedBy(2);
                    }
                    Instant renewAt = s.expiresAt.minus(margin);
                    boolean alreadyAsked = s.requestedAt != null && s.requestedAt.isAfter(renewAt.minus(margin));
                    if (!now.isBefore(renewAt) && !alreadyAsked) {
                        s.requestedAt = now;
                        store.save(s);
                        request(ex, s, "subscribe");
                        LOG.info("feed {}: WebSub lease renewal requested at {} (lease ends {})", s.feedId, s.hubUrl, s.expiresAt);
                    }
                } else if (WebSubStore.PENDING.equals(s.state) && s.requestedAt.plus(pendingTimeout).isBefore(now)) {
                    s.state = WebSubStore.FAILED;
                    s.lastError = "the hub never verified the subscription";
                    store.save(s);
                }
            } catch (RuntimeException e) {
                LOG.warn("feed {}: WebSub renewal failed: {}", s.feedId, e.getMessage());
            }
        }
    }
}
