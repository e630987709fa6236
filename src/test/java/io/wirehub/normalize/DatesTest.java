package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DatesTest {
    /** The hand-read form agrees with java.time on what it accepts, and leaves everything else to the full parser. */
    @Test
    void utcFastPathAgreesWithJavaTime() {
        Random rnd = new Random(3);
        for (int n = 0; n < 2000; n++) {
            Instant i = Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(4) == 0 ? rnd.nextInt(1_000_000_000) : 0);
            for (String s : new String[]{Dates.format(i), i.toString()}) {
                assertThat(Dates.parseUtc(s)).as(s).isEqualTo(Instant.parse(s));
            }
        }
        for (String other : new String[]{"2021-02-30T10:00:00Z", "2021-07-10T08:15Z", "2021-07-10T08:15:00+02:00",
                "2021-07-10 08:15:00Z", "2021-07-10T08:15:00.Z", "2021-07-10T08:15:00.1234567890Z", "Sat, 10 Jul 2021 08:15:00 GMT", "", "x"}) {
            assertThat(Dates.parseUtc(other)).as(other).isNull();
        }
        assertThat(Dates.parseUtc("2021-07-10T08:15:00.5Z")).isEqualTo(Instant.parse("2021-07-10T08:15:00.500Z"));
        assertThat(Dates.parseUtc(null)).isNull();
    }

    @Test
    void datesLookLikeDatesAndPlacesDoNot() {
        for (String d : List.of("20170102T222800+0000", "20170102t222800+0000", "2017-01-02", "02/01/2017 22:28", "Mon, 02 Jan 2017 22:28:00 GMT")) {
            assertThat(Dates.looksLikeDate(d)).as(d).isTrue();
        }
        for (String p : List.of("Paris", "Hà Nội", "Rio de Janeiro", "District 7", "Ho Chi Minh City", "")) {
            assertThat(Dates.looksLikeDate(p)).as(p).isFalse();
        }
    }
}
