package io.wirehub.publish;

import io.wirehub.HubConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void the_default_schedule_spans_about_a_day_then_dead_letters() {
        RetryPolicy p = RetryPolicy.from(HubConfig.of(Path.of("config"), new Properties()));
        assertThat(p.maxAttempts()).isEqualTo(11);
        Duration total = Duration.ZERO;
        Instant t = NOW;
        for (int attempt = 1; attempt < p.maxAttempts(); attempt++) {
            Instant next = p.next(attempt, t, null);
            total = total.plus(Duration.between(t, next));
            t = next;
        }
        assertThat(total).isBetween(Duration.ofHours(18), Duration.ofHours(29));
        assertThat(p.next(p.maxAttempts(), t, null)).as("schedule used up: dead letter").isNull();
    }

    @Test
    void waits_grow_and_are_jittered_within_bounds() {
        RetryPolicy p = new RetryPolicy(java.util.List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), 0.2);
        for (int i = 0; i < 200; i++) {
            assertThat(Duration.between(NOW, p.next(1, NOW, null))).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
            assertThat(Duration.between(NOW, p.next(2, NOW, null))).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
        }
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> p.next(1, NOW, null)).distinct().count();
        assertThat(distinct).as("jitter spreads retries").isGreaterThan(10);
    }

    @Test
    void retry_after_is_honoured_in_seconds_or_http_date_and_capped() {
        assertThat(RetryPolicy.parseRetryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 12:05:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isNull();
        RetryPolicy p = new RetryPolicy(java.util.List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), 0.2);
        assertThat(p.next(1, NOW, Duration.ofSeconds(30))).isEqualTo(NOW.plusSeconds(30));
        assertThat(p.next(1, NOW, Duration.ofDays(3))).as("capped by the longest wait").isEqualTo(NOW.plusSeconds(60));
    }
}
