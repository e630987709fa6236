package io.wirehub.ingest;

import io.wirehub.store.FeedStateStore;

import java.time.Duration;
import java.time.Instant;

/**
 * One feed's health as the API, the metrics and the alerts see it, computed from its stored state.
 *
 * @param state        {@link #OK}, {@link #FAILING}, {@link #BACKING_OFF}, {@link #MALFORMED}, {@link #SILENT},
 *                     {@link #OVERFLOWING} or {@link #DISABLED}
 * @param usualGap     usual time between new items; null until two polls brought new items
 * @param interval     the interval the feed is polled at now (shorter while it overflows)
 * @param itemsLastDay new items in the last 24 hours
 */
public record FeedHealth(String id, String url, String state, boolean enabled, Instant lastSuccessAt, String lastError,
                         Instant lastErrorAt, int consecutiveErrors, Instant nextPollAt, long itemsLastDay, Duration usualGap,
                         boolean lenient, boolean overflowing, int overflowCount, Duration interval, Instant lastNewItemAt,
                         Instant failingSince, long itemsTotal, String owner) {
    public static final String OK = "ok";
    public static final String FAILING = "failing";
    public static final String BACKING_OFF = "backing_off";
    public static final String MALFORMED = "malformed";
    public static final String SILENT = "silent";
    public static final String OVERFLOWING = "overflowing";
    public static final String DISABLED = "disabled";
    /** Every state, in the order the metrics list them. */
    public static final java.util.List<String> STATES = java.util.List.of(OK, FAILING, BACKING_OFF, MALFORMED, SILENT, OVERFLOWING,
            DISABLED);

    /**
     * The state: errors first (one failed poll = failing; a poll put off by backoff or Retry-After =
     * backing off), then overflowing, silent (no new item for {@code silentFactor} times the usual
     * gap, and at least {@code silentMin}), malformed (read leniently), else ok.
     */
    static String stateOf(FeedConfig f, FeedStateStore.State s, Duration interval, Instant now, double silentFactor, Duration silentMin) {
        if (!f.enabled) {
            return DISABLED;
        }
        if (s.errorCount > 0) {
            boolean backoff = s.nextAttemptAt != null && s.lastErrorAt != null
                    && Duration.between(s.lastErrorAt, s.nextAttemptAt).compareTo(interval.plusSeconds(1)) > 0;
            return backoff ? BACKING_OFF : FAILING;
        }
        if (s.overflowing) {
            return OVERFLOWING;
        }
        if (s.usualGapMs != null && s.lastNewItemAt != null) {
            long quiet = Duration.between(s.lastNewItemAt, now).toMillis();
            long limit = Math.max((long) (s.usualGapMs * silentFactor), silentMin.toMillis());
            if (quiet > limit) {
                return SILENT;
            }
        }
        return s.lenient ? MALFORMED : OK;
    }
}
