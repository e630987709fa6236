package io.wirehub.publish;

import io.wirehub.Routes;
import io.wirehub.dedupe.DedupeDecision;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.SeedItem;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publish stage records the dedupe stage's decision on its own transaction and puts the story in the envelope. */
class DedupeRecorderTest {
    private static final class RecordingDecision implements DedupeDecision {
        Connection recordedOn;
        boolean recorded;

        @Override
        public String event() {
            return DUPLICATE;
        }

        @Override
        public String storyId() {
            return "story-42";
        }

        @Override
        public List<String> sources() {
            return List.of("AFP", "VNA");
        }

        @Override
        public NinjsItem item() {
            return null;
        }

        @Override
        public String reason() {
            return "test";
        }

        @Override
        public void record(Connection c) {
            recorded = true;
            recordedOn = c;
        }
    }

    @Test
    void the_decision_is_recorded_on_the_publish_transaction_and_its_story_goes_in_the_envelope() throws Exception {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        RecordingDecision d = new RecordingDecision();
        ex.setProperty(Routes.PROP_DEDUPE, d);
        DedupeRecorder.record(ex, null);
        assertThat(d.recorded).isTrue();
        assertThat(DedupeRecorder.storyId(ex)).isEqualTo("story-42");
        assertThat(DedupeRecorder.sources(ex)).containsExactly("AFP", "VNA");
        String env = PublishStage.envelope("item.duplicate", "evt_1", SeedItem.simple("urn:x", "h", "b"),
                DedupeRecorder.storyId(ex), DedupeRecorder.sources(ex));
        assertThat(NinjsJson.MAPPER.readTree(env).get("story").toString()).isEqualTo("{\"id\":\"story-42\",\"sources\":[\"AFP\",\"VNA\"]}");
    }

    @Test
    void publishing_without_a_dedupe_decision_is_refused() {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        assertThatThrownBy(() -> DedupeRecorder.record(ex, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dedupe");
    }
}
