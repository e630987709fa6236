package org.example.newsroom;

import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.wirehub.testing.WirehubAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flash lane alone: only our route file, none of the hub's routes or stages (the Kamelets need
 * none), a fresh hub per test. Camel's NotifyBuilder and MockEndpoint on the hub's context.
 */
class FlashLaneTest {
    static final String FLASH_SECRET = "whsec_wmURe7vo6OcnXwK4QSRFKqD5enpKSppUJOGJmmOTSiw=";

    @RegisterExtension
    @Order(1)
    FeedServer feeds = FeedServer.start();
    @RegisterExtension
    @Order(2)
    WebhookReceiver hooks = WebhookReceiver.start();
    @RegisterExtension
    @Order(3)
    WirehubExtension hub = WirehubExtension.builder()
            .config(Path.of("config"))
            // subscribers.yaml still loads, and its desk secret comes from the environment in production
            .replaceInConfig("${env:NEWSROOM_DESK_SECRET}", NewsroomRoutesTest.DESK_SECRET)
            .hubRoutes()
            .configurationClasses()
            .userRoutes("file:routes/afp-flash.camel.yaml")
            .property("newsroom.afp-url", feeds.url("/fr/newsml.xml"))
            .property("newsroom.flash-interval", "1s")
            .property("newsroom.flash-url", hooks.url("/hooks/flash"))
            .property("newsroom.flash-secret", FLASH_SECRET)
            .property("newsroom.allow-private", "true")
            .build();

    @Test
    void onlyTheUrgentItemIsPushed() {
        // The wire answers 404 until the test is ready: nothing went through the lane before this.
        NotifyBuilder twoItems = hub.notifyBuilder().fromCurrentRoute("afp-flash").whenCompleted(2).create();
        feeds.serveFile("/fr/newsml.xml", "application/xml", Path.of("src/test/resources/afp-fr.xml"));

        assertThat(twoItems.matches(30, TimeUnit.SECONDS)).as("both wire items went through the lane").isTrue();
        assertThat(hooks).at("/hooks/flash").signedWith(FLASH_SECRET).within(Duration.ofSeconds(5))
                .receivesItemsWithHeadlines("Afghanistan: un séisme de magnitude 6,1 frappe la province d'Hérat");
    }

    @Test
    void theTagIsAddedBeforeTheWebhook() throws Exception {
        MockEndpoint tagged = hub.mock("tagged");
        hub.adviceWith("afp-flash", a -> a.weaveByToUri("kamelet:ninjs-webhook-sink*").before().to("mock:tagged"));
        tagged.expectedMessageCount(1);
        feeds.serveFile("/fr/newsml.xml", "application/xml", Path.of("src/test/resources/afp-fr.xml"));

        tagged.assertIsSatisfied(30_000);
        String json = tagged.getExchanges().get(0).getMessage().getBody(String.class);
        assertThat(json).contains("\"name\":\"flash\"");
        assertThat(FlashTag.FLASH).containsEntry("uri", "https://newsroom.example/tags/flash");
    }
}
