package io.wirehub.gazetteer;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.Hub;
import io.wirehub.testing.Ninjs;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running hub: an agency file dropped in the inbox comes out with its places. */
class EnrichRouteTest {
    @TempDir
    Path tmp;
    Hub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void itemsLeaveTheHubWithTheirPlaces() throws Exception {
        TestHub th = new TestHub(tmp);
        hub = th.start();
        Files.createDirectories(th.inbox);
        String rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
                + "<link>https://inbox.example/</link><description>d</description><language>fr</language>"
                + "<item><title>Afghanistan : les talibans aux portes d'Hérat</title><guid isPermaLink=\"false\">geo-1</guid>"
                + "<description>Les talibans ont pris le poste-frontière d'Islam Qala, principal point de passage avec "
                + "l'Iran, dans la province d'Hérat. Des renforts partiront de Kaboul.</description></item></channel></rss>";
        Files.writeString(th.inbox.resolve("afghanistan.rss"), rss, StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> !OutDir.items(th.out).isEmpty());
        JsonNode item = OutDir.items(th.out).get(0);
        Ninjs.assertValid(item);
        List<String> places = new ArrayList<>();
        item.path("places").forEach(p -> places.add(p.path("rel").asText() + " " + p.path("uri").asText()));
        assertThat(places).contains(
                "primary https://sws.geonames.org/1140026/",
                "country https://sws.geonames.org/1149361/",
                "mentioned https://sws.geonames.org/1142404/",
                "mentioned https://sws.geonames.org/130758/",
                "mentioned https://sws.geonames.org/1140025/",
                "mentioned https://sws.geonames.org/1138958/");
    }
}
