package io.wirehub.publish;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.wirehub.Hub;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WirehubExtension;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mail alerts and digests through camel-mail's smtp: producer to GreenMail, a real SMTP server. */
class MailDeliveryTest {
    @RegisterExtension
    @Order(1)
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
    @RegisterExtension
    @Order(2)
    WirehubExtension wirehub = WirehubExtension.builder()
            .subscribers(YAML)
            .smtp(() -> greenMail.getSmtp().getPort())
            .build();
    Hub hub;

    static final String YAML = """
            subscribers:
              - id: afghanistan-alerts
                filter:
                  places: [Afghanistan]
                channels:
                  - type: mail
                    to: [desk@example.org]
              - id: evil-test
                filter:
                  keywords: zevil
                channels:
                  - type: mail
                    to: [victim@example.org]
              - id: daily-digest
                name: Résumé quotidien
                filter:
                  keywords: zdigest
                channels:
                  - type: mail
                    to: [digest@example.org]
                    mode: daily
                    hour: 7
                    timeZone: Europe/Paris
            """;

    Hub start() {
        hub = wirehub.hub();
        return hub;
    }

    static String raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void the_seed_alert_has_an_encoded_french_subject_both_parts_places_sources_and_one_click_unsubscribe() throws Exception {
        start();
        NinjsItem seed = SeedItem.load();
        wirehub.submit(seed, "afp-fr");
        await().atMost(Duration.ofSeconds(15)).until(() -> greenMail.getReceivedMessages().length == 1);
        MimeMessage m = greenMail.getReceivedMessages()[0];
        String raw = raw(m);

        assertThat(m.getSubject()).isEqualTo("Afghanistan : les talibans attaquent une première grande ville");
        assertThat(m.getHeader("Subject")[0]).as("RFC 2047 encoded words").contains("=?UTF-8?").doesNotContain("è");
        assertThat(raw.chars().allMatch(c -> c < 128)).as("7-bit on the wire").isTrue();
        // RFC 5322: lines MUST be at most 998 characters and SHOULD be at most 78; only the
        // List-Unsubscribe URL, which has no place to fold, may exceed 78.
        assertThat(Arrays.stream(raw.split("\r\n")).filter(l -> l.length() > 998)).as("RFC 5322 line length").isEmpty();
        assertThat(Arrays.stream(raw.split("\r\n")).filter(l -> l.length() > 78 && !l.startsWith("List-Unsubscribe: <https://")))
                .as("RFC 5322 recommended line length").isEmpty();
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString)).containsExactly("desk@example.org");
        assertThat(m.getFrom()[0].toString()).isEqualTo("wirehub@hub.example.org");

        MimeMultipart mp = (MimeMultipart) m.getContent();
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        assertThat(mp.getCount()).isEqualTo(2);
        BodyPart text = mp.getBodyPart(0);
        BodyPart html = mp.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        String t = (String) text.getContent();
        String h = (String) html.getContent();
        assertThat(t).contains("Islam Qala", "Lieux : Afghanistan, Hérat, Iran, Tadjikistan, Turkménistan", "Sources : AFP, VNA, CVN");
        assertThat(h).contains("<h2", "Hérat", "Turkménistan", "AFP, VNA, CVN", "https://www.example.org/afghanistan-herat")
                .doesNotContain("<script");

        String unsub = m.getHeader("List-Unsubscribe")[0];
        assertThat(unsub).startsWith("<https://hub.example.org/unsubscribe?s=afghanistan-alerts&c=0&t=").endsWith(">");
        assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");

        // The hub's endpoint: GET only shows a page; POST unsubscribes; a forged token is refused.
        String local = unsub.substring(1, unsub.length() - 1).replace("https://hub.example.org", wirehub.url(""));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(local)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("<form method=\"post\"");
        assertThat(hub.delivery().subscribers().get("afghanistan-alerts").spec().channels.get(0).unsubscribed).isNull();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(local.replaceAll("t=[^&]+", "t=forged")))
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(local))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(hub.delivery().subscribers().get("afghanistan-alerts").spec().channels.get(0).unsubscribed).isTrue();

        // Unsubscribed: an update of the seed is not mailed (it still reaches the evil-test witness below).
        NinjsItem update = SeedItem.load();
        update.bodies.get(0).value += "\n\nMise à jour zevil.";
        wirehub.submit(update, "afp-fr");
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 2);
        assertThat(greenMail.getReceivedMessages()[1].getAllRecipients()[0].toString()).isEqualTo("victim@example.org");
        assertThat(hub.delivery().outbox().list("pending", "afghanistan-alerts", 10)).isEmpty();
    }

    @Test
    void a_title_with_crlf_bcc_cannot_add_a_recipient_or_a_header() throws Exception {
        start();
        NinjsItem it = SeedItem.simple("urn:test:evil", "Breaking\r\nBcc: x@evil.example\r\nX-Injected: yes", "zevil body");
        wirehub.submit(it, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length >= 1);
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(m.getAllRecipients()).extracting(Address::toString).containsExactly("victim@example.org");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getHeader("X-Injected")).isNull();
        assertThat(m.getSubject()).isEqualTo("Breaking Bcc: x@evil.example X-Injected: yes");
        assertThat(greenMail.getReceivedMessagesForDomain("evil.example")).isEmpty();
    }

    @Test
    void a_daily_digest_groups_the_days_items_in_one_mail_at_its_hour() throws Exception {
        start();
        for (int i = 1; i <= 3; i++) {
            wirehub.submit(SeedItem.simple("urn:test:digest-" + i, "Digest item " + i, "Story " + i + " zdigest"), null);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.delivery().outbox().list("digest", "daily-digest", 10).size() == 3);
        assertThat(greenMail.getReceivedMessages()).as("nothing before the digest hour").isEmpty();
        // The digest hour comes: move the day's rows to now (what the clock would do at 07:00 Paris).
        try (Connection c = hub.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE delivery SET next_attempt_at = CURRENT_TIMESTAMP WHERE status = 'digest'");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 1);
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(m.getSubject()).startsWith("Résumé quotidien — 3 items — ");
        String text = (String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("Digest item 1", "Digest item 2", "Digest item 3");
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.delivery().outbox().list("delivered", "daily-digest", 10).size() == 3);
    }

    @Test
    void a_vietnamese_subject_is_encoded_and_hostile_html_is_sanitized() throws Exception {
        SubscriberSpec spec = new SubscriberSpec();
        spec.id = "vi";
        SubscriberSpec.Channel ch = new SubscriberSpec.Channel();
        ch.type = "mail";
        ch.to.add("ban-tin@example.vn");
        spec.channels.add(ch);
        NinjsItem it = SeedItem.simple("urn:test:vi", "Hà Nội: mưa lớn gây ngập nhiều tuyến phố, giao thông ùn tắc nghiêm trọng", "Mưa lớn.");
        it.language = "vi";
        it.bodies.add(new NinjsItem.Text("main", "text/html",
                "<p onclick=\"steal()\">Mưa lớn <a href=\"javascript:alert(1)\">xem</a></p><script>alert(1)</script>"));
        MailChannel mail = new MailChannel("wirehub@hub.example.org", new UnsubscribeTokens("0123456789abcdef0123", "https://hub.example.org"));
        MimeMessage m = mail.build(new Subscriber(spec, CompiledFilter.compile(spec.filter, PlaceLookup.NONE), true), 0,
                java.util.List.of(PublishStage.envelope("item.new", "evt_1", it)));
        String raw = raw(m);
        assertThat(m.getSubject()).isEqualTo("Hà Nội: mưa lớn gây ngập nhiều tuyến phố, giao thông ùn tắc nghiêm trọng");
        assertThat(raw).contains("Subject: =?UTF-8?");
        assertThat(raw.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(Arrays.stream(raw.split("\r\n")).filter(l -> l.length() > 78 && !l.startsWith("List-Unsubscribe: <https://")))
                .isEmpty();
        String html = (String) ((MimeMultipart) m.getContent()).getBodyPart(1).getContent();
        assertThat(html).contains("Mưa lớn", "Địa điểm:").doesNotContain("<script", "onclick", "javascript:");
    }

    @Test
    void next_digest_slots_follow_the_subscribers_time_zone() {
        SubscriberSpec.Channel ch = new SubscriberSpec.Channel();
        ch.type = "mail";
        ch.mode = "daily";
        ch.hour = 7;
        ch.timeZone = "Asia/Ho_Chi_Minh";
        assertThat(MailChannel.nextDigest(ch, java.time.Instant.parse("2026-11-24T21:30:00Z")))
                .isEqualTo(java.time.Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(MailChannel.nextDigest(ch, java.time.Instant.parse("2026-11-24T23:59:00Z")))
                .isEqualTo(java.time.Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(MailChannel.nextDigest(ch, java.time.Instant.parse("2026-11-25T00:00:00Z")))
                .isEqualTo(java.time.Instant.parse("2026-11-26T00:00:00Z"));
        ch.mode = "hourly";
        assertThat(MailChannel.nextDigest(ch, java.time.Instant.parse("2026-11-24T21:30:00Z")))
                .isEqualTo(java.time.Instant.parse("2026-11-24T22:00:00Z"));
        ch.mode = "alert";
        assertThat(MailChannel.nextDigest(ch, java.time.Instant.now())).isNull();
    }
}
