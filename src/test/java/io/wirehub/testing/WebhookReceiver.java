package io.wirehub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on loopback (JDK HttpServer). Each path answers with a status chosen by a
 * function of how many requests it has seen; a path may hang (never answer) until closed. Every
 * request is recorded with its headers and body.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One received request. */
    public record Received(String path, String id, String timestamp, String signature, String userAgent,
                           String contentType, Map<String, List<String>> headers, String body, Instant at, int status,
                           String rawQuery) {
    }

    private final HttpServer server;
    private final Map<String, IntUnaryOperator> behaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, String> extraHeader = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code status.applyAsInt(n)} to the n-th request (0-based) on this path; -1 = never answer. */
    public WebhookReceiver on(String path, IntUnaryOperator status) {
        behaviour.put(path, status);
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

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

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
        received.add(new Received(path, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                h.getFirst("webhook-signature"), h.getFirst("User-Agent"), h.getFirst("Content-Type"), Map.copyOf(h),
                new String(body, StandardCharsets.UTF_8), Instant.now(), status, ex.getRequestURI().getRawQuery()));
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
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
