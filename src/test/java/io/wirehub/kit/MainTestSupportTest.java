package io.wirehub.kit;

import io.wirehub.testing.WirehubAssertions;
import io.wirehub.testing.WirehubExtension;
import io.wirehub.testing.WirehubMainTestSupport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit under camel-test-main-junit5: wirehub's routes and stages in a CamelMainTestSupport context. */
class MainTestSupportTest extends WirehubMainTestSupport {
    @Test
    void aFileDroppedInTheInboxComesOutAndStateStaysInTheTestFolder() throws Exception {
        assertThat(context.getRoute("inbox")).isNotNull();
        Files.writeString(inbox().resolve("wire.rss"), RouteTestKitTest.RSS);
        WirehubAssertions.assertThatOut(out()).writesItemsWithHeadlines("Floods close the coastal road");
        assertThat(dir.resolve("data")).isDirectoryContaining(f -> f.getFileName().toString().endsWith(".mv.db"));
        // the embedded HTTP server listens on the kit's free port, the API takes the kit's token
        String port = context.resolvePropertyPlaceholders("{{camel.server.port}}");
        assertThat(port).isNotEqualTo("8080");
        HttpResponse<String> subs = RouteTestKitTest.get("http://127.0.0.1:" + port + "/api/subscribers",
                "Authorization", "Bearer " + WirehubExtension.API_TOKEN);
        assertThat(subs.statusCode()).isEqualTo(200);
    }
}
