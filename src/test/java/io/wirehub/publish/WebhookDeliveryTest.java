package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.Hub;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook delivery end to end: a real hub, its outbox and the http: producer, posting to a receiver
 * on loopback written in this test.
 */
class WebhookDeliveryTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String NEXT_SECRET = WebhookSigner.newSecret();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    @Order(1)
    static WebhookReceiver rx = WebhookReceiver.start();

    static {
        rx.on("/flaky", n -> n < 6 ? 500 : 200);
        rx.on("/gone", n -> 410);
        rx.on("/dead", n -> n < 5 ? 500 : 200);
        rx.on("/hang", n -> -1);
        rx.on("/redirect", n -> n < 1 ? 302 : 200);
        rx.on("/busy", n -> n < 1 ? 429 : 200).header("/busy", "Retry-After: 1");
    }

    @RegisterExtension
    @Order(2)
    static WirehubExtension wirehub = WirehubExtension.builder()
            .subscribers("subscribers:\n"
                    + sub("flaky", "zflaky", "/flaky", "")
                    + sub("gone", "zgone", "/gone", "")
                    + sub("gone-witness", "zgone", "/ok-gone", "")
                    + sub("dead", "zdead", "/dead", "")
                    + sub("hang", "zisolation", "/hang", "        maxConcurrency: 2\n")
                    + sub("fast", "zisolation", "/fast", "")
                    + sub("redirect", "zredirect", "/redirect", "")
                    + sub("busy", "zbusy", "/busy", ""))
            .property("wirehub.webhook.user-agent", "wirehub-webhooks/test")
            .build();
    static Hub hub;

    static String sub(String id, String word, String path, String extra) {
        return "  - id: " + id + "\n    filter:\n      keywords: " + word + "\n    channels:\n      - type: webhook\n"
                + "        url: " + rx.url(path) + "\n        secrets: [" + SECRET + ", " + NEXT_SECRET + "]\n" + extra;
    }

    @BeforeAll
    static void started() {
        hub = wirehub.hub();
    }

    static void submit(String uri, String word) {
        wirehub.submit(SeedItem.simple("urn:test:" + uri, "Item " + uri, "Body of " + uri + " " + word), "test-feed");
    }

    static HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(wirehub.url(path)))
                .header("Authorization", "Bearer " + wirehub.apiToken()).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_receiver_failing_then_recovering_gets_every_delivery_once_signed_with_the_same_id_on_retries() throws Exception {
        for (int i = 0; i < 5; i++) {
            submit("flaky-" + i, "zflaky");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> rx.accepted("/flaky").size() >= 5);
        List<WebhookReceiver.Received> ok = rx.accepted("/flaky");
        List<WebhookReceiver.Received> all = rx.at("/flaky");
        assertThat(ok).hasSize(5);
        assertThat(ok.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet())).hasSize(5);
        assertThat(all).hasSizeGreaterThan(5);
        // Every failed try carried an id that was later accepted: retries reuse the id.
        Set<String> acceptedIds = ok.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
        assertThat(all).allMatch(r -> acceptedIds.contains(r.id()));
        Set<String> items = ok.stream().map(r -> json(r.body()).at("/item/uri").asText()).collect(Collectors.toSet());
        assertThat(items).containsExactlyInAnyOrder("urn:test:flaky-0", "urn:test:flaky-1", "urn:test:flaky-2",
                "urn:test:flaky-3", "urn:test:flaky-4");
        for (WebhookReceiver.Received r : all) {
            assertThat(r.signedWith(SECRET)).isTrue();
            assertThat(r.signedWith(NEXT_SECRET)).isTrue();
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.userAgent()).isEqualTo("wirehub-webhooks/test");
            assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"))
                    .noneMatch(h -> h.equalsIgnoreCase("wirehubWebhookUrl"));
            JsonNode env = json(r.body());
            assertThat(env.get("event").asText()).isEqualTo("item.new");
            assertThat(env.get("id").asText()).startsWith("evt_");
            assertThat(env.has("story")).isTrue();
        }
        // Nothing more arrives for them: the rows are delivered.
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.delivery().outbox().list("delivered", "flaky", 100).size() == 5);
        assertThat(hub.delivery().outbox().list("pending", "flaky", 100)).isEmpty();
    }

    @Test
    void answer_410_disables_the_subscriber() throws Exception {
        submit("gone-1", "zgone");
        await().atMost(Duration.ofSeconds(10)).until(() -> !hub.delivery().subscribers().get("gone").enabled());
        HttpResponse<String> r = api("GET", "/api/subscribers/gone", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("enabled").asBoolean()).isFalse();
        assertThat(json(r.body()).get("disabledReason").asText()).contains("410");
        assertThat(r.body()).doesNotContain(SECRET);
        submit("gone-2", "zgone");
        await().atMost(Duration.ofSeconds(10)).until(() -> rx.accepted("/ok-gone").size() == 2);
        assertThat(rx.at("/gone")).hasSize(1);
    }

    @Test
    void after_the_last_try_a_delivery_is_dead_lettered_and_redelivered_through_the_api_with_its_id() throws Exception {
        submit("dead-1", "zdead");
        await().atMost(Duration.ofSeconds(15)).until(() -> !hub.delivery().outbox().list("dead", "dead", 10).isEmpty());
        assertThat(rx.at("/dead")).hasSize(5); // first try + 4 retries of the test schedule
        HttpResponse<String> list = api("GET", "/api/deliveries?status=dead&subscriber=dead", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode rows = json(list.body());
        assertThat(rows).hasSize(1);
        String id = rows.get(0).get("id").asText();
        assertThat(rows.get(0).get("lastError").asText()).contains("HTTP 500");
        assertThat(rx.at("/dead")).allMatch(r -> r.id().equals(id));

        assertThat(api("POST", "/api/deliveries/" + id + "/redeliver", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> rx.accepted("/dead").size() == 1);
        assertThat(rx.accepted("/dead").get(0).id()).isEqualTo(id);
        assertThat(api("POST", "/api/deliveries/" + id + "/redeliver", null).statusCode()).as("no longer dead").isEqualTo(404);
        assertThat(api("GET", "/api/deliveries", null).statusCode()).isEqualTo(200);
    }

    @Test
    void a_subscriber_that_never_answers_does_not_slow_the_others() throws Exception {
        for (int i = 0; i < 20; i++) {
            submit("iso-" + i, "zisolation");
        }
        // All 20 reach the fast subscriber while the hanging one still holds its first two requests
        // (its read timeout, 3 s, has not even expired once: no attempt of it is recorded yet).
        await().atMost(Duration.ofSeconds(10)).until(() -> rx.accepted("/fast").size() == 20);
        assertThat(hub.delivery().outbox().list("pending", "hang", 100)).hasSize(20).allMatch(r -> r.attempts() == 0);
    }

    @Test
    void redirects_are_not_followed_and_count_as_failures() {
        submit("redirect-1", "zredirect");
        await().atMost(Duration.ofSeconds(10)).until(() -> rx.accepted("/redirect").size() == 1);
        assertThat(rx.at("/redirect")).hasSize(2);
        assertThat(rx.at("/redirected")).isEmpty();
    }

    @Test
    void answer_429_is_retried_after_the_retry_after_delay() {
        submit("busy-1", "zbusy");
        await().atMost(Duration.ofSeconds(10)).until(() -> rx.accepted("/busy").size() == 1);
        List<WebhookReceiver.Received> tries = rx.at("/busy");
        assertThat(tries).hasSize(2);
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    static JsonNode json(String s) {
        try {
            return NinjsJson.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
