package io.wirehub.dedupe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one subscriber gets of a story: by default the story once, whichever copy arrives first, and
 * a later copy only when it comes from a source the subscriber ranks higher than every copy it
 * already got (AFP before VNA before CVN: a subscriber that got CVN's republication first still
 * gets AFP's own dispatch when it arrives, and nothing more after it); or, when it asks for every
 * copy, each one. Updates and cancellations of an item it got always go through. The delivery
 * stage keeps, per subscriber and story, which sources it delivered and asks this class.
 */
public final class StoryPreference {
    private final List<String> order;
    private final boolean everyCopy;

    /**
     * @param sourceOrder preferred sources, best first (case-insensitive); sources not listed rank after them
     * @param everyCopy   deliver every copy of a story, not once per story
     */
    public StoryPreference(List<String> sourceOrder, boolean everyCopy) {
        this.order = new ArrayList<>();
        for (String s : sourceOrder == null ? List.<String>of() : sourceOrder) {
            order.add(s.strip().toLowerCase(Locale.ROOT));
        }
        this.everyCopy = everyCopy;
    }

    /** Parses "AFP, VNA, CVN". */
    public static StoryPreference parse(String sourceOrder, boolean everyCopy) {
        List<String> l = new ArrayList<>();
        if (sourceOrder != null) {
            for (String s : sourceOrder.split(",")) {
                if (!s.isBlank()) {
                    l.add(s);
                }
            }
        }
        return new StoryPreference(l, everyCopy);
    }

    /**
     * Whether to deliver this event to the subscriber.
     *
     * @param event          item.new, item.updated, item.canceled or item.duplicate
     * @param copySource     the outlet that carried this copy (last of its credit chain)
     * @param deliveredSources sources of the story's copies already delivered to this subscriber
     */
    public boolean wants(String event, String copySource, List<String> deliveredSources) {
        if (everyCopy || !DedupeDecision.DUPLICATE.equals(event)) {
            return true;
        }
        if (deliveredSources == null || deliveredSources.isEmpty()) {
            return true; // the subscriber has nothing of this story yet (its filters skipped the first copy)
        }
        int mine = rank(copySource);
        for (String d : deliveredSources) {
            if (rank(d) <= mine) {
                return false;
            }
        }
        return true;
    }

    /** Position in the preferred order; unlisted sources share the last rank. */
    public int rank(String source) {
        int i = source == null ? -1 : order.indexOf(source.strip().toLowerCase(Locale.ROOT));
        return i < 0 ? order.size() : i;
    }
}
