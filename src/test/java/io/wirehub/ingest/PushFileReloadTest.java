package io.wirehub.ingest;

import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * push.yaml edited while the hub runs, as an operator adds an agency: the new feed takes pushes
 * with its token within the reload interval, the feed taken out answers 404, and a file saved with a
 * mistake changes nothing.
 */
class PushFileReloadTest {
    static final String FIRST = """
            feeds:
              - id: vna-push
                auth: bearer
                secret: first-token-0123456789
                agency: VNA
            """;
    static final String SECOND = """
            feeds:
              - id: afp-push
                auth: bearer
                secret: second-token-0123456789
                agency: AFP
            """;
    static final String RSS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>t</title><link>https://example.org/</link><description>d</description>
            <item><guid>reload-1</guid><title>Floods in the Mekong delta</title><link>https://example.org/a?id=1&amp;src=push</link>
            <description>Water rose overnight in Can Tho.</description></item></channel></rss>
            """;

    @RegisterExtension
    static WirehubExtension hub = WirehubExtension.builder().push(FIRST)
            .property("wirehub.feeds.reload-interval", "200ms").build();

    private static HttpResponse<String> push(String feed, String token) throws Exception {
        return hub.post("/ingest/" + feed, RSS.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/rss+xml",
                "Authorization", "Bearer " + token);
    }

    @Test
    void an_edited_push_file_is_in_force_without_a_restart_and_one_with_a_mistake_changes_nothing() throws Exception {
        assertThat(push("vna-push", "first-token-0123456789").statusCode()).isEqualTo(202);
        assertThat(push("afp-push", "second-token-0123456789").statusCode()).isEqualTo(404);

        Files.writeString(hub.configDir().resolve("push.yaml"), SECOND);
        await().atMost(Duration.ofSeconds(10)).until(() -> push("afp-push", "second-token-0123456789").statusCode() == 202);
        assertThat(push("vna-push", "first-token-0123456789").statusCode()).as("taken out of the file").isEqualTo(404);
        assertThat(push("afp-push", "first-token-0123456789").statusCode()).as("another feed's token").isEqualTo(401);

        // a mistake (an unknown key): logged, and the feeds stay as they were
        Files.writeString(hub.configDir().resolve("push.yaml"), SECOND.replace("agency: AFP", "agency: AFP\n    colour: red"));
        Thread.sleep(1_000); // five reload ticks: long enough for a wrong reload to have happened
        assertThat(push("afp-push", "second-token-0123456789").statusCode()).isEqualTo(202);
    }
}
