package io.wirehub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirehub.publish.WebhookSigner;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Feed owners hear about their feed through the outbox: a signed webhook when it has failed for the
 * configured time, one when it recovers (held back by the per-feed rate limit), none repeated after
 * a restart of the hub; one when it stops publishing (silent); a mail owner gets a mail at a real
 * SMTP server (GreenMail).
 */
class FeedAlertsTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> events(WebhookReceiver rx) {
        return rx.accepted("/owner").stream().map(r -> {
            try {
                return JSON.readTree(r.body()).path("event").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void the_owner_gets_one_signed_alert_when_the_feed_fails_and_one_when_it_recovers() throws Exception {
        try (FeedServer feeds = new FeedServer(); WebhookReceiver rx = new WebhookReceiver()) {
            AtomicInteger status = new AtomicInteger(503);
            feeds.on("/f.rss", ex -> FeedServer.send(ex, status.get(), "application/rss+xml", OperationsTest.rss(1, 2)));
            rx.on("/owner", n -> 200);
            try (WirehubExtension hub = WirehubExtension.builder()
                    .feeds("feeds:\n  - id: agency\n    url: " + feeds.url("/f.rss") + "\n    interval: 1h\n    allowPrivate: true\n"
                            + "    owner: " + rx.url("/owner") + "\n")
                    .property("wirehub.api.token", "t")
                    .property("wirehub.alerts.check-interval", "200")
                    .property("wirehub.alerts.failing-after", "1s")
                    .property("wirehub.alerts.min-interval", "3s")
                    .property("wirehub.alerts.webhook-secret", SECRET)
                    .property("wirehub.delivery.poll-interval", "100ms")
                    .start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> events(rx).contains("feed.failing"));
                WebhookReceiver.Received r = rx.accepted("/owner").get(0);
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.path("feed").path("id").asText()).isEqualTo("agency");
                assertThat(body.path("feed").path("lastError").asText()).contains("HTTP 503");
                assertThat(body.path("item").path("headlines").get(0).path("value").asText()).isEqualTo("wirehub: feed agency is failing");
                // Standard Webhooks signature with the configured key
                assertThat(r.signature()).isEqualTo(WebhookSigner.sign(SECRET, r.id(), Long.parseLong(r.timestamp()), r.body()));

                // recovery: polled now through the API; the alert waits for the rate limit, then goes once
                status.set(200);
                hub.post("/api/feeds/agency/poll", new byte[0], "Authorization", "Bearer t");
                await().atMost(Duration.ofSeconds(20)).until(() -> events(rx).contains("feed.recovered"));
                List<WebhookReceiver.Received> got = rx.accepted("/owner");
                assertThat(Duration.between(got.get(0).at(), got.get(got.size() - 1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
                assertThat(events(rx)).containsExactly("feed.failing", "feed.recovered");
                // items never reach the owner: only alerts
                assertThat(rx.accepted("/owner")).allMatch(x -> x.body().contains("\"event\":\"feed."));

                // what was sent is remembered: a restarted hub does not tell the owner again
                hub.restart();
                Thread.sleep(1500); // several alert checks; asserting that nothing happens needs some time to pass
                assertThat(events(rx)).containsExactly("feed.failing", "feed.recovered");
            }
        }
    }
    @Test
    void a_feed_that_stops_publishing_goes_silent_and_its_owner_is_told_once() throws Exception {
        try (FeedServer feeds = new FeedServer(); WebhookReceiver rx = new WebhookReceiver()) {
            // one new item on each of the first polls (a usual gap of one poll), then nothing new
            AtomicInteger polls = new AtomicInteger();
            feeds.on("/f.rss", ex -> FeedServer.send(ex, 200, "application/rss+xml",
                    OperationsTest.rss(1, Math.min(4, polls.incrementAndGet() + 1))));
            rx.on("/owner", n -> 200);
            try (WirehubExtension hub = WirehubExtension.builder()
                    .feeds("feeds:\n  - id: quiet\n    url: " + feeds.url("/f.rss") + "\n    interval: 300ms\n    allowPrivate: true\n"
                            + "    owner: " + rx.url("/owner") + "\n")
                    .property("wirehub.api.token", "t")
                    .property("wirehub.alerts.check-interval", "200")
                    .property("wirehub.alerts.min-interval", "1s")
                    .property("wirehub.alerts.webhook-secret", SECRET)
                    .property("wirehub.feeds.silent-factor", "3")
                    .property("wirehub.feeds.silent-min", "1s")
                    .property("wirehub.delivery.poll-interval", "100ms")
                    .start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> events(rx).contains("feed.silent"));
                JsonNode feed = JSON.readTree(hub.get("/api/feeds/quiet", "Authorization", "Bearer t").body());
                assertThat(feed.path("state").asText()).isEqualTo("silent");
                assertThat(feed.path("usualGapSeconds").isNull()).as("the usual gap the silence is measured against").isFalse();
                Thread.sleep(1500); // several checks and more than the rate limit: the state did not change, no second alert
                assertThat(events(rx)).containsExactly("feed.silent");
            }
        }
    }

    @Test
    void a_mail_owner_gets_a_mail_naming_the_failing_feed_and_its_error() throws Exception {
        try (FeedServer feeds = new FeedServer()) {
            feeds.on("/f.rss", ex -> FeedServer.send(ex, 502, "text/plain", "bad gateway"));
            try (WirehubExtension hub = WirehubExtension.builder()
                    .feeds("feeds:\n  - id: wire\n    url: " + feeds.url("/f.rss?edition=fr&q=a%20b") + "\n    interval: 1h\n"
                            + "    allowPrivate: true\n    owner: desk@example.org\n")
                    .smtp(() -> greenMail.getSmtp().getPort())
                    .property("wirehub.alerts.check-interval", "200")
                    .property("wirehub.alerts.failing-after", "1s")
                    .property("wirehub.delivery.poll-interval", "100ms")
                    .start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> greenMail.getReceivedMessages().length >= 1);
                MimeMessage m = greenMail.getReceivedMessages()[0];
                assertThat(m.getAllRecipients()[0].toString()).isEqualTo("desk@example.org");
                assertThat(m.getSubject()).contains("wire").contains("failing");
                String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(m);
                assertThat(body).contains("502");
                Thread.sleep(1000); // more checks: still one mail for one state change
                assertThat(greenMail.getReceivedMessages()).hasSize(1);
            }
        }
    }
}
