package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdTest {
    private static final Threshold CONNECTIONS =
            new Threshold("connectionsUsed", Unit.PERCENT, Direction.ABOVE, 70.0, 85.0);
    private static final Threshold FREE_SPACE = new Threshold("freeSpace", Unit.BYTES, Direction.BELOW, 1000.0, 100.0);

    @ParameterizedTest(name = "{0}% is {1}")
    @CsvSource({"0, PASS", "69.9, PASS", "70, WARN", "84.9, WARN", "85, FAIL", "100, FAIL"})
    void shouldEvaluateWhereHigherIsWorse(final double value, final Status expected) {
        // Given limits where higher is worse, When a value is evaluated, Then reaching a limit breaches it
        assertThat(CONNECTIONS.evaluate(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bytes is {1}")
    @CsvSource({"5000, PASS", "1000, PASS", "999, WARN", "100, WARN", "99, FAIL", "0, FAIL"})
    void shouldEvaluateWhereLowerIsWorse(final double value, final Status expected) {
        // Given limits where lower is worse, When a value is evaluated, Then falling below a limit breaches it
        assertThat(FREE_SPACE.evaluate(value)).isEqualTo(expected);
    }

    @Test
    void shouldNeverBreachAMissingLimit() {
        // Given a threshold that never warns and one that never fails
        Threshold failOnly = new Threshold("lag", Unit.SECONDS, Direction.ABOVE, null, 60.0);
        Threshold warnOnly = new Threshold("lag", Unit.SECONDS, Direction.ABOVE, 30.0, null);

        // When values are evaluated, Then only the given limit applies
        assertThat(failOnly.evaluate(59)).isEqualTo(Status.PASS);
        assertThat(failOnly.evaluate(60)).isEqualTo(Status.FAIL);
        assertThat(warnOnly.evaluate(1e9)).isEqualTo(Status.WARN);
        assertThat(failOnly.describe()).isEqualTo("warn never, fail ≥ 1m");
    }

    @Test
    void shouldMeasureAValueWithItsLimits() {
        // Given a threshold
        // When a value is measured
        Measurement measurement = CONNECTIONS.measure(72.5);

        // Then the measurement carries value, limits and status, formatted for people
        assertThat(measurement.status()).isEqualTo(Status.WARN);
        assertThat(measurement.warnAt()).isEqualTo(70.0);
        assertThat(measurement.failAt()).isEqualTo(85.0);
        assertThat(measurement.formattedValue()).isEqualTo("72.5%");
        assertThat(measurement.formattedThresholds()).isEqualTo("warn ≥ 70%, fail ≥ 85%");
        assertThat(FREE_SPACE.describe()).isEqualTo("warn < 1000 B, fail < 100 B");
    }

    @Test
    void shouldKeepTheStricterLimitOfEachLevel() {
        // Given two thresholds of which each is stricter at one level
        Threshold looserWarn = new Threshold("connectionsUsed", Unit.PERCENT, Direction.ABOVE, 80.0, 80.0);

        // When they are combined
        Threshold combined = CONNECTIONS.stricter(looserWarn);

        // Then each level keeps the stricter limit, whichever side it came from
        assertThat(combined.warn()).isEqualTo(70.0);
        assertThat(combined.fail()).isEqualTo(80.0);
        assertThat(looserWarn.stricter(CONNECTIONS)).isEqualTo(combined);
    }

    @Test
    void shouldKeepTheStricterLimitWhereLowerIsWorse() {
        // Given two thresholds where lower is worse
        Threshold other = new Threshold("freeSpace", Unit.BYTES, Direction.BELOW, 500.0, 200.0);

        // When they are combined, Then the higher limits are the stricter ones
        Threshold combined = FREE_SPACE.stricter(other);
        assertThat(combined.warn()).isEqualTo(1000.0);
        assertThat(combined.fail()).isEqualTo(200.0);
    }

    @Test
    void shouldTreatAMissingLimitAsTheLoosest() {
        // Given a threshold that never warns
        Threshold neverWarn = new Threshold("connectionsUsed", Unit.PERCENT, Direction.ABOVE, null, 85.0);

        // When it is compared with one that warns, Then any limit is stricter than none
        assertThat(neverWarn.stricter(CONNECTIONS).warn()).isEqualTo(70.0);
        assertThat(neverWarn.isAtLeastAsStrictAs(CONNECTIONS)).isFalse();
        assertThat(CONNECTIONS.isAtLeastAsStrictAs(neverWarn)).isTrue();
    }

    @Test
    void shouldCompareStrictnessAtBothLevels() {
        // Given thresholds that are stricter, equal, looser, or stricter at one level only
        Threshold stricter = new Threshold("connectionsUsed", Unit.PERCENT, Direction.ABOVE, 60.0, 80.0);
        Threshold mixed = new Threshold("connectionsUsed", Unit.PERCENT, Direction.ABOVE, 60.0, 95.0);

        // When strictness is compared, Then only a threshold stricter or equal at both levels qualifies
        assertThat(stricter.isAtLeastAsStrictAs(CONNECTIONS)).isTrue();
        assertThat(CONNECTIONS.isAtLeastAsStrictAs(CONNECTIONS)).isTrue();
        assertThat(CONNECTIONS.isAtLeastAsStrictAs(stricter)).isFalse();
        assertThat(mixed.isAtLeastAsStrictAs(CONNECTIONS)).isFalse();
        assertThat(CONNECTIONS.isAtLeastAsStrictAs(mixed)).isFalse();
    }

    @Test
    void shouldMeasureAgainstTheThresholdsOfACheck() {
        // Given the defaults of a check type's metrics
        Thresholds thresholds = Thresholds.defaults(List.of(
                ThresholdSpec.above("connectionsUsed", Unit.PERCENT, 70.0, 85.0, "connections in use"),
                ThresholdSpec.below("freeSpace", Unit.BYTES, 1000.0, 100.0, "free space")));

        // When values are measured by metric name
        // Then each is judged by its metric's limits, and an undeclared metric is a programming error
        assertThat(thresholds.measure("connectionsUsed", 90).status()).isEqualTo(Status.FAIL);
        assertThat(thresholds.measure("freeSpace", 500).status()).isEqualTo(Status.WARN);
        assertThat(thresholds.asMap()).containsOnlyKeys("connectionsUsed", "freeSpace");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> thresholds.get("latency"))
                .withMessageContaining("'latency'")
                .withMessageContaining("connectionsUsed");
    }

    @Test
    void shouldRefuseDefaultsWithWarnPastFail() {
        // Given defaults where warn comes after fail, When the spec is created, Then it is refused
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ThresholdSpec.above("load", Unit.PERCENT, 95.0, 90.0, "load"))
                .withMessageContaining("load");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ThresholdSpec.below("free", Unit.BYTES, 10.0, 20.0, "free"));
        assertThat(ThresholdSpec.above("load", Unit.PERCENT, 90.0, 90.0, "load")
                        .defaults()
                        .evaluate(90))
                .isEqualTo(Status.FAIL);
    }

    @Test
    void shouldOrderStatusesFromBestToWorst() {
        // Given every status, When they are compared, Then FAIL is worst and ERROR is worse than WARN
        assertThat(Status.worst(Status.PASS, Status.WARN)).isEqualTo(Status.WARN);
        assertThat(Status.worst(Status.ERROR, Status.WARN)).isEqualTo(Status.ERROR);
        assertThat(Status.worst(Status.ERROR, Status.FAIL)).isEqualTo(Status.FAIL);
        assertThat(Status.FAIL.isWorseThan(Status.ERROR)).isTrue();
        assertThat(Status.PASS.isWorseThan(Status.PASS)).isFalse();
        assertThat(List.of(Status.values())).filteredOn(Status::isBlocking).containsExactly(Status.ERROR, Status.FAIL);
        assertThat(List.of(Status.values())).extracting(Status::exitCode).containsExactly(0, 1, 3, 2);
    }
}
