package io.wirehub.publish;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One story reaches the hub four times (CVN's republication first, then VNA's, AFP's own dispatch,
 * another CVN copy). A subscriber gets the story once; one that states the source order AFP, VNA,
 * CVN also gets each later copy from a better-ranked source, and nothing after AFP's.
 */
class PreferredSourceOrderTest {
    /** The hub's folder, named before it starts: the subscribers' file channels write under it. */
    @TempDir
    Path dir;

    static NinjsItem copy(String uri, String source) {
        NinjsItem it = SeedItem.simple(uri, "Talibans take the Islam Qala border crossing with Iran",
                "Taliban fighters seized the Islam Qala border crossing with Iran on Friday, officials in Herat province said, "
                        + "as the insurgents pressed their offensive across western Afghanistan. Reinforcements were expected.");
        NinjsItem.Concept c = new NinjsItem.Concept(source, null, null);
        c.role = "source";
        it.infoSources.add(c);
        return it;
    }

    @Test
    void theStoryOnceOrByPreferredSourceOrder() throws Exception {
        String yaml = """
                subscribers:
                  - id: once
                    channels:
                      - type: file
                        dir: %s
                        format: ninjs
                  - id: ranked
                    filter:
                      sourceOrder: [AFP, VNA, CVN]
                    channels:
                      - type: file
                        dir: %s
                        format: ninjs
                """.formatted(dir.resolve("once"), dir.resolve("ranked"));
        try (WirehubExtension hub = WirehubExtension.builder().dir(dir).subscribers(yaml).start()) {
            hub.submit(copy("urn:test:cvn-1", "CVN"), "cvn-feed");
            hub.submit(copy("urn:test:vna-1", "VNA"), "vna-feed");
            hub.submit(copy("urn:test:afp-1", "AFP"), "afp-feed");
            hub.submit(copy("urn:test:cvn-2", "CVN"), "cvn-feed-2");
            Outbox outbox = hub.hub().delivery().outbox();
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.list("delivered", "ranked", 10).size() == 3
                    && outbox.list("delivered", "once", 10).size() == 1);
            assertThat(outbox.list(null, "once", 10)).hasSize(1);
            assertThat(outbox.list(null, "ranked", 10)).hasSize(3);
            List<String> rankedEvents = outbox.list(null, "ranked", 10).stream().map(Object::toString).toList();
            assertThat(String.join(" ", rankedEvents)).doesNotContain("cvn-2");
        }
    }
}
