package io.wirehub.testing;

import io.wirehub.Hub;
import io.wirehub.HubConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The real hub (camel-main with the project's routes/ folder) on a temporary configuration: its
 * own inbox, output and database folders, loopback allowed for the test's feed server.
 */
public final class TestHub {
    public final Path dir;
    public final Path config;
    public final Path inbox;
    public final Path out;
    public final Properties props = new Properties();

    public TestHub(Path dir) throws IOException {
        this.dir = dir;
        this.config = Files.createDirectories(dir.resolve("config"));
        this.inbox = dir.resolve("inbox");
        this.out = dir.resolve("out");
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            props.load(in);
        }
        props.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        props.setProperty("wirehub.inbox.dir", inbox.toString());
        props.setProperty("wirehub.out.dir", out.toString());
        props.setProperty("wirehub.samples.enabled", "false");
        props.setProperty("wirehub.inbox.min-age", "200");
        props.setProperty("wirehub.inbox.poll-delay", "200");
        props.setProperty("wirehub.fetch.allowed-hosts", "127.0.0.1");
        props.setProperty("wirehub.fetch.tick", "1s");
        // the embedded HTTP server (push, WebSub) on a free loopback port, never a fixed one
        props.setProperty("camel.server.host", "127.0.0.1");
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            props.setProperty("camel.server.port", Integer.toString(s.getLocalPort()));
        }
        writeFeeds("feeds: []\n");
    }

    public TestHub writeFeeds(String yaml) throws IOException {
        Files.writeString(config.resolve("feeds.yaml"), yaml, StandardCharsets.UTF_8);
        return this;
    }

    public Hub start() throws Exception {
        return Hub.start(HubConfig.of(config, props));
    }
}
