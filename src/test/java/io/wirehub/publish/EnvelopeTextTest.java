package io.wirehub.publish;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.SeedItem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file channels take the item's text from the stored envelope: it must be exactly the item's JSON. */
class EnvelopeTextTest {

    @Test
    void theItemTextInTheEnvelopeIsTheItemsOwnJsonEvenWithBracesQuotesAndNonAsciiInIt() throws Exception {
        NinjsItem item = SeedItem.simple("urn:test:env-1", "Hà Nội says \"}{\" \\ to typhoon 🌀",
                "Body with {braces}, [brackets], \"quotes\" and a tab\there.");
        item.version = "3";
        item.firstCreated = "2026-11-24T08:00:00Z";
        item.versionCreated = "2026-11-25T09:30:00Z";
        String env = PublishStage.envelope("item.update", "evt_abc", item, "story-9", List.of("AFP", "VNA"));

        EnvelopeText t = EnvelopeText.read(env);

        assertThat(t.itemJson()).isEqualTo(NinjsJson.write(item));
        assertThat(t.eventId()).isEqualTo("evt_abc");
        assertThat(t.uri()).isEqualTo("urn:test:env-1");
        assertThat(t.version()).isEqualTo("3");
        assertThat(t.firstCreated()).isEqualTo("2026-11-24T08:00:00Z");
        assertThat(t.versionCreated()).isEqualTo("2026-11-25T09:30:00Z");
        assertThat(NinjsJson.MAPPER.readTree(env).get("story").get("sources").toString()).isEqualTo("[\"AFP\",\"VNA\"]");
    }

    @Test
    void theSeedArticlesEnvelopeGivesBackTheSeedItem() throws Exception {
        NinjsItem seed = SeedItem.load();
        EnvelopeText t = EnvelopeText.read(PublishStage.envelope("item.new", "evt_seed", seed));
        assertThat(t.itemJson()).isEqualTo(NinjsJson.write(seed));
        assertThat(NinjsJson.MAPPER.readValue(t.itemJson(), NinjsItem.class).headline()).isEqualTo(seed.headline());
    }

    @Test
    void textThatIsNotAnEnvelopeIsRefused() {
        assertThatThrownBy(() -> EnvelopeText.read("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> EnvelopeText.read("{\"id\":\"evt_1\",\"event\":\"item.new\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("item");
    }
}
