package io.wirehub.camel;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.publish.WebhookSigner;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The route a user writes with wirehub's Kamelets only (src/test/resources/kamelet-user-route,
 * shown in docs/camel.md), run by plain camel-main: no Hub, no wirehub wiring, no bean bound by
 * hand. A loopback feed server serves an AFP story from Vietnam; a loopback receiver checks the
 * Standard Webhooks signature of what arrives.
 */
class NewsroomKameletRouteTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** A query string Camel would rewrite if it parsed it: '&' between options, '~', an escaped space. */
    static final String FEED_QUERY = "edition=vi&q=h%C3%A0+n%E1%BB%99i&since=~1d";

    static final String RSS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0">
              <channel>
                <title>AFP Asie</title>
                <link>https://www.example.org/asie</link>
                <description>Dépêches</description>
                <language>fr</language>
                <item>
                  <title>Vietnam: la capitale Hanoï rouvre ses écoles après la vague de Covid-19</title>
                  <link>https://www.example.org/vietnam-hanoi-ecoles</link>
                  <guid>afp-vn-001</guid>
                  <pubDate>Sat, 10 Jul 2021 12:00:00 GMT</pubDate>
                  <description>HANOÏ (AFP) - Les autorités de Hanoï ont annoncé samedi la réouverture des écoles de la capitale vietnamienne, tandis que Hô Chi Minh-Ville, la plus grande ville du pays, reste soumise à des restrictions strictes.</description>
                </item>
                <item>
                  <title>Vietnam: Hô Chi Minh-Ville prolonge le confinement</title>
                  <link>https://www.example.org/vietnam-hcmv-confinement</link>
                  <guid>afp-vn-002</guid>
                  <pubDate>Sat, 10 Jul 2021 14:00:00 GMT</pubDate>
                  <description>HÔ CHI MINH-VILLE (AFP) - La mégapole du sud du Vietnam prolonge de deux semaines le confinement, ont annoncé les autorités locales.</description>
                </item>
              </channel>
            </rss>
            """;

    private Main main;

    @AfterEach
    void stop() throws Exception {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void feedItemsArriveGeotaggedAndSignedAtTheWebhook(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (FeedServer feeds = new FeedServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            feeds.serve("/afp/asie.rss", "application/rss+xml; charset=utf-8", RSS);

            main = new Main();
            main.configure().withRoutesIncludePattern("classpath:kamelet-user-route/newsroom.camel.yaml");
            main.addInitialProperty("newsroom.feed-url", feeds.url("/afp/asie.rss?" + FEED_QUERY));
            main.addInitialProperty("newsroom.webhook-url", hooks.url("/hooks/ninjs?team=desk&x=1"));
            main.addInitialProperty("newsroom.webhook-secret", SECRET);
            main.addInitialProperty("newsroom.interval", "1h");
            main.addInitialProperty("newsroom.dedupe-db", "jdbc:h2:file:" + dir.resolve("dedupe") + ";DB_CLOSE_ON_EXIT=FALSE");
            main.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> hooks.accepted("/hooks/ninjs").size() >= 2);

            List<WebhookReceiver.Received> got = hooks.accepted("/hooks/ninjs");
            List<String> headlines = new ArrayList<>();
            for (WebhookReceiver.Received r : got) {
                assertThat(verify(SECRET, r.id(), r.timestamp(), r.body(), r.signature()))
                        .as("signature of %s", r.id()).isTrue();
                assertThat(r.rawQuery()).isEqualTo("team=desk&x=1");
                assertThat(r.contentType()).startsWith("application/json");
                // only what the sink sets: no Camel header of the route reached the receiver
                assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
                JsonNode item = NinjsJson.MAPPER.readTree(r.body());
                headlines.add(item.path("headlines").path(0).path("value").asText());
                List<String> places = new ArrayList<>();
                item.path("places").forEach(p -> places.add(p.path("name").asText()));
                assertThat(places).as("places of %s", item.path("uri").asText())
                        .anyMatch(n -> n.contains("Hano") || n.contains("Chi Minh"));
                assertThat(item.path("infoSources").toString()).contains("AFP");
            }
            assertThat(headlines).containsExactlyInAnyOrder(
                    "Vietnam: la capitale Hanoï rouvre ses écoles après la vague de Covid-19",
                    "Vietnam: Hô Chi Minh-Ville prolonge le confinement");
            assertThat(feeds.requests("/afp/asie.rss")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.rawQuery()).isEqualTo(FEED_QUERY));
        }
    }

    /** The receiving side of Standard Webhooks, written from the spec (as WebhookSignatureTest). */
    static boolean verify(String secret, String msgId, String timestamp, String payload, String header) throws Exception {
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((msgId + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
        for (String part : header.split(" ")) {
            if (java.security.MessageDigest.isEqual(part.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    static {
        // the secret of the Standard Webhooks spec example is a valid one
        assert WebhookSigner.isValidSecret(SECRET);
    }
}
