package io.wirehub.gazetteer;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.testing.WirehubAssertions;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The running hub: an agency file dropped in the inbox comes out with its places. */
class EnrichRouteTest {
    @RegisterExtension
    WirehubExtension hub = WirehubExtension.builder().build();

    @Test
    void itemsLeaveTheHubWithTheirPlaces() throws Exception {
        String rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
                + "<link>https://inbox.example/</link><description>d</description><language>fr</language>"
                + "<item><title>Afghanistan : les talibans aux portes d'Hérat</title><guid isPermaLink=\"false\">geo-1</guid>"
                + "<description>Les talibans ont pris le poste-frontière d'Islam Qala, principal point de passage avec "
                + "l'Iran, dans la province d'Hérat. Des renforts partiront de Kaboul.</description></item></channel></rss>";
        hub.drop("afghanistan.rss", rss);
        JsonNode item = WirehubAssertions.assertThat(hub)
                .writesItemsWithHeadlines("Afghanistan : les talibans aux portes d'Hérat").get(0);
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
