package io.wirehub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.Shared;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Agency files dropped into the running hub's inbox: the seed, an AFP correction, and broken files. */
class InboxAgencyTest {
    /** A hub per test; the kit's inbox settings (min-age 100 ms, poll every 200 ms) pick a file up quickly. */
    @RegisterExtension
    WirehubExtension hub = WirehubExtension.builder().build();

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = InboxAgencyTest.class.getResourceAsStream("/agency/" + name)) {
            return in.readAllBytes();
        }
    }

    private List<JsonNode> items() throws Exception {
        return OutDir.ndjsonLines(hub.out()).stream().map(l -> {
            try {
                return NinjsJson.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void seedDroppedInTheInboxComesOutAsOneFrenchItem() throws Exception {
        Path seed = Shared.require("seed/000_322bb145bcebb8c8.txt");
        Path inbox = hub.inbox();
        Files.copy(seed, inbox.resolve(seed.getFileName()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !items().isEmpty());
        List<JsonNode> items = items();
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.get("language").asText()).isEqualTo("fr");
        assertThat(item.get("bodies").get(0).get("value").asText()).startsWith("Le porte-parole du gouverneur")
                .doesNotContain(">>").doesNotContain("AFP/VNA/CVN").doesNotContain("|");
        assertThat(item.get("infoSources").findValuesAsText("name")).containsExactly("AFP", "VNA", "CVN");
        assertThat(item.get("associations").findValuesAsText("rel")).containsExactly("related", "related");
        assertThat(item.get("descriptions").get(0).get("role").asText()).isEqualTo("caption");
        // the file is moved once its route has finished
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done").resolve(seed.getFileName())));
    }

    @Test
    void brokenAgencyFilesAreQuarantinedWithTheirReasonAndTheOthersGoThrough() throws Exception {
        Path inbox = hub.inbox();
        Files.write(inbox.resolve("a-truncated.xml"), fixture("newsml-g2-truncated-mid-body.xml"));
        Files.write(inbox.resolve("b-unknown-encoding.xml"), fixture("nitf-declares-unknown-encoding.xml"));
        Files.write(inbox.resolve("c-bad-ninjs.json"), fixture("ninjs-fails-schema-urgency-out-of-range.json"));
        Files.write(inbox.resolve("d-story.xml"), fixture("afp-newsml-g2-story-v1.xml"));
        Files.write(inbox.resolve("e-nitf.xml"), fixture("nitf-3.3-doctype-html-entities.xml"));
        Path err = inbox.resolve("error");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(err.resolve("c-bad-ninjs.json.error.txt"))
                && Files.exists(err.resolve("a-truncated.xml.error.txt")) && Files.exists(err.resolve("b-unknown-encoding.xml.error.txt"))
                && items().size() == 1 && Files.exists(inbox.resolve("done").resolve("e-nitf.xml")));
        assertThat(Files.readString(err.resolve("a-truncated.xml.error.txt"))).contains("is truncated: the document ends inside <p> (line 52");
        assertThat(Files.readString(err.resolve("b-unknown-encoding.xml.error.txt"))).contains("declares encoding \"x-wirehub-unknown-8\", which is not a known character set");
        assertThat(Files.readString(err.resolve("c-bad-ninjs.json.error.txt"))).contains("fails the ninjs schema: urgency 12 is not an integer from 1 to 9");
        // the raw inputs are kept untouched where the operator looks
        assertThat(Files.readAllBytes(err.resolve("a-truncated.xml"))).isEqualTo(fixture("newsml-g2-truncated-mid-body.xml"));
        // The NITF file is the same AFP story (same lead, same day) in another format: it went through,
        // and dedupe recorded it as a later copy of the story (item.duplicate), so no second file.
        assertThat(items()).extracting(i -> i.get("uri").asText()).containsExactly("urn:newsml:afp.com:20210710:TX-PAR-HLK42");
    }
}
