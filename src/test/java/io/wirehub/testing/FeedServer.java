package io.wirehub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on loopback (the JDK's), serving feeds written by the tests and logging requests. */
public final class FeedServer implements AutoCloseable {
    /** One request as the server saw it: its path, its raw query (null when none) and headers. */
    public record Request(String path, String rawQuery, Map<String, List<String>> headers) {
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

    /** http://127.0.0.1:port + path */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void on(String path, HttpHandler h) {
        handlers.put(path, h);
    }

    /** Serves a fixed body with a content type. */
    public void serve(String path, String contentType, String body) {
        on(path, ex -> send(ex, 200, contentType, body));
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
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
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
