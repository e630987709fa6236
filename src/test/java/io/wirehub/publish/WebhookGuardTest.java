package io.wirehub.publish;

import io.wirehub.Hub;
import io.wirehub.testing.DeliveryHub;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks go through the same private-address guard as feed polling, on by default. */
class WebhookGuardTest {
    @TempDir
    Path dir;

    @Test
    void a_webhook_to_a_loopback_address_is_refused_unless_allowed() throws Exception {
        try (WebhookReceiver rx = new WebhookReceiver()) {
            Properties p = DeliveryHub.props(dir);
            p.setProperty("wirehub.fetch.allowed-hosts", "");
            p.setProperty("wirehub.delivery.retry-schedule", "20ms,20ms");
            String yaml = "subscribers:\n  - id: ssrf\n    channels:\n      - type: webhook\n        url: " + rx.url("/internal")
                    + "\n        secrets: [" + WebhookSigner.newSecret() + "]\n";
            Hub hub = DeliveryHub.start(dir, p, yaml);
            try {
                DeliveryHub.submit(hub, SeedItem.simple("urn:test:ssrf", "SSRF", "body"), null);
                await().atMost(Duration.ofSeconds(10)).until(() -> !hub.delivery().outbox().list("dead", "ssrf", 10).isEmpty());
                assertThat(hub.delivery().outbox().list("dead", "ssrf", 10).get(0).lastError()).contains("non-public address");
                assertThat(rx.received).isEmpty();
            } finally {
                hub.close();
            }
        }
    }
}
