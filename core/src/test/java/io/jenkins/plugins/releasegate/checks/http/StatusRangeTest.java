package io.jenkins.plugins.releasegate.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusRangeTest {
    @ParameterizedTest(name = "''{0}'' is {1} to {2}")
    @CsvSource({
        "200, 200, 200",
        "2xx, 200, 299",
        "5XX, 500, 599",
        "200-204, 200, 204",
        "' 301 - 308 ', 301, 308",
        "100, 100, 100",
        "599, 599, 599"
    })
    void shouldParseCodesClassesAndRanges(final String text, final int from, final int to) {
        // Given a status as written in a definition, When it is parsed, Then it is the range it says
        assertThat(StatusRange.parse(text)).contains(new StatusRange(from, to));
    }

    @ParameterizedTest(name = "''{0}'' is not a status")
    @ValueSource(strings = {"600", "099", "20", "2000", "6xx", "0xx", "204-200", "200-600", "ok", "", "2xx-3xx"})
    void shouldRefuseWhatIsNotAStatus(final String text) {
        // Given a text that is no status, When it is parsed, Then there is none
        assertThat(StatusRange.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} answers with {1}")
    @CsvSource({"200, true", "204, true", "199, false", "205, false"})
    void shouldContainItsBounds(final int code, final boolean contained) {
        // Given the range 200-204, When a code is tested, Then both bounds belong to it
        assertThat(new StatusRange(200, 204).contains(code)).isEqualTo(contained);
        assertThat(new StatusRange(200, 204)).hasToString("200-204");
        assertThat(new StatusRange(200, 200)).hasToString("200");
    }
}
