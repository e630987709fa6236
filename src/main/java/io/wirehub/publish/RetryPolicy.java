package io.wirehub.publish;

import io.wirehub.HubConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: the n-th retry waits the n-th delay of the schedule, with
 * ±jitter so that many deliveries failing together do not retry together; past the schedule the
 * delivery is dead-lettered. A 429/503 Retry-After replaces the delay (the caller caps it by
 * {@code wirehub.delivery.max-retry-after}; here it is capped by the longest delay as well).
 */
public final class RetryPolicy {
    private final List<Duration> schedule;
    private final double jitter;

    public RetryPolicy(List<Duration> schedule, double jitter) {
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
    }

    /** From wirehub.delivery.retry-schedule and wirehub.delivery.retry-jitter. */
    public static RetryPolicy from(HubConfig cfg) {
        List<Duration> s = new ArrayList<>();
        for (String p : cfg.get("wirehub.delivery.retry-schedule", "5s,30s,2m,10m,30m,1h,2h,4h,8h,8h").split(",")) {
            if (!p.isBlank()) {
                s.add(HubConfig.parseDuration(p));
            }
        }
        return new RetryPolicy(s, Double.parseDouble(cfg.get("wirehub.delivery.retry-jitter", "0.2")));
    }

    /** Tries in all, the first included. */
    public int maxAttempts() {
        return schedule.size() + 1;
    }

    /**
     * When to try again after {@code attempts} failed tries, or null when the schedule is used up.
     * {@code retryAfter} (from the response) replaces the delay when given.
     */
    public Instant next(int attempts, Instant now, Duration retryAfter) {
        if (attempts >= maxAttempts()) {
            return null;
        }
        Duration base = schedule.get(Math.min(attempts - 1, schedule.size() - 1));
        if (retryAfter != null) {
            Duration max = schedule.stream().max(Duration::compareTo).orElse(base);
            return now.plus(retryAfter.compareTo(max) > 0 ? max : retryAfter);
        }
        double f = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
        return now.plusMillis(Math.max(1, (long) (base.toMillis() * f)));
    }

    /** The schedule's wait after {@code failures} failed tries in a row, without jitter (the last one repeats). */
    public Duration delay(int failures) {
        return schedule.isEmpty() ? Duration.ofSeconds(5) : schedule.get(Math.max(0, Math.min(failures - 1, schedule.size() - 1)));
    }

    /**
     * The shortest wait before the retry that follows {@code attempts} failed tries (the schedule's
     * delay less the jitter): used to report a lasting failure once per step of the schedule.
     */
    public Duration minDelay(int attempts) {
        if (schedule.isEmpty()) {
            return Duration.ZERO;
        }
        Duration base = schedule.get(Math.max(0, Math.min(attempts - 1, schedule.size() - 1)));
        return Duration.ofMillis((long) (base.toMillis() * Math.max(0, 1 - jitter)));
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    public static Duration parseRetryAfter(String v, Instant now) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(s)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (Exception e2) {
                return null;
            }
        }
    }
}
