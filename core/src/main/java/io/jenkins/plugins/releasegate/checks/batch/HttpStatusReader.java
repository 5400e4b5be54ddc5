package io.jenkins.plugins.releasegate.checks.batch;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.httpclient.BoundedHttpClient;
import io.jenkins.plugins.releasegate.checks.httpclient.IncompleteBodyException;
import io.jenkins.plugins.releasegate.checks.httpclient.LimitedBody;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads each job's current status and last success from a JSON document served over HTTP, through JSON
 * pointers configured per job.
 */
final class HttpStatusReader implements BatchStatusReader {
    /** The largest response read. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;

    @CheckForNull
    private final String credentialsId;

    private final List<HttpJob> jobs;

    @CheckForNull
    private final ZoneId zone;

    /**
     * Creates a reader.
     *
     * @param uri the http or https URL of the JSON document
     * @param credentialsId credentials for the request ({@code Basic} for user name and password,
     *         {@code Bearer} for a secret text), {@code null} for none
     * @param jobs the jobs to read
     * @param zone the zone of times written without offset, {@code null} if none is configured
     */
    HttpStatusReader(
            final URI uri,
            @CheckForNull final String credentialsId,
            final List<HttpJob> jobs,
            @CheckForNull final ZoneId zone) {
        this.uri = uri;
        this.credentialsId = credentialsId;
        this.jobs = List.copyOf(jobs);
        this.zone = zone;
    }

    /**
     * Returns what is wrong with a status URL given in a gate definition.
     *
     * @param url the URL
     * @return the problem and what to do, empty if it is fine
     */
    static Optional<String> problemWithUrl(final String url) {
        if (url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI parsed = new URI(url);
            if (!"http".equalsIgnoreCase(parsed.getScheme()) && !"https".equalsIgnoreCase(parsed.getScheme())
                    || parsed.getHost() == null) {
                return Optional.of("'" + url
                        + "' is not an http or https URL: write it like https://batch.example.com/api/jobs/status");
            }
            if (parsed.getRawUserInfo() != null) {
                return Optional.of(
                        "the URL must not hold a user name or password: remove it and name credentials with 'credentials:'");
            }
            return Optional.empty();
        } catch (URISyntaxException exception) {
            return Optional.of("'" + url + "' is not a valid URL: " + exception.getReason());
        }
    }

    @Override
    public String describe() {
        return "status endpoint " + display();
    }

    private String display() {
        return uri.getScheme() + "://" + uri.getRawAuthority() + Objects.toString(uri.getRawPath(), "");
    }

    @Override
    public BatchObservation read(final CheckContext context, final Instant now)
            throws CheckException, InterruptedException {
        JsonNode document = fetch(context);
        List<ExecutionRecord> executions = new ArrayList<>();
        Map<String, Instant> lastSuccess = new LinkedHashMap<>();
        for (HttpJob job : jobs) {
            String status = status(document, job);
            executions.add(
                    ExecutionRecord.of(job.job(), status, job.classify(status)).build());
            if (job.lastSuccess() != null) {
                lastSuccess(document, job).ifPresent(time -> lastSuccess.put(job.job(), time));
            }
        }
        return new BatchObservation(executions, lastSuccess);
    }

    private JsonNode fetch(final CheckContext context) throws CheckException, InterruptedException {
        Duration connectTimeout = context.timeout().dividedBy(3).compareTo(MAX_CONNECT_TIMEOUT) > 0
                ? MAX_CONNECT_TIMEOUT
                : context.timeout().dividedBy(3);
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout.isZero() ? Duration.ofSeconds(1) : connectTimeout);
        Duration timeout = context.timeout().multipliedBy(2).dividedBy(3).isZero()
                ? Duration.ofSeconds(1)
                : context.timeout().multipliedBy(2).dividedBy(3);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "release-gate")
                .GET();
        if (credentialsId != null) {
            request.header("Authorization", authorization(context.credentials(credentialsId)));
        }
        HttpResponse<LimitedBody> response;
        try (BoundedHttpClient bounded =
                BoundedHttpClient.open(client, HttpClient.Redirect.NEVER, timeout, context.hostGuard())) {
            // Only a successful answer's body is read: of any other, the status is enough.
            response = bounded.send(
                    request.build(),
                    info -> info.statusCode() >= 200 && info.statusCode() <= 299
                            ? LimitedBody.upTo(MAX_BYTES)
                            : LimitedBody.none());
        } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "Cannot reach the batch status endpoint " + display() + ": " + describe(exception)
                            + " — the service is down or the URL is wrong",
                    null);
        } catch (IncompleteBodyException exception) {
            throw new CheckException("The batch status endpoint " + display() + " " + exception.getMessage()
                    + ": the answer was given up on; raise the check's 'timeout' if the endpoint is known to be slow");
        } catch (HttpTimeoutException exception) {
            throw new CheckException(
                    "The batch status endpoint " + display() + " did not answer in time: raise the check's 'timeout'");
        } catch (IOException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "Cannot read the batch status endpoint " + display() + ": " + describe(exception),
                    null);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new CheckException("The batch status endpoint " + display() + " answered HTTP "
                    + response.statusCode()
                    + (response.statusCode() >= 300 && response.statusCode() < 400
                            ? " (a redirect to "
                                    + response.headers().firstValue("Location").orElse("nowhere")
                                    + "): set 'url' to the final address"
                            : response.statusCode() == 401 || response.statusCode() == 403
                                    ? ": check 'credentials'"
                                    : ""));
        }
        if (response.body().isTruncated()) {
            throw new CheckException("The batch status endpoint " + display() + " answered more than "
                    + MAX_BYTES / 1024 / 1024 + " MiB: point 'url' at a smaller status document");
        }
        try {
            return JSON.readTree(response.body().text());
        } catch (JsonProcessingException exception) {
            throw new CheckException("The batch status endpoint " + display() + " did not answer JSON: "
                    + exception.getOriginalMessage());
        }
    }

    private static String authorization(final Credentials credentials) {
        if (credentials.getUsername().isPresent()) {
            String pair = credentials.getUsername().get() + ":"
                    + credentials.getSecret().reveal();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return "Bearer " + credentials.getSecret().reveal();
    }

    private String status(final JsonNode document, final HttpJob job) throws CheckException {
        JsonNode node = document.at(job.status());
        if (node.isMissingNode()) {
            throw new CheckException("The answer of " + display() + " has no value at " + job.status()
                    + " (status of job " + job.job() + "): check the JSON pointer under jobs." + job.job() + ".status");
        }
        if (node.isNull()) {
            return "null";
        }
        if (!node.isValueNode()) {
            throw new CheckException("The status of job " + job.job() + " at " + job.status() + " is "
                    + (node.isArray() ? "a list" : "an object")
                    + ", not a single value: point the JSON pointer at the status itself");
        }
        return node.asText();
    }

    private Optional<Instant> lastSuccess(final JsonNode document, final HttpJob job) throws CheckException {
        JsonPointer pointer = Objects.requireNonNull(job.lastSuccess());
        JsonNode node = document.at(pointer);
        if (node.isMissingNode()) {
            throw new CheckException(
                    "The answer of " + display() + " has no value at " + pointer + " (last success of job " + job.job()
                            + "): check the JSON pointer under jobs." + job.job() + ".lastSuccess");
        }
        if (node.isNull() || node.isTextual() && node.asText().isBlank()) {
            return Optional.empty();
        }
        try {
            if (node.isNumber()) {
                return Optional.of(Timestamps.epoch(node.decimalValue()));
            }
            if (node.isTextual()) {
                return Optional.of(Timestamps.parse(node.asText(), zone));
            }
        } catch (IllegalArgumentException exception) {
            throw new CheckException(
                    "The last success of job " + job.job() + " at " + pointer + ": " + exception.getMessage());
        }
        throw new CheckException("The last success of job " + job.job() + " at " + pointer
                + " is not a time: point the JSON pointer at an ISO-8601 text or an epoch number");
    }

    private static String describe(final Exception exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
    }

    /**
     * One job of the status document.
     *
     * @param job the job name used in messages
     * @param status where its status is
     * @param expected the status values that mean success
     * @param running the status values that mean it is running
     * @param lastSuccess where the time of its last success is, {@code null} if not given
     * @param maxAge how old the last success may be, {@code null} if the job is not required
     */
    record HttpJob(
            String job,
            JsonPointer status,
            List<String> expected,
            List<String> running,
            @CheckForNull JsonPointer lastSuccess,
            @CheckForNull Duration maxAge) {
        /**
         * Creates a job.
         */
        HttpJob {
            Objects.requireNonNull(job);
            Objects.requireNonNull(status);
            expected = List.copyOf(expected);
            running = List.copyOf(running);
        }

        /**
         * Returns what a status value means: an expected value is success, a running value running, any
         * other value failure.
         *
         * @param value the status value
         * @return its meaning
         */
        ExecutionState classify(final String value) {
            return StatusValues.of(expected, List.of(), running, List.of(), ExecutionState.FAILED)
                    .classify(value);
        }
    }
}
