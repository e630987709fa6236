package io.wirehub.publish;

import io.wirehub.ops.FeedAlerts;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files are the lists: a subscriber taken out of subscribers.yaml, or an owner taken out of
 * feeds.yaml, is gone after the restart (it kept receiving before); a subscriber made through the API
 * stays; a file with a mistake deletes nobody.
 */
class SubscriberFileRemovalTest {
    static final String TWO = "subscribers:\n"
            + "  - id: desk\n    channels:\n      - { type: file, dir: desk-out }\n"
            + "  - id: archive\n    channels:\n      - { type: file, dir: archive-out }\n";
    static final String OWNED = "feeds:\n  - id: agency\n    url: https://agency.example/f.rss\n    interval: 1h\n"
            + "    owner: desk@example.org\n";

    @Test
    void subscribersAndOwnersTakenOutOfTheFilesAreGoneAfterARestartAndApiOnesStay() throws Exception {
        try (WirehubExtension hub = WirehubExtension.builder().subscribers(TWO).feeds(OWNED)
                .property("wirehub.api.token", "t").start()) {
            assertThat(hub.get("/api/subscribers/archive", hub.apiAuth()).statusCode()).isEqualTo(200);
            assertThat(hub.get("/api/subscribers/" + FeedAlerts.subscriberId("agency"), hub.apiAuth()).statusCode()).isEqualTo(200);
            String api = "{\"id\":\"by-api\",\"channels\":[{\"type\":\"file\",\"dir\":\"api-out\"}]}";
            assertThat(hub.post("/api/subscribers", api.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                    "Authorization", "Bearer t").statusCode()).isIn(200, 201);

            hub.stopHub();
            Files.writeString(hub.configDir().resolve("subscribers.yaml"),
                    "subscribers:\n  - id: desk\n    channels:\n      - { type: file, dir: desk-out }\n");
            Files.writeString(hub.configDir().resolve("feeds.yaml"), OWNED.replace("    owner: desk@example.org\n", ""));
            hub.start();

            assertThat(hub.get("/api/subscribers/archive", hub.apiAuth()).statusCode()).isEqualTo(404);
            assertThat(hub.get("/api/subscribers/" + FeedAlerts.subscriberId("agency"), hub.apiAuth()).statusCode()).isEqualTo(404);
            assertThat(hub.get("/api/subscribers/desk", hub.apiAuth()).statusCode()).isEqualTo(200);
            assertThat(hub.get("/api/subscribers/by-api", hub.apiAuth()).statusCode()).isEqualTo(200);
            assertThat(hub.hub().delivery().subscribers().index().match(
                    new ItemFacts(io.wirehub.testing.SeedItem.simple("urn:x:1", "h", "b"), "item.new", "agency", null), null))
                    .extracting(Subscriber::id).doesNotContain("archive");
        }
    }
}
