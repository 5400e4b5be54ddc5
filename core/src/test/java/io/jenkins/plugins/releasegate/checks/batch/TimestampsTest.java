package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void shouldReadTimesWithOffsetOrZoneWhateverTheConfiguredZone() {
        assertThat(Timestamps.parse("2025-03-01T02:00:00Z", TOKYO)).isEqualTo(Instant.parse("2025-03-01T02:00:00Z"));
        assertThat(Timestamps.parse("2025-03-01T02:00:00.250+01:00", null))
                .isEqualTo(Instant.parse("2025-03-01T01:00:00.250Z"));
        assertThat(Timestamps.parse("2025-07-01T02:00:00+02:00[Europe/Berlin]", null))
                .isEqualTo(Instant.parse("2025-07-01T00:00:00Z"));
    }

    @Test
    void shouldReadLocalTimesInTheConfiguredZone() {
        assertThat(Timestamps.parse("2025-03-01 09:00:00", TOKYO)).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(Timestamps.parse("2025-03-01T09:00", TOKYO)).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(Timestamps.parse("2025-03-01", TOKYO)).isEqualTo(Instant.parse("2025-02-28T15:00:00Z"));
    }

    @Test
    void shouldReadEpochSecondsAndMilliseconds() {
        assertThat(Timestamps.parse("1740794400", null)).isEqualTo(Instant.parse("2025-03-01T02:00:00Z"));
        assertThat(Timestamps.parse("1740794400.5", null)).isEqualTo(Instant.parse("2025-03-01T02:00:00.500Z"));
        assertThat(Timestamps.epoch(new BigDecimal("1740794400123")))
                .isEqualTo(Instant.parse("2025-03-01T02:00:00.123Z"));
    }

    @Test
    void shouldAskForTheTimeZoneWhenALocalTimeCannotBePlaced() {
        assertThatThrownBy(() -> Timestamps.parse("2025-03-01 09:00:00", null))
                .hasMessage(
                        "'2025-03-01 09:00:00' has no offset or zone: set 'timeZone' to the zone the batch application writes its times in");
    }

    @Test
    void shouldSayHowToWriteATime() {
        assertThatThrownBy(() -> Timestamps.parse("yesterday", TOKYO))
                .hasMessageStartingWith("'yesterday' is not a time: write ISO-8601");
    }
}
