package io.jenkins.plugins.releasegate.checks.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertMatcherTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            quoteCharacter = '`',
            value = {
                "service=orders ; service ; EQUAL ; orders ; service=\"orders\"",
                "` env != \"production\" ` ; env ; NOT_EQUAL ; production ; env!=\"production\"",
                "alertname=~\"Disk.*\" ; alertname ; REGEX ; Disk.* ; alertname=~\"Disk.*\"",
                "alertname!~Watchdog|InfoInhibitor ; alertname ; NOT_REGEX ; Watchdog|InfoInhibitor"
                        + " ; alertname!~\"Watchdog|InfoInhibitor\"",
                "instance=~\"host\\d+\" ; instance ; REGEX ; host\\d+ ; instance=~\"host\\\\d+\"",
                "summary=\"say \\\"hi\\\"\" ; summary ; EQUAL ; say \"hi\" ; summary=\"say \\\"hi\\\"\"",
                "path=\"C:\\\\temp\" ; path ; EQUAL ; C:\\temp ; path=\"C:\\\\temp\"",
                "team= ; team ; EQUAL ; '' ; team=\"\"",
                "__name__:total=x ; __name__:total ; EQUAL ; x ; __name__:total=\"x\"",
            })
    void shouldReadMatchersAsAlertmanagerDoes(
            final String text, final String name, final String operator, final String value, final String filter) {
        // Given a matcher as Alertmanager writes it
        // When it is read
        AlertMatcher matcher = AlertMatcher.parse(text);

        // Then its parts are Alertmanager's, and the filter sent quotes and escapes the value
        assertThat(matcher.name()).isEqualTo(name);
        assertThat(matcher.operator()).isEqualTo(AlertMatcher.Operator.valueOf(operator));
        assertThat(matcher.value()).isEqualTo("''".equals(value) ? "" : value);
        assertThat(matcher.toFilter()).isEqualTo(filter);
        assertThat(AlertMatcher.parse(matcher.toFilter())).isEqualTo(matcher);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"service", "1service=orders", "ser-vice=orders", "=orders", "service~orders"})
    void shouldRefuseWhatIsNoMatcher(final String text) {
        // Given a text that is no matcher
        // When it is read, Then the message says how matchers are written
        assertThatThrownBy(() -> AlertMatcher.parse(text))
                .hasMessageStartingWith("'" + text + "' is not a label matcher: write LABEL=VALUE, LABEL!=VALUE,"
                        + " LABEL=~REGEX or LABEL!~REGEX");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "summary=\"a\"b\" | has a double quote inside its value",
                "summary=a\"b | has a double quote inside its value",
                "summary=\"open | opens a double quote and does not close it",
                "env=~\"prod(\" | the regular expression is not valid: Unclosed group",
                "alertname!~\"(?!Watchdog).*\" | '(?!' is not supported by Alertmanager's regular expressions",
                "alertname=~\"(?<=x)y\" | '(?<=' is not supported",
                "alertname=~\"(a)\\1\" | '\\1' is not supported",
            })
    void shouldRefuseBrokenValues(final String text, final String message) {
        // Given a matcher with a broken value
        // When it is read, Then the message says what is wrong
        assertThatThrownBy(() -> AlertMatcher.parse(text)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x=~\"[(?=]\"", "x=~\"\\\\\\\\1\"", "x=~\"(?P<name>a)\"", "x=~\"(?i)critical\""})
    void shouldAcceptWhatRe2Accepts(final String text) {
        // Given a regular expression RE2 reads: look-around characters in a class, an escaped backslash before a
        // digit, a Go named group, a flag
        // When it is read, Then it is accepted
        assertThat(AlertMatcher.parse(text).operator()).isEqualTo(AlertMatcher.Operator.REGEX);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "service=orders, orders, true",
        "service=orders, billing, false",
        "service!=orders, billing, true",
        "service!=orders, orders, false",
        "service=~billing, orders, true",
        "service=, '', true",
    })
    void shouldTellWhetherAnAnswerHonouredTheFilter(final String text, final String service, final boolean isMet) {
        // Given a matcher and an alert's labels (an empty service is a missing label)
        Map<String, String> labels = service.isEmpty() ? Map.of() : Map.of("service", service);

        // When they are compared, Then equality matchers are judged and regular expressions left to Alertmanager
        assertThat(AlertMatcher.parse(text).isMetOrRegex(labels)).isEqualTo(isMet);
    }
}
