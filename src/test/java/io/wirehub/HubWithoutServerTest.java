package io.wirehub;

import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code camel.server.enabled=false} (and no management server): a hub without HTTP starts, reads its inbox and writes its items. */
class HubWithoutServerTest {
    @Test
    void without_the_embedded_server_the_hub_starts_and_files_go_through() throws Exception {
        try (WirehubExtension hub = WirehubExtension.builder()
                .property("camel.server.enabled", "false")
                .property("camel.management.enabled", "false") // no HTTP listener at all
                .start()) {
            Path inbox = hub.inbox();
            Path out = hub.out();
            Files.copy(Path.of("samples/inbox/sample-atom-en.xml"), inbox.resolve("a.xml.part"));
            Files.move(inbox.resolve("a.xml.part"), inbox.resolve("a.xml"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!Files.isDirectory(out)) {
                    return false;
                }
                try (var s = Files.walk(out)) {
                    return s.anyMatch(f -> f.toString().endsWith(".json"));
                }
            });
            // the HTTP routes are left out: without a listener their endpoints could not even be created
            assertThat(hub.camelContext().getRoute("api-subscribers")).isNull();
            assertThat(hub.camelContext().getRoute("inbox")).isNotNull();
        }
    }
}
