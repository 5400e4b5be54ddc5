package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {
    @ParameterizedTest(name = "{0} is {1} seconds")
    @CsvSource({
        "500ms, 0.5",
        "30s, 30",
        "5m, 300",
        "4h, 14400",
        "2d, 172800",
        "1h30m, 5400",
        "1.5s, 1.5",
        "' 10S ', 10",
        "0s, 0"
    })
    void shouldParseDurations(final String text, final double seconds) {
        // Given a duration as written in a gate definition
        // When it is parsed
        Duration duration = Quantity.parseDuration(text);

        // Then it has the expected length, also as a quantity of seconds
        assertThat(duration.toNanos() / 1e9).isCloseTo(seconds, within(1e-9));
        assertThat(Quantity.parse(text, Unit.SECONDS)).isCloseTo(seconds, within(1e-9));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "30", "30 seconds", "5 m", "-5s", "s", "1h 30m", "5w", "m5", "1.s"})
    void shouldRefuseWhatIsNotADuration(final String text) {
        // Given a text that is not a duration
        // When it is parsed, Then the message quotes it and shows how to write one
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parseDuration(text))
                .withMessageContaining("'" + text + "' is not a duration")
                .withMessageContaining("such as 500ms, 30s, 5m, 4h or 2d");
    }

    @ParameterizedTest(name = "{0} is {2} in {1}")
    @CsvSource({
        "80%, PERCENT, 80",
        "0%, PERCENT, 0",
        "100%, PERCENT, 100",
        "12.5 %, PERCENT, 12.5",
        "512B, BYTES, 512",
        "512, BYTES, 512",
        "64KiB, BYTES, 65536",
        "16MiB, BYTES, 16777216",
        "2GiB, BYTES, 2147483648",
        "1TiB, BYTES, 1099511627776",
        "1.5k, BYTES, 1536",
        "3kB, BYTES, 3000",
        "2 MB, BYTES, 2000000",
        "1GB, BYTES, 1000000000",
        "5, NUMBER, 5",
        "-2.5, NUMBER, -2.5"
    })
    void shouldParseQuantities(final String text, final Unit unit, final double expected) {
        // Given a quantity as written in a gate definition
        // When it is parsed in its unit
        double value = Quantity.parse(text, unit);

        // Then the value is in the unit's base
        assertThat(value).isCloseTo(expected, within(1e-6));
    }

    @ParameterizedTest(name = "''{0}'' as {1} is refused with ''{2}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "80          | PERCENT | '80' is not a percentage: write it with a percent sign, such as 80%",
                "abc%        | PERCENT | 'abc' is not a percentage: write it like 80%",
                "101%        | PERCENT | '101%' is not between 0% and 100%",
                "-1%         | PERCENT | '-1%' is not between 0% and 100%",
                "16 furlongs | BYTES   | '16 furlongs' has an unknown size unit 'furlongs': use B, KiB, MiB, GiB or TiB",
                "-1MiB       | BYTES   | '-1MiB' is negative: a size is 0 or more",
                "MiB         | BYTES   | 'MiB' is not a size: write a number with a unit, such as 512B",
                "five        | NUMBER  | 'five' is not a number: write it like 5",
                "NaN         | NUMBER  | 'NaN' is not a number",
                "Infinity    | NUMBER  | 'Infinity' is not a number"
            })
    void shouldRefuseWrongQuantities(final String text, final Unit unit, final String message) {
        // Given a text that is not a quantity of the unit
        // When it is parsed, Then the message says what is wrong and how to write it
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parse(text, unit))
                .withMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} {1} is shown as {2}")
    @CsvSource({
        "83.5, PERCENT, 83.5%",
        "80, PERCENT, 80%",
        "33.333333, PERCENT, 33.3%",
        "0.35, SECONDS, 350ms",
        "0, SECONDS, 0ms",
        "42, SECONDS, 42s",
        "42.25, SECONDS, 42.3s",
        "300, SECONDS, 5m",
        "303, SECONDS, 5m 3s",
        "7500, SECONDS, 2h 5m",
        "3600, SECONDS, 1h",
        "259200, SECONDS, 3d",
        "266400, SECONDS, 3d 2h",
        "512, BYTES, 512 B",
        "16777216, BYTES, 16.0 MiB",
        "1536, BYTES, 1.5 KiB",
        "12, NUMBER, 12",
        "2.5, NUMBER, 2.5",
        "1.005, NUMBER, 1.01",
        "-3, NUMBER, -3",
        "0.05, NUMBER, 0.05",
        "0.004, NUMBER, 0.004",
        "0.012345, NUMBER, 0.012",
        "-0.00049, NUMBER, -0.00049",
        "0.004, PERCENT, 0.004%"
    })
    void shouldFormatQuantities(final double value, final Unit unit, final String expected) {
        // Given a value in its unit's base
        // When it is formatted for people
        String text = Quantity.format(value, unit);

        // Then it reads naturally
        assertThat(text).isEqualTo(expected);
    }

    @Test
    void shouldFormatDurations() {
        // Given durations of every magnitude
        // When they are formatted, Then the largest two units are shown
        assertThat(Quantity.format(Duration.ofMillis(350))).isEqualTo("350ms");
        assertThat(Quantity.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Quantity.format(Duration.ofMinutes(5).plusSeconds(3))).isEqualTo("5m 3s");
        assertThat(Quantity.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Quantity.format(Duration.ofDays(2))).isEqualTo("2d");
    }

    @ParameterizedTest(name = "{0} {1} survives formatting and parsing")
    @CsvSource({"80, PERCENT", "30, SECONDS", "300, SECONDS", "14400, SECONDS", "0.5, SECONDS", "5, NUMBER"})
    void shouldParseWhatItFormats(final double value, final Unit unit) {
        // Given a value formatted for people
        String text = Quantity.format(value, unit).replace(" ", "");

        // When the text is parsed again, Then the value is the same
        assertThat(Quantity.parse(text, unit)).isCloseTo(value, within(1e-9));
    }

    @ParameterizedTest(name = "''{0}'' is too long")
    @ValueSource(strings = {"300000d", "200000d200000d", "99999999999999999999999s"})
    void shouldRefuseDurationsTooLongToHold(final String text) {
        // Given a duration of more than a few hundred years
        // When it is parsed, Then it is refused instead of wrapping around to a wrong or negative length
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantity.parseDuration(text))
                .withMessage("'" + text + "' is too long: a duration is at most 100000d");
    }
}
