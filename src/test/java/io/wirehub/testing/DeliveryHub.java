package io.wirehub.testing;

import io.wirehub.Hub;
import io.wirehub.HubConfig;
import io.wirehub.normalize.NinjsItem;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real hub for the delivery tests: config/application.properties with everything under a
 * temporary folder, the embedded HTTP server on a free loopback port, loopback allowed for
 * webhooks, retries in milliseconds, an admin token and an unsubscribe key.
 */
public final class DeliveryHub {
    public static final String API_TOKEN = "test-admin-token";

    private DeliveryHub() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The properties of a test hub rooted at {@code dir} (change them before {@link #start}). */
    public static Properties props(Path dir) throws IOException {
        Properties p = new Properties();
        try (java.io.InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            p.load(in);
        }
        p.setProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        p.setProperty("camel.main.name", "wirehub-test");
        p.setProperty("camel.main.shutdown-timeout", "5");
        p.setProperty("camel.server.enabled", "true");
        p.setProperty("camel.server.port", Integer.toString(freePort()));
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        p.setProperty("wirehub.inbox.dir", dir.resolve("inbox").toString());
        p.setProperty("wirehub.inbox.min-age", "100");
        p.setProperty("wirehub.inbox.poll-delay", "200");
        p.setProperty("wirehub.samples.enabled", "false");
        p.setProperty("wirehub.samples.dir", dir.resolve("samples").toString());
        p.setProperty("wirehub.out.dir", dir.resolve("out").toString());
        p.setProperty("wirehub.delivery.files-root", dir.resolve("files").toString());
        p.setProperty("wirehub.fetch.read-timeout", "5s");
        p.setProperty("wirehub.fetch.allowed-hosts", "127.0.0.1,localhost");
        p.setProperty("wirehub.fetch.max-connections-per-host", "20");
        p.setProperty("wirehub.delivery.retry-schedule", "50ms,100ms,100ms,200ms");
        p.setProperty("wirehub.delivery.retry-jitter", "0.2");
        p.setProperty("wirehub.delivery.poll-interval", "100ms");
        p.setProperty("wirehub.delivery.lease", "30s");
        p.setProperty("wirehub.webhook.read-timeout", "3000");
        p.setProperty("wirehub.webhook.user-agent", "wirehub-webhooks/test");
        p.setProperty("wirehub.mail.uri", "smtp://127.0.0.1:1?connectionTimeout=2000");
        p.setProperty("wirehub.mail.from", "wirehub@hub.example.org");
        p.setProperty("wirehub.public-url", "https://hub.example.org");
        p.setProperty("wirehub.unsubscribe.secret", "test-unsubscribe-secret-0123456789");
        p.setProperty("wirehub.api.token", API_TOKEN);
        p.setProperty("wirehub.geonames.dir", "../shared/geonames");
        return p;
    }

    /** Starts a hub with these properties and this subscribers.yaml (may be null). */
    public static Hub start(Path dir, Properties p, String subscribersYaml) throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        if (!Files.exists(config.resolve("feeds.yaml"))) {
            Files.writeString(config.resolve("feeds.yaml"), "feeds: []\n", StandardCharsets.UTF_8);
        }
        if (subscribersYaml != null) {
            Files.writeString(config.resolve("subscribers.yaml"), subscribersYaml, StandardCharsets.UTF_8);
        }
        return Hub.start(HubConfig.of(config, p));
    }

    /** Sends an item through the item pipeline (dedupe, enrich, publish) as a polled feed would. */
    public static void submit(Hub hub, NinjsItem item, String feedId) {
        hub.camelContext().createProducerTemplate().send("direct:item", ex -> {
            ex.getMessage().setBody(item);
            if (feedId != null) {
                ex.setProperty("wirehubFeedId", feedId);
            }
        }).getException();
    }

    public static String apiUrl(Properties p, String path) {
        return "http://127.0.0.1:" + p.getProperty("camel.server.port") + path;
    }

    public static Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + API_TOKEN);
    }
}
