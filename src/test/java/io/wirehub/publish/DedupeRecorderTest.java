package io.wirehub.publish;

import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.SeedItem;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publish stage uses the dedupe stage's decision (exchange property wirehubDedupe) through its
 * public interface, even when the implementation class is private, as the dedupe branch has it.
 */
class DedupeRecorderTest {
    /** The shape of io.wirehub.dedupe.DedupeDecision that the publish stage relies on. */
    public interface Decision {
        void record(Connection c);

        String storyId();

        List<String> sources();
    }

    private static final class PrivateDecision implements Decision {
        Connection recordedOn;
        boolean recorded;

        @Override
        public void record(Connection c) {
            recorded = true;
            recordedOn = c;
        }

        @Override
        public String storyId() {
            return "story-42";
        }

        @Override
        public List<String> sources() {
            return List.of("AFP", "VNA");
        }
    }

    @Test
    void the_decision_is_recorded_on_the_publish_transaction_and_its_story_goes_in_the_envelope() throws Exception {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        PrivateDecision d = new PrivateDecision();
        ex.setProperty(DedupeRecorder.PROP_DEDUPE, d);
        DedupeRecorder.record(ex, SeedItem.simple("urn:x", "h", "b"), null);
        assertThat(d.recorded).isTrue();
        assertThat(DedupeRecorder.storyId(ex)).isEqualTo("story-42");
        assertThat(DedupeRecorder.sources(ex)).containsExactly("AFP", "VNA");
        String env = PublishStage.envelope("item.duplicate", "evt_1", SeedItem.simple("urn:x", "h", "b"),
                DedupeRecorder.storyId(ex), DedupeRecorder.sources(ex));
        assertThat(NinjsJson.MAPPER.readTree(env).get("story").toString()).isEqualTo("{\"id\":\"story-42\",\"sources\":[\"AFP\",\"VNA\"]}");
    }
}
