package io.wirehub.ingest;

import io.wirehub.testing.Ninjs;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Black-box tests of the inbox route of the running hub: files in, ninjs files out, failures set aside with their reason. */
class InboxRoutesTest {
    @RegisterExtension
    WirehubExtension wirehub = WirehubExtension.builder().build();

    static String rss(String id, String title) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title><link>https://inbox.example/</link>"
                + "<description>d</description><language>fr</language><item><title>" + title + "</title><guid isPermaLink=\"false\">" + id
                + "</guid><description>Texte de " + title + ".</description></item></channel></rss>";
    }

    @Test
    void goodFilesComeOutAndBadOnesGoToErrorWithTheirReason() throws Exception {
        Path inbox = wirehub.inbox();
        Path out = wirehub.out();
        Files.writeString(inbox.resolve("a-page.xml"), "<!DOCTYPE html><html><body>oops</body></html>", StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("unknown-root.xml"), "<?xml version=\"1.0\"?><invoice><total>3</total></invoice>", StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("good.rss"), rss("in-1", "Premier article"), StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.resolve("done/good.rss")).exists();
            assertThat(inbox.resolve("error/a-page.xml")).exists();
            assertThat(inbox.resolve("error/unknown-root.xml")).exists();
        });
        assertThat(Files.readString(inbox.resolve("error/a-page.xml.error.txt"))).contains("a-page.xml").contains("HTML page, not a feed");
        assertThat(Files.readString(inbox.resolve("error/unknown-root.xml.error.txt"))).contains("unknown XML document with root element <invoice>");
        // out/ is written by the outbox worker, just after the item is committed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OutDir.headlines(out)).containsExactly("Premier article"));
        OutDir.items(out).forEach(Ninjs::assertValid);
        assertThat(OutDir.items(out).get(0).path("altIds").toString()).contains("inbox");
    }

    @Test
    void partialFilesAreNotPickedUpUntilComplete() throws Exception {
        Path inbox = wirehub.inbox();
        Path out = wirehub.out();
        Path part = inbox.resolve("agency.xml.part");
        Files.writeString(part, rss("in-2", "Dépêche en cours d'envoi"), StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("other.xml"), rss("in-3", "Autre dépêche"), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("done/other.xml")));
        // the .part file was seen by the same scans and left alone
        assertThat(part).exists();
        // out/ is written by the outbox worker, just after the item is committed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OutDir.headlines(out)).containsExactly("Autre dépêche"));
        Files.move(part, inbox.resolve("agency.xml"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("done/agency.xml")));
        // out/ is written by the outbox worker, just after the item is committed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OutDir.headlines(out)).containsExactlyInAnyOrder("Autre dépêche", "Dépêche en cours d'envoi"));
    }

    @Test
    void anItemAlreadyDeliveredIsNotWrittenAgainAfterARestart() throws Exception {
        Path inbox = wirehub.inbox();
        Path out = wirehub.out();
        Files.writeString(inbox.resolve("first.xml"), rss("in-4", "Une seule fois"), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.ndjson(out).size() == 1);
        wirehub.restart();
        Files.writeString(inbox.resolve("again.xml"), rss("in-4", "Une seule fois"), StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("marker.xml"), rss("in-5", "Marqueur"), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("done/again.xml"))
                && OutDir.ndjson(out).size() == 2);
        assertThat(OutDir.ndjson(out)).extracting(n -> n.path("headlines").path(0).path("value").asText())
                .containsExactly("Une seule fois", "Marqueur");
    }

    @Test
    void fileThatGivesNoUsableItemGoesToErrorWithTheReason() throws Exception {
        Path inbox = wirehub.inbox();
        Path out = wirehub.out();
        // the transfer broke inside the first item: nothing to deliver, and the reason must be on file
        Files.writeString(inbox.resolve("cut-off.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                + "<title>t</title><link>https://inbox.example/</link><description>d</description><item><title", StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("marker.xml"), rss("in-6", "Marqueur"), StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.resolve("error/cut-off.xml")).exists();
            assertThat(inbox.resolve("done/marker.xml")).exists();
        });
        assertThat(Files.readString(inbox.resolve("error/cut-off.xml.error.txt")))
                .contains("cut-off.xml").contains("1 item dropped: no headline, body or link");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OutDir.headlines(out)).containsExactly("Marqueur"));
    }
}
