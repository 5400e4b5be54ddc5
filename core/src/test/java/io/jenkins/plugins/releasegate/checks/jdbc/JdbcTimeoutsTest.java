package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fitting connect, statement, lock and socket timeouts inside a check's timeout.
 */
class JdbcTimeoutsTest {
    @Test
    void shouldWaitForLocksAtMostASecondAndForTheSocketLongerThanForAStatement() {
        // When
        JdbcTimeouts generous = JdbcTimeouts.of(Duration.ofSeconds(10), Duration.ofSeconds(20));
        JdbcTimeouts tight = JdbcTimeouts.of(Duration.ofSeconds(1), Duration.ofMillis(500));

        // Then
        assertThat(generous)
                .isEqualTo(new JdbcTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(23)));
        assertThat(tight.lock()).isEqualTo(Duration.ofMillis(500));
        assertThat(tight.socket()).isEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void shouldShareTheCheckTimeoutWithinOneSecondAndTheMaximum() {
        // When / Then
        assertThat(JdbcTimeouts.share(Duration.ofSeconds(60), 3, Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(JdbcTimeouts.share(Duration.ofSeconds(6), 4, Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(JdbcTimeouts.share(Duration.ofSeconds(2), 6, Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldRoundUpToWholeSecondsForDriversThatCountInSeconds() {
        // When / Then
        assertThat(JdbcTimeouts.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(JdbcTimeouts.seconds(Duration.ofSeconds(3))).isEqualTo(3);
        assertThat(JdbcTimeouts.seconds(Duration.ZERO)).isEqualTo(1);
    }
}
