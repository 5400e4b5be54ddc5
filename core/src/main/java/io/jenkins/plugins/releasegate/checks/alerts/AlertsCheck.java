package io.jenkins.plugins.releasegate.checks.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.httpclient.BoundedHttpClient;
import io.jenkins.plugins.releasegate.checks.httpclient.HttpAuthentication;
import io.jenkins.plugins.releasegate.checks.httpclient.HttpRedirects;
import io.jenkins.plugins.releasegate.checks.httpclient.IncompleteBodyException;
import io.jenkins.plugins.releasegate.checks.httpclient.LimitedBody;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Redaction;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Asks Alertmanager's API v2 for the alerts matching the check's matchers, silenced and inhibited ones
 * included, and judges them by severity. TLS certificates are verified with the JVM's trust store; there is
 * no switch to turn verification off.
 */
final class AlertsCheck implements Check {
    /** The most body bytes read. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    /** The most characters of an unexpected answer shown in a result. */
    static final int PREVIEW_LENGTH = 200;

    /** The most alert names listed in a summary. */
    private static final int NAMES_IN_SUMMARY = 3;

    private static final String CHECK_URL = "The check reads " + AlertsCheckType.ALERTS_PATH + " below 'url', which is"
            + " Alertmanager's base URL with its route prefix, if it has one (Alertmanager 0.16 or later answers there)";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final List<AlertMatcher> matchers;
    private final Set<String> blockingSeverities;
    private final boolean includeSilenced;

    @CheckForNull
    private final String credentialsId;

    @CheckForNull
    private final HttpAuthentication authentication;

    private final HttpRedirects redirects;

    AlertsCheck(
            final URI base,
            final List<AlertMatcher> matchers,
            final Set<String> blockingSeverities,
            final boolean includeSilenced,
            @CheckForNull final String credentialsId,
            @CheckForNull final HttpAuthentication authentication,
            final HttpRedirects redirects) {
        this.base = base;
        this.matchers = List.copyOf(matchers);
        this.blockingSeverities = Set.copyOf(blockingSeverities);
        this.includeSilenced = includeSilenced;
        this.credentialsId = credentialsId;
        this.authentication = authentication;
        this.redirects = redirects;
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, InterruptedException {
        Duration timeout = BoundedHttpClient.requestBudget(context.timeout());
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(alertsUrl())
                .timeout(timeout)
                .GET()
                .header("User-Agent", "release-gate")
                .header("Accept", "application/json");
        Optional<String> authorization = authorization(context);
        authorization.ifPresent(value -> request.header("Authorization", value));
        // The runner hides the secret itself; the encoded form of basic credentials is hidden here too, in case
        // a proxy's error page echoes the header.
        List<String> secrets = HttpAuthentication.secrets(context, authorization);
        CheckResult result;
        try {
            result = judge(context, fetch(client, request.build(), timeout, context.hostGuard(), secrets));
        } catch (UnusableAnswer answer) {
            result = answer.toResult();
        }
        return result.redact(secrets);
    }

    /**
     * Returns the URL of the alerts, silenced, inhibited and unprocessed ones included, filtered by the
     * matchers.
     *
     * @return the URL
     */
    URI alertsUrl() {
        StringBuilder query = new StringBuilder("active=true&silenced=true&inhibited=true&unprocessed=true");
        for (AlertMatcher matcher : matchers) {
            query.append("&filter=").append(URLEncoder.encode(matcher.toFilter(), StandardCharsets.UTF_8));
        }
        return URI.create(base + AlertsCheckType.ALERTS_PATH + "?" + query);
    }

    private List<Alert> fetch(
            final HttpClient.Builder clientSettings,
            final HttpRequest request,
            final Duration timeout,
            final HostGuard guard,
            final List<String> secrets)
            throws CheckException, InterruptedException, UnusableAnswer {
        HttpResponse<LimitedBody> response;
        String body;
        try (BoundedHttpClient client =
                BoundedHttpClient.open(clientSettings, redirects.toClientPolicy(), timeout, guard)) {
            response = client.send(request, info -> LimitedBody.upTo(MAX_BODY));
            // Hidden before anything is cut from it, so that no cut leaves the start of a secret.
            body = Redaction.redact(response.body().text(), secrets);
        } catch (HttpConnectTimeoutException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "Alertmanager at " + base + " is unreachable: no connection within " + Quantity.format(timeout)
                            + "; the alerts could not be read",
                    exception);
        } catch (IncompleteBodyException exception) {
            throw new CheckException(
                    "Alertmanager at " + base + " " + exception.getMessage()
                            + "; nothing was judged. Raise the check's timeout, or narrow the matchers",
                    exception);
        } catch (HttpTimeoutException exception) {
            throw new CheckException(
                    "No answer from Alertmanager at " + base + " within " + Quantity.format(timeout)
                            + "; nothing was judged. Raise the check's timeout if Alertmanager is known to be slow",
                    exception);
        } catch (ConnectException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "Alertmanager at " + base + " is unreachable: connection refused; the alerts could not be read",
                    exception);
        } catch (SSLException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "TLS with " + base.getHost() + " failed: " + exception.getMessage()
                            + ". The certificate must be trusted by the JVM's trust store",
                    exception);
        } catch (IOException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "Request to Alertmanager at " + base + " failed: " + describe(exception)
                            + "; the alerts could not be read",
                    exception);
        }
        int status = response.statusCode();
        List<String> received = List.of(
                "GET " + endpoint() + " answered HTTP " + status + contentType(response) + "; the answer starts with: "
                        + preview(body),
                CHECK_URL);
        if (status != 200) {
            throw new UnusableAnswer(whatToCheck(status, response), received);
        }
        if (response.body().isTruncated()) {
            throw new UnusableAnswer(
                    "Alertmanager at " + base + " answered with more than " + Quantity.format(MAX_BODY, Unit.BYTES)
                            + " of alerts; nothing was judged: narrow the matchers",
                    received);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException exception) {
            throw new UnusableAnswer(
                    "The answer of " + endpoint() + " is not Alertmanager's JSON (HTTP " + status
                            + contentType(response)
                            + "): check that 'url' is Alertmanager's base URL and that no login page or proxy answers"
                            + " in its place",
                    List.of(received.get(0), "It is not JSON: " + exception.getOriginalMessage(), CHECK_URL));
        }
        if (json == null || !json.isArray()) {
            throw new UnusableAnswer(
                    "The answer of " + endpoint() + " is not Alertmanager's list of alerts: check that 'url' is"
                            + " Alertmanager's base URL",
                    received);
        }
        List<Alert> alerts = new ArrayList<>();
        int index = 0;
        for (JsonNode item : json) {
            Optional<Alert> alert = Alert.read(item);
            if (alert.isEmpty()) {
                throw new UnusableAnswer(
                        "Item " + index + " of the answer of " + endpoint() + " is not an Alertmanager alert (labels"
                                + " and status.state are expected): check that 'url' is Alertmanager's base URL",
                        received);
            }
            alerts.add(alert.get());
            index++;
        }
        Optional<Alert> unfiltered = alerts.stream()
                .filter(alert -> !matchers.stream().allMatch(matcher -> matcher.isMetOrRegex(alert.labels())))
                .findFirst();
        if (unfiltered.isPresent()) {
            throw new UnusableAnswer(
                    "The answer of " + endpoint() + " holds alerts that do not match the matchers, such as "
                            + unfiltered.get().name() + ": the server ignored the filter parameter; check that 'url'"
                            + " is Alertmanager's base URL",
                    received);
        }
        return alerts;
    }

    private String whatToCheck(final int status, final HttpResponse<LimitedBody> response) {
        String answered = " (HTTP " + status + ")";
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("nowhere");
            return "Alertmanager at " + base + " redirected to " + preview(location) + " instead of answering"
                    + answered + ": give the URL Alertmanager answers at, or set followRedirects if the redirect is"
                    + " expected; a login page is no answer";
        }
        if (status == 401 || status == 403) {
            return "Alertmanager at " + base + " refused access" + answered + ": "
                    + (credentialsId == null
                            ? "it needs credentials; name them under 'credentials'"
                            : "check that credentials '" + credentialsId + "' are valid there and may read alerts,"
                                    + " and the 'authentication' kind (basic or bearer)");
        }
        if (status == 400) {
            return "Alertmanager at " + base + " refused the query" + answered
                    + ": check the matchers; its reason is in the details";
        }
        if (status == 404) {
            return "No Alertmanager API v2 at " + endpoint() + answered
                    + ": check that 'url' is Alertmanager's base URL, with its route prefix if it has one";
        }
        return "Alertmanager at " + base + " could not list its alerts" + answered
                + ": its answer is in the details; see Alertmanager's log";
    }

    /** An answer that is not Alertmanager's list of alerts: nothing can be judged. */
    private static final class UnusableAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        private final List<String> details;

        UnusableAnswer(final String summary, final List<String> details) {
            super(summary);
            this.details = List.copyOf(details);
        }

        CheckResult toResult() {
            CheckResult.Builder result =
                    CheckResult.builder().raise(Status.ERROR).summary(getMessage());
            details.forEach(result::detail);
            return result.build();
        }
    }

    private CheckResult judge(final CheckContext context, final List<Alert> alerts) {
        List<String> labels = matchers.stream().map(AlertMatcher::name).toList();
        List<Alert> blocking = new ArrayList<>();
        List<Alert> other = new ArrayList<>();
        List<Alert> suppressed = new ArrayList<>();
        for (Alert alert : alerts) {
            if (alert.isSuppressed()) {
                suppressed.add(alert);
            }
            if (!alert.isSuppressed() || includeSilenced) {
                (alert.hasSeverityIn(blockingSeverities) ? blocking : other).add(alert);
            }
        }
        CheckResult.Builder result = CheckResult.builder();
        Measurement blockingCount = context.thresholds().measure(AlertsCheckType.BLOCKING_ALERTS, blocking.size());
        Measurement otherCount = context.thresholds().measure(AlertsCheckType.OTHER_FIRING_ALERTS, other.size());
        result.measurement(blockingCount).measurement(otherCount);
        result.measurement(
                Measurement.informational(AlertsCheckType.SUPPRESSED_ALERTS, suppressed.size(), Unit.NUMBER));

        String severities =
                String.join(" or ", blockingSeverities.stream().sorted().toList());
        result.detail("Alertmanager at " + base + " has " + count(alerts.size(), "alert") + " matching "
                + describeMatchers() + ", silenced and inhibited ones included; blocking severity: " + severities
                + (includeSilenced ? "; silenced and inhibited alerts count (includeSilenced: true)" : ""));
        blocking.forEach(alert -> result.detail(alert.describe("blocking", labels)));
        other.forEach(alert -> result.detail(alert.describe("firing", labels)));
        if (!includeSilenced) {
            suppressed.forEach(alert -> result.detail(alert.describe("not counted", labels)));
        }

        long silenced = suppressed.stream()
                .filter(alert -> !alert.silencedBy().isEmpty())
                .count();
        String suppressedCounts = silenced + " silenced, " + (suppressed.size() - silenced) + " inhibited";
        if (blocking.isEmpty() && other.isEmpty()) {
            if (alerts.isEmpty()) {
                return result.summary("No alert matches " + describeMatchers()
                                + ": Alertmanager returned 0 alerts for these matchers")
                        .build();
            }
            return result.summary("No unsuppressed alert fires for " + describeMatchers() + ": of "
                            + count(alerts.size(), "matching alert") + ", " + suppressedCounts
                            + " (listed in the details; includeSilenced: true would count them)")
                    .build();
        }
        List<String> parts = new ArrayList<>();
        if (!blocking.isEmpty()) {
            parts.add(count(blocking.size(), "alert") + " of severity " + severities + " firing (" + names(blocking)
                    + ")");
        }
        if (!other.isEmpty()) {
            parts.add(count(other.size(), blocking.isEmpty() ? "alert" : "other alert") + " firing (" + names(other)
                    + ")");
        }
        String summary = String.join("; ", parts) + " for " + describeMatchers();
        if (!suppressed.isEmpty() && !includeSilenced) {
            summary += "; not counted: " + suppressedCounts;
        }
        if (blockingCount.status() == Status.PASS && otherCount.status() == Status.PASS) {
            summary += "; within the thresholds (" + AlertsCheckType.BLOCKING_ALERTS + " "
                    + blockingCount.formattedThresholds() + "; " + AlertsCheckType.OTHER_FIRING_ALERTS + " "
                    + otherCount.formattedThresholds() + ")";
        }
        return result.summary(summary).build();
    }

    private static String names(final List<Alert> alerts) {
        List<String> names = alerts.stream().map(Alert::name).distinct().toList();
        String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_IN_SUMMARY)));
        return names.size() > NAMES_IN_SUMMARY ? shown + " and " + (names.size() - NAMES_IN_SUMMARY) + " more" : shown;
    }

    private static String count(final long count, final String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private String describeMatchers() {
        return matchers.stream().map(AlertMatcher::toFilter).collect(Collectors.joining(", ", "{", "}"));
    }

    private String endpoint() {
        return base + AlertsCheckType.ALERTS_PATH;
    }

    private Optional<String> authorization(final CheckContext context) throws CheckException {
        return HttpAuthentication.header(context, credentialsId, authentication);
    }

    private static String contentType(final HttpResponse<?> response) {
        return response.headers()
                .firstValue("Content-Type")
                .map(type -> " (" + preview(type) + ")")
                .orElse("");
    }

    private static String preview(final String body) {
        String text = Alert.bounded(body, PREVIEW_LENGTH);
        return text.isEmpty() ? "(empty)" : text;
    }

    private static String describe(final IOException exception) {
        return exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
    }

    @Override
    public String toString() {
        return "alerts in " + base + " matching " + describeMatchers();
    }
}
