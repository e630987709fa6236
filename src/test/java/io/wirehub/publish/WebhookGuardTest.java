package io.wirehub.publish;

import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks go through the same private-address guard as feed polling, on by default. */
class WebhookGuardTest {
    @RegisterExtension
    @Order(1)
    WebhookReceiver rx = WebhookReceiver.start();
    @RegisterExtension
    @Order(2)
    WirehubExtension hub = WirehubExtension.builder()
            // the kit allows loopback; this test puts the default guard back
            .property("wirehub.fetch.allowed-hosts", "")
            .property("wirehub.delivery.retry-schedule", "20ms,20ms")
            .subscribers("subscribers:\n  - id: ssrf\n    channels:\n      - type: webhook\n        url: " + rx.url("/internal")
                    + "\n        secrets: [" + WebhookSigner.newSecret() + "]\n")
            .build();

    @Test
    void a_webhook_to_a_loopback_address_is_refused_unless_allowed() throws Exception {
        hub.submit(SeedItem.simple("urn:test:ssrf", "SSRF", "body"), null);
        Delivery delivery = hub.hub().delivery();
        await().atMost(Duration.ofSeconds(10)).until(() -> !delivery.outbox().list("dead", "ssrf", 10).isEmpty());
        assertThat(delivery.outbox().list("dead", "ssrf", 10).get(0).lastError()).contains("non-public address");
        assertThat(rx.received).isEmpty();
    }
}
