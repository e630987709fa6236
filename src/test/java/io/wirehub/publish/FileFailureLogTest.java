package io.wirehub.publish;

import io.wirehub.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Many file deliveries failing together give one WARN per step of the retry schedule, one INFO on recovery. */
class FileFailureLogTest {
    static final String ENOSPC = "No space left on device";
    final RetryPolicy retry = new RetryPolicy(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)), 0.2);
    final Path dir = Path.of("/srv/out");
    final Instant t0 = Instant.parse("2026-11-24T10:00:00Z");

    void fail(FileFailureLog f, String sub, int items, Instant at) {
        for (int i = 0; i < items; i++) {
            f.failed(sub, dir, dir.resolve("items/" + i + ".json"), ENOSPC, at);
        }
    }

    @Test
    void oneWarnPerStepNotPerItem() {
        FileFailureLog f = new FileFailureLog(retry);
        try (LogCapture log = new LogCapture()) {
            fail(f, "hub", 300, t0);
            assertThat(log.lines("WARN", "subscriber hub", "/srv/out/items/0.json", ENOSPC)).hasSize(1);
            fail(f, "hub", 300, t0.plusSeconds(3)); // retries jittered early: still step 1
            assertThat(log.lines("WARN")).hasSize(1);
            fail(f, "hub", 300, t0.plusMillis(4100)); // step 2 (5 s less 20 %)
            assertThat(log.lines("WARN")).hasSize(2);
            assertThat(log.lines("WARN").get(1)).contains("600 failed attempt(s) since the last report");
            fail(f, "hub", 300, t0.plusSeconds(27)); // step 3 not before 4.1 + 24 s
            assertThat(log.lines("WARN")).hasSize(2);
            fail(f, "hub", 300, t0.plusMillis(28200));
            assertThat(log.lines("WARN")).hasSize(3);
            // another subscriber on its own schedule
            fail(f, "other", 5, t0.plusSeconds(29));
            assertThat(log.lines("WARN", "subscriber other")).hasSize(1);

            f.succeeded("hub", dir, t0.plusSeconds(200));
            f.succeeded("hub", dir, t0.plusSeconds(201));
            assertThat(log.lines("INFO", "subscriber hub", "/srv/out", "again", "1500 failed")).hasSize(1);
            assertThat(log.lines("INFO")).hasSize(1);
            // a new failure after the recovery is reported again
            fail(f, "hub", 2, t0.plusSeconds(300));
            assertThat(log.lines("WARN", "subscriber hub")).hasSize(4);
        }
    }

    @Test
    void aDiskAtTheEdgeOfFullDoesNotAlternateWarnAndInfoPerItem() {
        FileFailureLog f = new FileFailureLog(retry);
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 100; i++) {
                Instant at = t0.plusMillis(10L * i);
                f.failed("hub", dir, dir.resolve("items/" + i + ".json"), ENOSPC, at);
                f.succeeded("hub", dir, at.plusMillis(5));
            }
            assertThat(log.lines("WARN")).hasSize(1);
            assertThat(log.lines("INFO")).hasSize(1);
        }
    }
}
