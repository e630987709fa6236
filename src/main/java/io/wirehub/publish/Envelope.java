package io.wirehub.publish;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wirehub.normalize.NinjsItem;

import java.util.List;

/**
 * The event envelope of DESIGN.md, {@code {event, id, item, story}}, as the publish route hands it
 * to camel-jackson's JSON data format (with {@link io.wirehub.normalize.NinjsModule}): the item is
 * written straight into the envelope, never through an intermediate tree. The item comes before
 * the story so that a reader of the stored text ({@link EnvelopeText}) finds it early.
 *
 * @param event  {@code item.new}, {@code item.update}, {@code item.duplicate}, ...
 * @param id     the event id (same event of the same item version, same id)
 * @param item   the ninjs item
 * @param story  the story as dedupe decided it
 */
@JsonPropertyOrder({"event", "id", "item", "story"})
public record Envelope(String event, String id, NinjsItem item, Story story) {
    /**
     * The story of an envelope.
     *
     * @param id      the story id
     * @param sources every source that carried it so far, in order of arrival
     */
    @JsonPropertyOrder({"id", "sources"})
    public record Story(String id, List<String> sources) {
    }
}
