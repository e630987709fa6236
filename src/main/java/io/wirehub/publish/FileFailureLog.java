package io.wirehub.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports file deliveries that fail, per (subscriber, folder, reason) rather than per item: when a
 * disk is full, every item for that folder fails at once, and hundreds of identical lines would
 * bury the one that matters. The first failure is logged at WARN; later ones again at WARN only
 * once the next step of the retry schedule has come (with how many failed meanwhile), so the log
 * follows the retries of the deliveries themselves. The first success afterwards is logged at INFO.
 */
final class FileFailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(FileFailureLog.class);

    private final RetryPolicy retry;
    /** By subscriber + folder, then by reason. */
    private final Map<String, Map<String, State>> failing = new ConcurrentHashMap<>();

    private static final class State {
        int step;
        Instant first;
        Instant nextReport;
        long failures;
        long sinceReport;
        /** A WARN not yet followed by the INFO of the recovery. */
        boolean warned;
    }

    FileFailureLog(RetryPolicy retry) {
        this.retry = retry;
    }

    private static String key(String subscriberId, Path dir) {
        return subscriberId + '\u0000' + dir.toAbsolutePath().normalize();
    }

    /** True while writes of {@code subscriberId}'s folder {@code dir} have failed and not yet recovered. */
    boolean failing(String subscriberId, Path dir) {
        return !failing.isEmpty() && failing.containsKey(key(subscriberId, dir));
    }

    /** One failed write of {@code subscriberId}'s folder {@code dir}: logs it if a report is due. */
    void failed(String subscriberId, Path dir, Path file, String reason, Instant now) {
        Map<String, State> byReason = failing.computeIfAbsent(key(subscriberId, dir), k -> new ConcurrentHashMap<>());
        State s = byReason.computeIfAbsent(reason, r -> new State());
        synchronized (s) {
            s.failures++;
            s.sinceReport++;
            if (s.nextReport != null && now.isBefore(s.nextReport)) {
                return;
            }
            s.step++;
            Duration wait = retry.minDelay(s.step);
            if (s.first == null) {
                s.first = now;
                LOG.warn("file delivery to subscriber {} failed: {}: {}; deliveries are kept and retried on the retry schedule",
                        subscriberId, file, reason);
            } else {
                LOG.warn("file delivery to subscriber {} still failing: {}: {} ({} failed attempt(s) since the last report, {} since {}); still retried",
                        subscriberId, file, reason, s.sinceReport, s.failures, s.first);
            }
            s.sinceReport = 0;
            s.nextReport = now.plus(wait);
            s.warned = true;
        }
    }

    /**
     * A write of {@code subscriberId}'s folder {@code dir} succeeded: logs the recovery once after a
     * WARN. The state is kept until its next report was due, so a disk at the edge of full (some
     * writes fit, some do not) still gives one WARN and one INFO per step, not per item.
     */
    void succeeded(String subscriberId, Path dir, Instant now) {
        if (failing.isEmpty()) {
            return; // the usual case: nothing to look up
        }
        String key = key(subscriberId, dir);
        Map<String, State> byReason = failing.get(key);
        if (byReason == null) {
            return;
        }
        long failures = 0;
        Instant first = null;
        boolean report = false;
        boolean done = true;
        for (State s : byReason.values()) {
            synchronized (s) {
                if (s.warned) {
                    report = true;
                    s.warned = false;
                    failures += s.failures;
                    if (s.first != null && (first == null || s.first.isBefore(first))) {
                        first = s.first;
                    }
                    s.failures = 0;
                    s.first = null;
                }
                done &= s.nextReport == null || !now.isBefore(s.nextReport);
            }
        }
        if (done) {
            failing.remove(key, byReason);
        }
        if (report) {
            LOG.info("file delivery to subscriber {} writes to {} again ({} failed attempt(s) since {}, retried)",
                    subscriberId, dir.toAbsolutePath().normalize(), failures, first);
        }
    }
}
