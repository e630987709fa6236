package io.wirehub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wirehub.normalize.NinjsJson;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on loopback (JDK HttpServer, 127.0.0.1, a free port). Each path answers with a
 * status chosen by a function of how many requests it has seen (200 by default); a path may hang
 * (never answer) until closed. Every request is recorded with its headers and body, and can be
 * checked against a Standard Webhooks secret ({@link Received#signedWith(String)}).
 *
 * <p>Use it in a try-with-resources block or as a JUnit 5 extension (closed after the test, or after
 * the class for a static field): {@code @RegisterExtension static WebhookReceiver hooks = WebhookReceiver.start();}
 */
public final class WebhookReceiver implements AutoCloseable, BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    /** How far a webhook-timestamp may be from now, per the Standard Webhooks spec's advice. */
    public static final long TOLERANCE_SECONDS = 5 * 60;

    /** One received request. */
    public record Received(String path, String id, String timestamp, String signature, String userAgent,
                           String contentType, Map<String, List<String>> headers, String body, Instant at, int status,
                           String rawQuery) {
        /**
         * True when the request carries a valid Standard Webhooks signature by this {@code whsec_}
         * secret (any one of the header's {@code v1,} signatures) and a timestamp within five minutes.
         */
        public boolean signedWith(String secret) {
            return verify(secret, id, timestamp, body, signature, Instant.now().getEpochSecond());
        }

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return NinjsJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The ninjs item delivered: the {@code item} of a subscriber's envelope
         * ({@code {"event": "item.new", "item": {...}}}), or the whole body as the
         * {@code ninjs-webhook-sink} Kamelet sends it.
         */
        public JsonNode item() {
            JsonNode doc = json();
            return doc.has("item") && doc.has("event") ? doc.get("item") : doc;
        }

        /** The envelope's event ({@code item.new}, {@code item.updated}...), null for a bare item. */
        public String event() {
            JsonNode e = json().get("event");
            return e == null ? null : e.asText();
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(64);
    private final Map<String, IntUnaryOperator> behaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, String> extraHeader = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean perClass;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A started receiver, for a field initializer ({@code @RegisterExtension static WebhookReceiver hooks = WebhookReceiver.start();}). */
    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The receiving side of Standard Webhooks (https://www.standardwebhooks.com), written from the
     * spec: strip {@code whsec_}, base64-decode the key, HMAC-SHA256 over
     * {@code msgId.timestamp.payload}, base64; the header holds space-separated {@code v1,<sig>}
     * entries and any one matching is enough; a timestamp more than five minutes from
     * {@code nowSeconds} is refused.
     */
    public static boolean verify(String secret, String msgId, String timestamp, String payload, String header, long nowSeconds) {
        if (secret == null || msgId == null || timestamp == null || header == null || !secret.startsWith("whsec_")) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = Base64.getEncoder().encode(
                    mac.doFinal((msgId + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
            for (String part : header.split(" ")) {
                String[] vs = part.split(",", 2);
                if (vs.length == 2 && "v1".equals(vs[0])
                        && MessageDigest.isEqual(vs[1].getBytes(StandardCharsets.US_ASCII), expected)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Answers {@code status.applyAsInt(n)} to the n-th request (0-based) on this path; -1 = never answer. */
    public WebhookReceiver on(String path, IntUnaryOperator status) {
        behaviour.put(path, status);
        return this;
    }

    /**
     * Verifies every request on this path as a real receiver does: one without a valid Standard
     * Webhooks signature by this secret (or with a timestamp more than five minutes off) is
     * answered {@code 401} and recorded as such, so {@link #accepted} holds only verified ones.
     */
    public WebhookReceiver verifying(String path, String secret) {
        secrets.put(path, secret);
        return this;
    }

    /** Answers every request on this path after this many milliseconds (a slow receiver). */
    public WebhookReceiver slow(String path, long millis) {
        delays.put(path, millis);
        return this;
    }

    /** Adds a response header on this path (Retry-After...). */
    public WebhookReceiver header(String path, String nameAndValue) {
        extraHeader.put(path, nameAndValue);
        return this;
    }

    /** http://127.0.0.1:port + path */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The receiver's loopback port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request on this path, oldest first. */
    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests answered 2xx on this path. */
    public List<Received> accepted(String path) {
        return at(path).stream().filter(r -> r.status() / 100 == 2).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        int n = counts.computeIfAbsent(path, k -> new AtomicInteger()).getAndIncrement();
        int status = behaviour.getOrDefault(path, i -> 200).applyAsInt(n);
        if (status < 0) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        Long delay = delays.get(path);
        if (delay != null) {
            try {
                release.await(delay, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var h = ex.getRequestHeaders();
        String text = new String(body, StandardCharsets.UTF_8);
        String secret = secrets.get(path);
        if (secret != null && !verify(secret, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), text,
                h.getFirst("webhook-signature"), Instant.now().getEpochSecond())) {
            status = 401;
        }
        received.add(new Received(path, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                h.getFirst("webhook-signature"), h.getFirst("User-Agent"), h.getFirst("Content-Type"), Map.copyOf(h),
                text, Instant.now(), status, ex.getRequestURI().getRawQuery()));
        String extra = extraHeader.get(path);
        if (extra != null) {
            String[] kv = extra.split(":", 2);
            ex.getResponseHeaders().add(kv[0].strip(), kv[1].strip());
        }
        if (status / 100 == 3) {
            ex.getResponseHeaders().add("Location", url("/redirected"));
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // only called for a static field: the receiver then lives for the whole class
        perClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
