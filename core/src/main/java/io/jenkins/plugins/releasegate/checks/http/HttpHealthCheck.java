package io.jenkins.plugins.releasegate.checks.http;

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
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Redaction;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Requests a URL and judges status, latency and JSON body. TLS certificates are verified with the
 * JVM's trust store; there is no switch to turn verification off.
 */
final class HttpHealthCheck implements Check {
    /** The most body bytes read. */
    static final int MAX_BODY = 1024 * 1024;
    /** The most characters of the response shown in a result. */
    static final int PREVIEW_LENGTH = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI url;
    private final String method;
    private final List<StatusRange> expected;

    @CheckForNull
    private final String credentialsId;

    @CheckForNull
    private final HttpAuthentication authentication;

    private final Map<String, String> headers;
    private final HttpRedirects redirects;
    private final List<JsonAssertion> assertions;

    HttpHealthCheck(
            final URI url,
            final String method,
            final List<StatusRange> expected,
            @CheckForNull final String credentialsId,
            @CheckForNull final HttpAuthentication authentication,
            final Map<String, String> headers,
            final HttpRedirects redirects,
            final List<JsonAssertion> assertions) {
        this.url = url;
        this.method = method;
        this.expected = List.copyOf(expected);
        this.credentialsId = credentialsId;
        this.authentication = authentication;
        this.headers = Map.copyOf(headers);
        this.redirects = redirects;
        this.assertions = List.copyOf(assertions);
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, InterruptedException {
        Duration timeout = BoundedHttpClient.requestBudget(context.timeout());
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "release-gate")
                .header("Accept", "application/json, */*;q=0.5");
        headers.forEach(request::header);
        Optional<String> authorization = authorization(context);
        authorization.ifPresent(value -> request.header("Authorization", value));
        // The runner hides the secret itself; the encoded form in a basic Authorization header must be hidden
        // here, in case the server echoes the header (as error pages and debugging endpoints do).
        List<String> secrets = HttpAuthentication.secrets(context, authorization);
        return request(context, client, request.build(), timeout, secrets).redact(secrets);
    }

    private CheckResult request(
            final CheckContext context,
            final HttpClient.Builder clientSettings,
            final HttpRequest request,
            final Duration timeout,
            final List<String> secrets)
            throws CheckException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<LimitedBody> response;
        String body;
        try (BoundedHttpClient client =
                BoundedHttpClient.open(clientSettings, redirects.toClientPolicy(), timeout, context.hostGuard())) {
            response = client.send(request, info -> LimitedBody.upTo(MAX_BODY));
            // Hidden before anything is cut from it: a preview cut inside an echoed secret would keep its start,
            // which no later redaction of the whole secret can find.
            body = Redaction.redact(response.body().text(), secrets);
        } catch (HttpConnectTimeoutException exception) {
            throw new CheckException(
                    Status.FAIL, url + " is unreachable: no connection within " + Quantity.format(timeout), exception);
        } catch (IncompleteBodyException exception) {
            throw new CheckException(
                    method + " " + url + " " + exception.getMessage()
                            + "; the response was given up on and nothing was measured. Raise the check's timeout if the endpoint is known to be slow",
                    exception);
        } catch (HttpTimeoutException exception) {
            throw new CheckException(
                    "No response from " + url + " within " + Quantity.format(timeout)
                            + "; nothing was measured. Raise the check's timeout if the endpoint is known to be slow",
                    exception);
        } catch (ConnectException exception) {
            throw new CheckException(Status.FAIL, url + " is unreachable: connection refused", exception);
        } catch (SSLException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "TLS with " + url.getHost() + " failed: " + exception.getMessage()
                            + ". The certificate must be trusted by the JVM's trust store",
                    exception);
        } catch (IOException exception) {
            throw new CheckException(Status.FAIL, "Request to " + url + " failed: " + describe(exception), exception);
        }
        double latency = (System.nanoTime() - start) / 1e9;

        CheckResult.Builder result = CheckResult.builder();
        Measurement latencyMeasurement = context.thresholds().measure(HttpHealthCheckType.LATENCY, latency);
        result.measurement(latencyMeasurement);
        result.measurement(Measurement.informational("status", response.statusCode(), Unit.NUMBER));
        int status = response.statusCode();
        if (expected.stream().noneMatch(range -> range.contains(status))) {
            result.raise(Status.FAIL)
                    .summary(method + " " + url + " answered " + status + ", expected " + describeExpected());
            result.detail("Response starts with: " + preview(body));
            return result.build();
        }
        List<String> mismatches = assertBody(body, result);
        if (!mismatches.isEmpty()) {
            mismatches.forEach(result::detail);
            return result.raise(Status.FAIL)
                    .summary(mismatches.get(0)
                            + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1) + " more)" : ""))
                    .build();
        }
        String summary = method + " " + url + " answered " + status + " in " + Quantity.format(latency, Unit.SECONDS)
                + (assertions.isEmpty() ? "" : ", " + assertions.size() + " JSON values as expected");
        if (latencyMeasurement.status() != Status.PASS) {
            summary = "Slow: " + summary + " (" + latencyMeasurement.formattedThresholds() + ")";
        }
        return result.summary(summary).build();
    }

    private List<String> assertBody(final String body, final CheckResult.Builder result) {
        if (assertions.isEmpty()) {
            return List.of();
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException exception) {
            return List.of("The response is not JSON (" + exception.getOriginalMessage() + "); it starts with: "
                    + preview(body));
        }
        if (json == null || json.isMissingNode()) {
            return List.of("The response body is empty; expected JSON");
        }
        List<String> mismatches = assertions.stream()
                .map(assertion -> assertion.mismatch(json))
                .flatMap(Optional::stream)
                .toList();
        if (mismatches.isEmpty()) {
            assertions.forEach(assertion -> result.detail(
                    assertion.pointer() + " = " + json.at(assertion.pointer()).asText()));
        }
        return mismatches;
    }

    private Optional<String> authorization(final CheckContext context) throws CheckException {
        return HttpAuthentication.header(context, credentialsId, authentication);
    }

    private String describeExpected() {
        return expected.size() == 1 ? expected.get(0).toString() : expected.toString();
    }

    private static String preview(final String body) {
        String text = body.substring(0, Math.min(body.length(), PREVIEW_LENGTH)).strip();
        return text.isEmpty() ? "(empty)" : text;
    }

    private static String describe(final IOException exception) {
        return exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
    }
}
