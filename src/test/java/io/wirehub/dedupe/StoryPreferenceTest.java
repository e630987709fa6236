package io.wirehub.dedupe;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoryPreferenceTest {
    @Test
    void oncePerStoryUnlessAPreferredSourceArrivesLater() {
        StoryPreference p = StoryPreference.parse("AFP, VNA, CVN", false);
        // CVN's republication arrives first: delivered (nothing of the story yet)
        assertThat(p.wants(DedupeDecision.NEW, "CVN", List.of())).isTrue();
        // VNA ranks above CVN: delivered once
        assertThat(p.wants(DedupeDecision.DUPLICATE, "VNA", List.of("CVN"))).isTrue();
        // AFP ranks above both: delivered
        assertThat(p.wants(DedupeDecision.DUPLICATE, "afp", List.of("CVN", "VNA"))).isTrue();
        // after AFP nothing else
        assertThat(p.wants(DedupeDecision.DUPLICATE, "VNA", List.of("CVN", "VNA", "AFP"))).isFalse();
        assertThat(p.wants(DedupeDecision.DUPLICATE, "Reuters", List.of("CVN"))).as("unlisted ranks last").isFalse();
        // updates and cancellations of what it got always pass
        assertThat(p.wants(DedupeDecision.UPDATED, "CVN", List.of("AFP"))).isTrue();
        assertThat(p.wants(DedupeDecision.CANCELED, "CVN", List.of("AFP"))).isTrue();
    }

    @Test
    void everyCopyWhenAsked() {
        StoryPreference p = StoryPreference.parse("", true);
        assertThat(p.wants(DedupeDecision.DUPLICATE, "CVN", List.of("AFP", "CVN"))).isTrue();
    }
}
