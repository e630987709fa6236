package org.example.newsroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.wirehub.testing.WirehubAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The newsroom's hub as it runs: our config/ (feeds, subscribers, settings) and routes/, with the
 * real feeds and receivers replaced by loopback servers. Every item reaches the desk's CMS; urgent
 * AFP items also take the flash lane; the Afghanistan correspondent gets a mail.
 */
class NewsroomRoutesTest {
    static final String DESK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String FLASH_SECRET = "whsec_wmURe7vo6OcnXwK4QSRFKqD5enpKSppUJOGJmmOTSiw=";
    static final String AFP_ETAG = "\"afp-fr-0905\"";

    // Servers first (@Order): the hub starts once they run and stops before they do.
    @RegisterExtension
    @Order(1)
    static FeedServer feeds = FeedServer.start();
    @RegisterExtension
    @Order(2)
    static WebhookReceiver hooks = WebhookReceiver.start();
    @RegisterExtension
    @Order(3)
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static {
        try {
            feeds.serveWithETag("/fr/newsml.xml", "application/xml", Files.readString(Path.of("src/test/resources/afp-fr.xml")), AFP_ETAG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        feeds.serveFile("/rss/home.rss", "application/rss+xml; charset=utf-8", Path.of("src/test/resources/vna-fr.rss"));
        // like the real receivers: a request not signed with the right secret gets 401
        hooks.verifying("/hooks/wirehub", DESK_SECRET).verifying("/hooks/flash", FLASH_SECRET);
    }

    @RegisterExtension
    @Order(4)
    static WirehubExtension hub = WirehubExtension.builder()
            .config(Path.of("config"))
            // our real files, pointed at the test's servers
            .replaceInConfig("https://wire.afp.example", feeds.url(""))
            .replaceInConfig("https://fr.vietnamplus.vn", feeds.url(""))
            .replaceInConfig("https://cms.newsroom.example", hooks.url(""))
            .replaceInConfig("${env:NEWSROOM_DESK_SECRET}", DESK_SECRET)
            .userRoutes("file:routes/*.camel.yaml")
            .property("newsroom.afp-url", feeds.url("/fr/newsml.xml"))
            .property("newsroom.flash-interval", "1s")
            .property("newsroom.flash-url", hooks.url("/hooks/flash"))
            .property("newsroom.flash-secret", FLASH_SECRET)
            .property("newsroom.allow-private", "true")
            .smtp(() -> mail.getSmtp().getPort())
            .build();

    @Test
    void everyItemReachesTheDeskSignedAsValidNinjs() {
        assertThat(hooks).at("/hooks/wirehub").signedWith(DESK_SECRET)
                .within(Duration.ofSeconds(30))
                .receivesItemsWithHeadlines(
                        "Afghanistan: un séisme de magnitude 6,1 frappe la province d'Hérat",
                        "Lyon: la Fête des lumières attend deux millions de visiteurs",
                        "Hanoï accueille un forum régional sur l'économie numérique");
    }

    @Test
    void urgentAfpItemsTakeTheFlashLaneTaggedAndGeotagged() {
        JsonNode flash = assertThat(hooks).at("/hooks/flash").signedWith(FLASH_SECRET)
                .receivesItemsWithHeadlines("Afghanistan: un séisme de magnitude 6,1 frappe la province d'Hérat")
                .get(0);
        assertThat(flash.path("subjects").findValuesAsText("name")).contains("flash");
        assertThat(flash.path("places").findValuesAsText("name")).contains("Afghanistan");
        // the lane polls every second with a conditional GET: the unchanged wire answers 304
        await().atMost(Duration.ofSeconds(10)).until(() -> feeds.requests("/fr/newsml.xml").stream()
                .anyMatch(r -> AFP_ETAG.equals(r.header("If-None-Match"))));
    }

    @Test
    void theAfghanistanCorrespondentGetsAMail() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length >= 1);
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("kabul@newsroom.example");
        assertThat(m.getSubject()).contains("séisme");
    }
}
