package io.wirehub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback feed server (the JDK's HTTP server on 127.0.0.1, a free port) that serves what a test
 * gives it and records every request. Per path: a fixed body ({@link #serve}), a file
 * ({@link #serveFile}), a body with an ETag answered {@code 304} to a matching
 * {@code If-None-Match} ({@link #serveWithETag}), any status with headers ({@link #status}), a body
 * trickled in chunks ({@link #slow}) or any handler ({@link #on}). Unknown paths get {@code 404}.
 *
 * <p>Use it in a try-with-resources block or as a JUnit 5 extension, which closes it after the test
 * (instance field) or after the class (static field); declared before the {@link WirehubExtension},
 * its URLs can go into the hub's feeds:
 * <pre>{@code
 * @RegisterExtension static FeedServer feeds = FeedServer.start();
 * }</pre>
 * The hub refuses loopback addresses unless allowed; the kit's hub allows 127.0.0.1.
 */
public final class FeedServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    /** One request as the server saw it: its path, its raw query (null when none) and headers. */
    public record Request(String path, String rawQuery, Map<String, List<String>> headers) {
        /** The first value of a request header, its name in any case; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private volatile boolean perClass;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", ex -> {
            requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders())));
            HttpHandler h = handlers.get(ex.getRequestURI().getPath());
            try {
                if (h == null) {
                    send(ex, 404, "text/plain", "not found");
                } else {
                    h.handle(ex);
                }
            } catch (IOException e) {
                // the client went away (timeouts under test)
            } finally {
                ex.close();
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    /** A started server, for a field initializer ({@code @RegisterExtension static FeedServer feeds = FeedServer.start();}). */
    public static FeedServer start() {
        try {
            return new FeedServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** http://127.0.0.1:port + path */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The server's loopback port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers requests on this path with this handler (replacing what the path served before). */
    public void on(String path, HttpHandler h) {
        handlers.put(path, h);
    }

    /** Serves a fixed body with a content type. */
    public void serve(String path, String contentType, String body) {
        on(path, ex -> send(ex, 200, contentType, body));
    }

    /** Serves a file's bytes (read at each request, so a test may rewrite it) with a content type. */
    public void serveFile(String path, String contentType, Path file) {
        on(path, ex -> send(ex, 200, contentType, Files.readAllBytes(file)));
    }

    /**
     * Serves a body with an {@code ETag} (give it quoted, {@code "\"v1\""}); a request whose
     * {@code If-None-Match} holds it gets {@code 304 Not Modified} with no body, as a conditional
     * GET expects.
     */
    public void serveWithETag(String path, String contentType, String body, String etag) {
        on(path, ex -> {
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            ex.getResponseHeaders().set("ETag", etag);
            if (inm != null && List.of(inm.split("\\s*,\\s*")).contains(etag)) {
                ex.sendResponseHeaders(304, -1);
            } else {
                send(ex, 200, contentType, body);
            }
        });
    }

    /** Answers every request on this path with this status and headers (name, value, name, value...), no body. */
    public void status(String path, int status, String... headerNamesAndValues) {
        on(path, ex -> {
            for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
                ex.getResponseHeaders().add(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
            }
            ex.sendResponseHeaders(status, -1);
        });
    }

    /**
     * Serves a body slowly: {@code chunkBytes} bytes, then a pause of {@code pause}, and so on (a
     * server that trickles), so read and total timeouts can be tested.
     */
    public void slow(String path, String contentType, String body, int chunkBytes, Duration pause) {
        on(path, ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                for (int off = 0; off < b.length; off += chunkBytes) {
                    o.write(b, off, Math.min(chunkBytes, b.length - off));
                    o.flush();
                    Thread.sleep(pause.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The requests seen on this path, oldest first. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Sends a status, a content type (may be null) and a UTF-8 body (no body when empty). */
    public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a status, a content type (may be null) and a body (no body when empty). */
    public static void send(HttpExchange ex, int status, String contentType, byte[] b) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // only called for a static field: the server then lives for the whole class
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
        server.stop(0);
        pool.shutdownNow();
    }
}
