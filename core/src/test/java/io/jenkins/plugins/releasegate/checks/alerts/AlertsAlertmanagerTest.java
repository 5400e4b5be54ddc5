package io.jenkins.plugins.releasegate.checks.alerts;

import static io.jenkins.plugins.releasegate.checks.alerts.AlertGates.everything;
import static io.jenkins.plugins.releasegate.checks.alerts.AlertGates.run;
import static io.jenkins.plugins.releasegate.checks.alerts.AlertGates.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.AlertmanagerServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs alerts checks against a real Alertmanager (Debian's {@code prometheus-alertmanager}, started for this
 * class), with alerts and silences posted through its API as Prometheus and amtool post them. Each test uses
 * a service label of its own, so that the tests share the server without seeing each other's alerts.
 */
class AlertsAlertmanagerTest {
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private static AlertmanagerServer alertmanager;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        alertmanager = AlertmanagerServer.start();
    }

    @AfterAll
    static void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private static String newService() {
        return "orders-" + SERVICES.incrementAndGet();
    }

    /** Returns an alert that fires for an hour from a minute ago. */
    private static Map<String, Object> firing(final Map<String, String> labels, final String summary) {
        Instant now = Instant.now();
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", Map.of("summary", summary));
        alert.put("startsAt", now.minus(1, ChronoUnit.MINUTES).toString());
        alert.put("endsAt", now.plus(1, ChronoUnit.HOURS).toString());
        return alert;
    }

    /** Returns an alert that ended a minute ago. */
    private static Map<String, Object> resolved(final Map<String, String> labels) {
        Instant now = Instant.now();
        return Map.of(
                "labels", labels,
                "startsAt", now.minus(10, ChronoUnit.MINUTES).toString(),
                "endsAt", now.minus(1, ChronoUnit.MINUTES).toString());
    }

    private static String check(final String service, final String more) {
        return "url: " + alertmanager.url() + "\nmatchers: [service=" + service + ", env=production]\n" + more;
    }

    private static void awaitListed(final String service, final int count) throws Exception {
        alertmanager.awaitAlerts(
                count + " alerts of " + service + " are listed",
                alerts -> alerts.size() == count,
                "service=" + service);
    }

    private static boolean allHave(final JsonNode alerts, final String statusField) {
        for (JsonNode alert : alerts) {
            if (alert.path("status").path(statusField).isEmpty()) {
                return false;
            }
        }
        return !alerts.isEmpty();
    }

    @Test
    void shouldFailOnAFiringCriticalAlert() throws Exception {
        // Given a critical alert firing for the service
        String service = newService();
        alertmanager.postAlerts(List.of(firing(
                Map.of("alertname", "HighErrorRate", "service", service, "env", "production", "severity", "critical"),
                "Error rate is 7% on orders")));
        awaitListed(service, 1);

        // When the check runs
        CheckResult result = run(check(service, ""));

        // Then it fails, names the alert in its summary, counts it and describes it in the details
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 alert of severity critical firing (HighErrorRate) for {service=\"" + service
                        + "\", env=\"production\"}");
        assertThat(value(result, AlertsCheckType.BLOCKING_ALERTS)).isEqualTo(1.0);
        assertThat(value(result, AlertsCheckType.OTHER_FIRING_ALERTS)).isZero();
        assertThat(result.getDetails())
                .first()
                .asString()
                .startsWith("Alertmanager at " + alertmanager.url() + " has 1 alert matching {service=\"" + service
                        + "\", env=\"production\"}");
        assertThat(result.getDetails().get(1))
                .matches("blocking: HighErrorRate \\(severity critical\\), (active|unprocessed), since"
                        + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, service=\"" + service
                        + "\", env=\"production\": Error rate is 7% on orders");
    }

    @Test
    void shouldWarnOnAFiringAlertOfAnotherSeverity() throws Exception {
        // Given a warning alert and an alert without severity firing for the service
        String service = newService();
        alertmanager.postAlerts(List.of(
                firing(
                        Map.of(
                                "alertname",
                                "DiskFilling",
                                "service",
                                service,
                                "env",
                                "production",
                                "severity",
                                "warning"),
                        "Disk 85% full"),
                firing(Map.of("alertname", "NoSeverity", "service", service, "env", "production"), "")));
        awaitListed(service, 2);

        // When the check runs
        CheckResult result = run(check(service, ""));

        // Then it warns, and both are counted as other firing alerts
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.WARN);
        assertThat(result.getSummary()).startsWith("2 alerts firing (").contains("DiskFilling", "NoSeverity");
        assertThat(value(result, AlertsCheckType.BLOCKING_ALERTS)).isZero();
        assertThat(value(result, AlertsCheckType.OTHER_FIRING_ALERTS)).isEqualTo(2.0);
        assertThat(result.getDetails()).anyMatch(line -> line.startsWith("firing: NoSeverity (severity none)"));
    }

    @Test
    void shouldListASilencedCriticalAlertWithoutCountingItUnlessTold() throws Exception {
        // Given a critical alert of the service, silenced
        String service = newService();
        alertmanager.postAlerts(List.of(firing(
                Map.of("alertname", "HighLatency", "service", service, "env", "production", "severity", "critical"),
                "p99 above 2s")));
        Instant now = Instant.now();
        String silence = alertmanager.postSilence(Map.of(
                "matchers", List.of(Map.of("name", "service", "value", service, "isRegex", false, "isEqual", true)),
                "startsAt", now.toString(),
                "endsAt", now.plus(1, ChronoUnit.HOURS).toString(),
                "createdBy", "release-gate tests",
                "comment", "planned maintenance"));
        alertmanager.awaitAlerts(
                "the alert of " + service + " is silenced",
                alerts -> allHave(alerts, "silencedBy"),
                "service=" + service);

        // When the check runs, and runs again with includeSilenced
        CheckResult result = run(check(service, ""));
        CheckResult counted = run(check(service, "includeSilenced: true"));

        // Then it passes with the silenced alert and its silence in the details, and fails when silences count
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("No unsuppressed alert fires for {service=\"" + service + "\", env=\"production\"}: of 1"
                        + " matching alert, 1 silenced, 0 inhibited (listed in the details; includeSilenced: true"
                        + " would count them)");
        assertThat(result.getDetails())
                .anyMatch(
                        line -> line.startsWith("not counted: HighLatency (severity critical), suppressed (silenced by "
                                        + silence + "), since ")
                                && line.endsWith(": p99 above 2s"));
        assertThat(value(result, AlertsCheckType.SUPPRESSED_ALERTS)).isEqualTo(1.0);
        assertThat(counted.getStatus()).as(everything(counted)).isEqualTo(Status.FAIL);
        assertThat(counted.getDetails())
                .anyMatch(line -> line.startsWith(
                        "blocking: HighLatency (severity critical), suppressed (silenced by " + silence + ")"));
    }

    @Test
    void shouldListAnInhibitedCriticalAlertWithoutCountingItUnlessTold() throws Exception {
        // Given a critical alert of the service inhibited by a maintenance alert of the same service
        String service = newService();
        alertmanager.postAlerts(List.of(
                firing(Map.of("alertname", AlertmanagerServer.INHIBITING_ALERT, "service", service), "maintenance"),
                firing(
                        Map.of(
                                "alertname",
                                "OrdersDown",
                                "service",
                                service,
                                "env",
                                "production",
                                "severity",
                                "critical"),
                        "no order for 10 minutes")));
        alertmanager.awaitAlerts(
                "the alert of " + service + " is inhibited",
                alerts -> allHave(alerts, "inhibitedBy"),
                "service=" + service,
                "severity=critical");
        String matchers = "url: " + alertmanager.url() + "\nmatchers:\n  - service=" + service + "\n  - alertname!="
                + AlertmanagerServer.INHIBITING_ALERT + "\n";

        // When the check runs, and runs again with includeSilenced
        CheckResult result = run(matchers);
        CheckResult counted = run(matchers + "includeSilenced: true");

        // Then it passes with the inhibited alert in the details, and fails when inhibited alerts count
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).contains("of 1 matching alert, 0 silenced, 1 inhibited");
        assertThat(result.getDetails())
                .anyMatch(line -> line.matches("not counted: OrdersDown \\(severity critical\\), suppressed"
                        + " \\(inhibited by [0-9a-f]+\\), since .*: no order for 10 minutes"));
        assertThat(counted.getStatus()).as(everything(counted)).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldNotCountAResolvedAlert() throws Exception {
        // Given a critical alert that fired, and the check failing on it
        String service = newService();
        Map<String, String> labels =
                Map.of("alertname", "QueueBacklog", "service", service, "env", "production", "severity", "critical");
        alertmanager.postAlerts(List.of(firing(labels, "backlog of 10000 orders")));
        awaitListed(service, 1);
        assertThat(run(check(service, "")).getStatus()).isEqualTo(Status.FAIL);

        // When the alert is resolved (its end lies in the past) and the check runs again
        alertmanager.postAlerts(List.of(resolved(labels)));
        awaitListed(service, 0);
        CheckResult result = run(check(service, ""));

        // Then it passes: Alertmanager no longer lists the alert
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("No alert matches {service=\"" + service
                        + "\", env=\"production\"}: Alertmanager returned 0 alerts for these matchers");
        assertThat(value(result, AlertsCheckType.BLOCKING_ALERTS)).isZero();
    }

    @Test
    void shouldApplyRegexAndNegativeMatchersAsAlertmanagerDoes() throws Exception {
        // Given critical alerts in production and staging, and a critical Watchdog
        String service = newService();
        alertmanager.postAlerts(List.of(
                firing(
                        Map.of(
                                "alertname",
                                "InProduction",
                                "service",
                                service,
                                "env",
                                "production",
                                "severity",
                                "critical"),
                        ""),
                firing(
                        Map.of("alertname", "InStaging", "service", service, "env", "staging", "severity", "critical"),
                        ""),
                firing(
                        Map.of(
                                "alertname",
                                "Watchdog",
                                "service",
                                service,
                                "env",
                                "production",
                                "severity",
                                "critical"),
                        "")));
        awaitListed(service, 3);
        String url = "url: " + alertmanager.url() + "\n";

        // When checks with regex and negative matchers run
        CheckResult production = run(url + "matchers:\n  - service=" + service
                + "\n  - env=~\"prod.*\"\n  - alertname!~\"Watchdog|InfoInhibitor\"");
        CheckResult notProduction = run(url + "matchers: [service=" + service + ", env!=production]");
        CheckResult anchored = run(url + "matchers: [service=" + service + ", 'env=~\"prod\"']");
        CheckResult everyEnvironment = run(url + "matchers: ['service=~\"" + service + "|nothing\"']");

        // Then each sees the alerts Alertmanager matches, and regular expressions match whole values
        assertThat(production.getStatus()).isEqualTo(Status.FAIL);
        assertThat(production.getSummary()).startsWith("1 alert of severity critical firing (InProduction) for");
        assertThat(production.getDetails())
                .noneMatch(line -> line.contains(": Watchdog") || line.contains("InStaging"));
        assertThat(notProduction.getSummary()).startsWith("1 alert of severity critical firing (InStaging) for");
        assertThat(anchored.getStatus()).as(everything(anchored)).isEqualTo(Status.PASS);
        assertThat(value(everyEnvironment, AlertsCheckType.BLOCKING_ALERTS)).isEqualTo(3.0);
        assertThat(everyEnvironment.getSummary()).contains("3 alerts of severity critical firing");
    }

    @Test
    void shouldPassWhenNoAlertMatches() throws Exception {
        // Given alerts of another service only
        String service = newService();
        String other = newService();
        alertmanager.postAlerts(List.of(firing(
                Map.of("alertname", "HighErrorRate", "service", other, "env", "production", "severity", "critical"),
                "")));
        awaitListed(other, 1);

        // When the check for the service runs
        CheckResult result = run(check(service, ""));

        // Then it passes and says which matchers found nothing
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("No alert matches {service=\"" + service
                        + "\", env=\"production\"}: Alertmanager returned 0 alerts for these matchers");
        assertThat(value(result, AlertsCheckType.BLOCKING_ALERTS)).isZero();
        assertThat(value(result, AlertsCheckType.OTHER_FIRING_ALERTS)).isZero();
    }

    @Test
    void shouldBlockOnTheListedSeveritiesWhateverTheirCase() throws Exception {
        // Given a firing alert of severity Page
        String service = newService();
        alertmanager.postAlerts(List.of(firing(
                Map.of("alertname", "CheckoutDown", "service", service, "env", "production", "severity", "Page"),
                "checkout is down")));
        awaitListed(service, 1);

        // When checks with the default and with listed severities run
        CheckResult byDefault = run(check(service, ""));
        CheckResult listed = run(check(service, "blockingSeverities: [critical, page]"));

        // Then page only blocks when listed
        assertThat(byDefault.getStatus()).isEqualTo(Status.WARN);
        assertThat(listed.getStatus()).isEqualTo(Status.FAIL);
        assertThat(listed.getSummary()).startsWith("1 alert of severity critical or page firing (CheckoutDown)");
    }

    @Test
    void shouldJudgeTheCountsAgainstTheThresholds() throws Exception {
        // Given two warnings firing
        String service = newService();
        alertmanager.postAlerts(List.of(
                firing(Map.of("alertname", "A", "service", service, "env", "production", "severity", "warning"), ""),
                firing(Map.of("alertname", "B", "service", service, "env", "production", "severity", "warning"), "")));
        awaitListed(service, 2);

        // When checks with tolerant and strict thresholds run
        CheckResult tolerant = run(check(service, "thresholds: {otherFiringAlerts: {warn: 3}}"));
        CheckResult strict = run(check(service, "thresholds: {otherFiringAlerts: {warn: 1, fail: 2}}"));

        // Then the counts are judged against them
        assertThat(tolerant.getStatus()).isEqualTo(Status.PASS);
        assertThat(tolerant.getSummary())
                .endsWith("; within the thresholds (blockingAlerts warn never, fail ≥ 1; otherFiringAlerts warn ≥ 3,"
                        + " fail never)");
        assertThat(strict.getStatus()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldShowRemoteTextsPrintableAndBounded() throws Exception {
        // Given an alert whose summary holds terminal escapes, line breaks and a great length
        String service = newService();
        String summary = "\u001b[31mred\u001b[0m\nsecond line\u202e " + "x".repeat(1000);
        alertmanager.postAlerts(List.of(firing(
                Map.of("alertname", "Noisy", "service", service, "env", "production", "severity", "warning"),
                summary)));
        awaitListed(service, 1);

        // When the check runs
        CheckResult result = run(check(service, ""));

        // Then its line shows the summary without control characters, on one line, cut short
        String line = result.getDetails().stream()
                .filter(detail -> detail.startsWith("firing: Noisy"))
                .findFirst()
                .orElseThrow();
        assertThat(line)
                .doesNotContain("\u001b", "\n", "\u202e")
                .contains("[31mred")
                .endsWith("…");
        assertThat(line.length()).isLessThan(Alert.MAX_SUMMARY + 200);
    }

    @Test
    void shouldBeAnErrorWithAlertmanagersReasonWhenItRefusesTheQuery() throws Exception {
        // Given a regular expression that Java reads and Go's RE2 refuses (a possessive quantifier)
        // When the check runs with it
        CheckResult result = run("url: " + alertmanager.url() + "\nmatchers: [service=orders, 'alertname=~\"a++\"']");

        // Then nothing was judged, and Alertmanager's reason is in the details
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("Alertmanager at " + alertmanager.url()
                        + " refused the query (HTTP 400): check the matchers; its reason is in the details");
        assertThat(result.getDetails())
                .first()
                .asString()
                .contains("answered HTTP 400")
                .contains("++");
    }
}
