package io.wirehub.ingest;

import io.wirehub.Hub;
import io.wirehub.HubConfig;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real hub for tests: the project's routes and config/application.properties, with its state,
 * output, inbox and rejected folders in a temporary directory and its HTTP server on a free
 * loopback port.
 */
final class RunningHub implements AutoCloseable {
    final Hub hub;
    final Path work;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningHub(Hub hub, Path work, int port) {
        this.hub = hub;
        this.work = work;
        this.port = port;
    }

    static RunningHub start(Path work, String feedsYaml, String pushYaml, Map<String, String> overrides) throws Exception {
        Path conf = Files.createDirectories(work.resolve("config"));
        Files.writeString(conf.resolve("feeds.yaml"), feedsYaml == null ? "feeds: []\n" : feedsYaml);
        Files.writeString(conf.resolve("push.yaml"), pushYaml == null ? "feeds: []\n" : pushYaml);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("config/application.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        int port = freePort();
        p.setProperty("camel.server.port", Integer.toString(port));
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("wirehub.data.dir", work.resolve("data").toString());
        p.setProperty("wirehub.out.dir", work.resolve("out").toString());
        p.setProperty("wirehub.inbox.dir", work.resolve("inbox").toString());
        p.setProperty("wirehub.push.rejected-dir", work.resolve("rejected").toString());
        p.setProperty("wirehub.samples.enabled", "false");
        p.putAll(overrides);
        Hub hub = Hub.start(HubConfig.of(conf, p));
        return new RunningHub(hub, work, Integer.parseInt(p.getProperty("camel.server.port")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every NDJSON line the file sink wrote so far. */
    List<String> published() throws IOException {
        Path dir = work.resolve("out/ndjson");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Override
    public void close() {
        hub.close();
    }
}
