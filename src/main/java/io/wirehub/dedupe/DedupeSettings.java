package io.wirehub.dedupe;

import io.wirehub.HubConfig;

import java.time.Duration;

/**
 * The settings of the dedupe stage ({@code wirehub.dedupe.*} in config/application.properties).
 *
 * @param window       same-story matching only between items at most this far apart in time
 * @param retention    state older than this is purged (an id seen again after it is new again)
 * @param threshold    estimated Jaccard similarity of two sketches from which they are one story
 * @param bands        LSH bands
 * @param rows         min-hashes per band
 * @param minShingles  sketches with fewer shingles never match (a one-line item says too little)
 * @param churnLimit   same text re-sent under a new guid this many times marks the feed's ids unstable
 */
public record DedupeSettings(Duration window, Duration retention, double threshold, int bands, int rows,
                             int minShingles, int churnLimit) {

    /** The defaults, as in config/application.properties. */
    public static DedupeSettings defaults() {
        return new DedupeSettings(Duration.ofHours(48), Duration.ofDays(30), 0.30, 16, 2, 6, 3);
    }

    /** From the hub's configuration. */
    public static DedupeSettings from(HubConfig cfg) {
        DedupeSettings d = defaults();
        return new DedupeSettings(
                cfg.getDuration("wirehub.dedupe.window", d.window),
                cfg.getDuration("wirehub.dedupe.retention", d.retention),
                Double.parseDouble(cfg.get("wirehub.dedupe.story-threshold", Double.toString(d.threshold))),
                cfg.getInt("wirehub.dedupe.lsh-bands", d.bands),
                cfg.getInt("wirehub.dedupe.lsh-rows", d.rows),
                cfg.getInt("wirehub.dedupe.min-shingles", d.minShingles),
                cfg.getInt("wirehub.dedupe.guid-churn-limit", d.churnLimit));
    }
}
