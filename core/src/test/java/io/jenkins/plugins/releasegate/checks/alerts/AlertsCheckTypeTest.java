package io.jenkins.plugins.releasegate.checks.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Loads alerts checks through the definition loader that the command line's {@code validate} and
 * {@code check} use, with every check type found on the class path.
 */
class AlertsCheckTypeTest {
    private static List<String> problems(final String checkKeys) {
        InvalidDefinitionException exception =
                catchThrowableOfType(InvalidDefinitionException.class, () -> AlertGates.load(checkKeys));
        assertThat(exception).as("the definition should be rejected").isNotNull();
        return exception.getProblems().stream().map(Problem::toString).toList();
    }

    @Test
    void shouldLoadACheckWithEveryKey() throws Exception {
        // Given a check with every key
        // When it is loaded
        GateDefinition definition = AlertGates.load("""
                url: https://alertmanager.example.com/am/
                credentials: alertmanager-reader
                authentication: bearer
                matchers:
                  - service=orders
                  - env=production
                  - alertname!~"Watchdog|InfoInhibitor"
                blockingSeverities: [critical, page]
                includeSilenced: true
                followRedirects: normal
                thresholds: {blockingAlerts: {fail: 1}, otherFiringAlerts: {warn: 3}}
                """);

        // Then it asks the API below the base URL, with the matchers as filters
        assertThat(definition.getChecks()).singleElement().satisfies(check -> {
            assertThat(check.getType().name()).isEqualTo("alerts");
            assertThat(check.getCheck())
                    .hasToString("alerts in https://alertmanager.example.com/am matching {service=\"orders\","
                            + " env=\"production\", alertname!~\"Watchdog|InfoInhibitor\"}");
            assertThat(((AlertsCheck) check.getCheck()).alertsUrl())
                    .hasToString("https://alertmanager.example.com/am/api/v2/alerts?active=true&silenced=true"
                            + "&inhibited=true&unprocessed=true&filter=service%3D%22orders%22"
                            + "&filter=env%3D%22production%22&filter=alertname%21%7E%22Watchdog%7CInfoInhibitor%22");
        });
    }

    @Test
    void shouldReportAMisspelledKeyWithTheClosestKnownOne() {
        // Given a check with a misspelled key
        // When it is loaded
        List<String> problems =
                problems("url: http://127.0.0.1:9093\nmatchers: [service=orders]\nincludeSilensed: true");

        // Then the key is reported where it stands, with the key it resembles
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:8:5: checks[0].includeSilensed: unknown key; did you mean 'includeSilenced'?"
                                + " Remove it or correct its spelling: an unknown key is never ignored.");
    }

    @Test
    void shouldReportEveryBrokenMatcherWhereItStands() {
        // Given matchers with a broken syntax, a broken regular expression and a look-ahead
        // When the check is loaded
        List<String> problems = problems("""
                url: http://127.0.0.1:9093
                matchers:
                  - service=orders
                  - env~production
                  - 'alertname=~"High(Error"'
                  - alertname!~"(?!Watchdog).*"
                """);

        // Then each is reported at its line and column
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:9:9: checks[0].matchers[1]: 'env~production' is not a label matcher: write"
                                + " LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or LABEL!~REGEX, such as service=orders or"
                                + " alertname!~\"Watchdog|InfoInhibitor\"; a label name is letters, digits and '_' and"
                                + " does not start with a digit",
                        "gate.yaml:10:9: checks[0].matchers[2]: 'alertname=~\"High(Error\"': the regular expression is"
                                + " not valid: Unclosed group near index 10",
                        "gate.yaml:11:9: checks[0].matchers[3]: 'alertname!~\"(?!Watchdog).*\"': '(?!' is not supported"
                                + " by Alertmanager's regular expressions (Go RE2 has no look-ahead, look-behind or"
                                + " back-references); rewrite the expression without it");
    }

    @Test
    void shouldExplainHowToWriteMatchersGivenAsAMapping() {
        // Given matchers written as a mapping of labels to values
        // When the check is loaded
        List<String> problems = problems("url: http://127.0.0.1:9093\nmatchers: {service: orders, env: production}");

        // Then the message shows the list form
        assertThat(problems)
                .containsExactly("gate.yaml:7:15: checks[0].matchers: is a mapping: write one Alertmanager matcher per"
                        + " list item, such as [service=orders, env=production] or, one per line, - alertname!~"
                        + "\"Watchdog|InfoInhibitor\"");
    }

    @Test
    void shouldRequireMatchersAndAUrl() {
        // Given checks without url and matchers, and with an empty list of matchers
        // When they are loaded
        List<String> missing = problems("credentials: alertmanager-reader");
        List<String> empty = problems("url: http://127.0.0.1:9093\nmatchers: []");

        // Then each omission is reported with what to write
        assertThat(missing)
                .containsExactly(
                        "gate.yaml:4:5: checks[0].url: is required: add 'url:' with Alertmanager's base URL, such as"
                                + " https://alertmanager.example.com",
                        "gate.yaml:4:5: checks[0].matchers: is required: add 'matchers:' with the labels of the"
                                + " release's alerts, such as [service=orders, env=production]; to look at every alert,"
                                + " write ['alertname=~\".+\"']");
        assertThat(empty)
                .containsExactly("gate.yaml:7:15: checks[0].matchers: is empty: give at least one matcher, such as"
                        + " service=orders; to look at every alert, write ['alertname=~\".+\"']");
    }

    @Test
    void shouldRefuseUrlsThatAreNotABaseUrl() {
        // Given URLs with a password, an API path, a query, and another scheme
        // When they are loaded
        List<String> password = problems("url: https://reader:s3cret@am.example.com\nmatchers: [service=orders]");
        List<String> api = problems("url: https://am.example.com/api/v2/alerts\nmatchers: [service=orders]");
        List<String> query = problems("url: https://am.example.com/?filter=x\nmatchers: [service=orders]");
        List<String> scheme = problems("url: ftp://am.example.com\nmatchers: [service=orders]");

        // Then each says what to give instead, and no password is repeated
        assertThat(password)
                .singleElement()
                .asString()
                .endsWith("the URL contains a user name or password: never write secrets in a definition; use"
                        + " 'credentials'")
                .doesNotContain("s3cret");
        assertThat(api)
                .singleElement()
                .asString()
                .endsWith("names an API path: give Alertmanager's base URL (with its route prefix, if any), such as"
                        + " https://alertmanager.example.com; the check appends /api/v2/alerts");
        assertThat(query).singleElement().asString().contains("has a query or fragment: give Alertmanager's base URL");
        assertThat(scheme).singleElement().asString().endsWith("is not an http or https URL with a host");
    }

    @Test
    void shouldRefuseEmptySeveritiesAndAuthenticationWithoutCredentials() {
        // Given an empty list of blocking severities, and an authentication kind without credentials
        // When the check is loaded
        List<String> problems = problems("url: http://127.0.0.1:9093\nmatchers: [service=orders]\n"
                + "blockingSeverities: []\nauthentication: basic\nincludeSilenced: sometimes");

        // Then each is reported
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:8:25: checks[0].blockingSeverities: lists no severity: give at least one, such as"
                                + " [critical, page]; to let no alert block, set thresholds blockingAlerts to {fail:"
                                + " never} instead",
                        "gate.yaml:9:21: checks[0].authentication: is set but 'credentials' is not: name the"
                                + " credentials id to authenticate with",
                        "gate.yaml:10:22: checks[0].includeSilenced: 'sometimes' is not a boolean: write true or false");
    }

    @Test
    void shouldReportEveryProblemOfABrokenDefinitionAtItsPlace() throws IOException {
        // Given a definition whose alerts checks hold every kind of mistake, each expected in a leading comment
        String file = "alerts-wrong-settings.yaml";
        String yaml;
        try (InputStream input = Objects.requireNonNull(AlertsCheckTypeTest.class.getResourceAsStream(file))) {
            yaml = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> expected = yaml.lines()
                .filter(line -> line.startsWith("# expect: "))
                .map(line -> line.substring("# expect: ".length()))
                .toList();

        // When the command line's loader reads it
        InvalidDefinitionException exception = catchThrowableOfType(
                InvalidDefinitionException.class,
                () -> new GateDefinitionLoader(CheckTypes.discover()).load(yaml, file));

        // Then exactly the expected problems are reported, in file order, at their line and column
        assertThat(exception).isNotNull();
        List<String> problems =
                exception.getProblems().stream().map(Problem::toString).toList();
        assertThat(problems).hasSameSizeAs(expected);
        for (int index = 0; index < expected.size(); index++) {
            assertThat(problems.get(index)).as("problem %d", index + 1).startsWith(expected.get(index));
        }
    }
}
