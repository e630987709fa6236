package io.wirehub.publish;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** An item's files go under the UTC day it was first created. */
class FileSinkDayTest {
    @Test
    void theDayIsTheUtcDayOfFirstCreatedElseVersionCreatedElseToday() {
        assertThat(FileSink.dayOf("2026-11-24T23:59:59Z", "2026-11-25T01:00:00Z")).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(FileSink.dayOf("2026-11-24T08:00:00.123456Z", null)).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(FileSink.dayOf(null, "2026-01-02T00:00:00Z")).isEqualTo(LocalDate.of(2026, 1, 2));
        // an offset is moved to UTC first (the normalizer writes UTC, other writers may not)
        assertThat(FileSink.dayOf("2026-11-25T01:00:00+07:00", null)).isEqualTo(LocalDate.of(2026, 11, 24));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(FileSink.dayOf(null, null)).isIn(today, today.plusDays(1));
        assertThat(FileSink.dayOf("2026-02-30T00:00:00Z", null)).isIn(today, today.plusDays(1));
        assertThat(FileSink.dayOf("not a date at all, really", null)).isIn(today, today.plusDays(1));
    }
}
