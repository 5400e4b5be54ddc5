package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.httpclient.BodySink;
import io.jenkins.plugins.releasegate.checks.httpclient.BoundedHttpClient;
import io.jenkins.plugins.releasegate.checks.httpclient.IncompleteBodyException;
import io.jenkins.plugins.releasegate.checks.httpclient.LimitedBody;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The previous release's artifact, the one the rollback deploys: an HTTP(S) URL that must answer
 * {@code HEAD} with 200 (and, with a SHA-256 checksum given, a {@code GET} whose body has it), or a file
 * in the workspace. {@code {rollbackTo}} in the URL or path is replaced with the plan's
 * {@code change.rollbackTo}.
 */
final class PreviousArtifact {
    /** The placeholder replaced with the plan's {@code change.rollbackTo}. */
    static final String ROLLBACK_TO = "{rollbackTo}";

    private static final String RULE = "previousArtifact";
    private static final int MAX_REDIRECTS = 5;

    private PreviousArtifact() {}

    /**
     * Checks that the artifact is there.
     *
     * @param options where it is
     * @param rollbackTo the release the plan rolls back to
     * @param context the check's context, for the workspace, credentials and the timeout
     * @return the finding
     * @throws CheckException if the credentials are unknown or there is no workspace
     * @throws InterruptedException if interrupted
     */
    static PlanFinding check(final Options options, final String rollbackTo, final CheckContext context)
            throws CheckException, InterruptedException {
        String pathTemplate = options.path();
        if (pathTemplate != null) {
            String path = pathTemplate.replace(ROLLBACK_TO, rollbackTo);
            try {
                if (context.requireWorkspace().isFile(path)) {
                    return new PlanFinding(
                            Status.PASS, RULE, "The artifact of " + rollbackTo + " is in the workspace: " + path);
                }
                return new PlanFinding(
                        Status.FAIL,
                        RULE,
                        "The artifact of " + rollbackTo + " is missing: no file " + path
                                + " in the workspace; the rollback would have nothing to deploy: fetch it in the pipeline or correct previousArtifact.path");
            } catch (IOException exception) {
                return new PlanFinding(
                        Status.ERROR, RULE, "Cannot look for the artifact " + path + ": " + exception.getMessage());
            }
        }
        URI uri = URI.create(Objects.requireNonNull(options.url()).replace(ROLLBACK_TO, rollbackTo));
        String authorization = authorization(options, context);
        Duration timeout = context.timeout().dividedBy(2);
        HttpClient.Builder settings = HttpClient.newBuilder().connectTimeout(timeout);
        String shown = displayUri(uri);
        // One time budget for every request and the body: a server that trickles the artifact is given up on.
        try (BoundedHttpClient client =
                BoundedHttpClient.open(settings, HttpClient.Redirect.NEVER, timeout, context.hostGuard())) {
            Response<String> head = send(client, uri, "HEAD", authorization, timeout, info -> BodySink.skipping(""));
            if (head.status() != 200) {
                return new PlanFinding(
                        Status.FAIL,
                        RULE,
                        "The artifact of " + rollbackTo + " at " + shown + " answers HEAD with HTTP " + head.status()
                                + ", not 200: " + hint(head.status()));
            }
            String sha256 = options.sha256();
            if (sha256 == null) {
                return new PlanFinding(
                        Status.PASS,
                        RULE,
                        "The artifact of " + rollbackTo + " is there: " + shown + " answers HEAD with 200");
            }
            Response<String> get = send(
                    client,
                    head.uri(),
                    "GET",
                    authorization,
                    timeout,
                    info -> info.statusCode() == 200 ? LimitedBody.sha256() : BodySink.skipping(""));
            if (get.status() != 200) {
                return new PlanFinding(
                        Status.FAIL,
                        RULE,
                        "The artifact of " + rollbackTo + " at " + shown + " answers GET with HTTP " + get.status()
                                + ", not 200: " + hint(get.status()));
            }
            String actual = get.body();
            if (!actual.equalsIgnoreCase(sha256)) {
                return new PlanFinding(
                        Status.FAIL,
                        RULE,
                        "The artifact of " + rollbackTo + " at " + shown + " has SHA-256 " + actual
                                + ", not " + sha256.toLowerCase(Locale.ROOT)
                                + " (previousArtifact.sha256): it is not the artifact that was released; find the right one before relying on the rollback");
            }
            return new PlanFinding(
                    Status.PASS,
                    RULE,
                    "The artifact of " + rollbackTo + " is there: " + shown
                            + " answers HEAD with 200 and its SHA-256 matches");
        } catch (CheckException exception) {
            return new PlanFinding(Status.ERROR, RULE, exception.getMessage());
        } catch (IncompleteBodyException exception) {
            return new PlanFinding(
                    Status.ERROR,
                    RULE,
                    "The artifact server at " + shown + " " + exception.getMessage()
                            + ": the download was given up on; check previousArtifact.url and the network");
        } catch (HttpTimeoutException exception) {
            return new PlanFinding(
                    Status.ERROR,
                    RULE,
                    "The artifact server at " + shown + " did not answer within " + Quantity.format(timeout)
                            + ": check previousArtifact.url and the network");
        } catch (IOException exception) {
            return new PlanFinding(
                    Status.ERROR,
                    RULE,
                    "Cannot reach the artifact server at " + shown + ": "
                            + Objects.toString(
                                    exception.getMessage(), exception.getClass().getSimpleName())
                            + "; check previousArtifact.url and the network");
        }
    }

    @CheckForNull
    private static String authorization(final Options options, final CheckContext context) throws CheckException {
        String credentialsId = options.credentialsId();
        if (credentialsId == null) {
            return null;
        }
        Credentials credentials = context.credentials(credentialsId);
        Optional<String> user = credentials.getUsername();
        if (user.isPresent()) {
            return "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (user.get() + ":" + credentials.getSecret().reveal())
                                            .getBytes(StandardCharsets.UTF_8));
        }
        return "Bearer " + credentials.getSecret().reveal();
    }

    /**
     * Sends a request and follows up to {@value #MAX_REDIRECTS} redirects itself, so that credentials are
     * sent only to the host first named and never over plain HTTP after HTTPS.
     */
    private static <T> Response<T> send(
            final BoundedHttpClient client,
            final URI first,
            final String method,
            @CheckForNull final String authorization,
            final Duration timeout,
            final Function<HttpResponse.ResponseInfo, BodySink<T>> body)
            throws CheckException, IOException, InterruptedException {
        URI uri = first;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", "release-gate rollbackPlan");
            if (authorization != null && sameOrigin(first, uri)) {
                request.header("Authorization", authorization);
            }
            HttpResponse<T> response = client.send(request.build(), body);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(response.statusCode(), location)) {
                return new Response<>(status, uri, response.body());
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects");
            }
            URI next = uri.resolve(location.orElseThrow());
            if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new IOException("redirected from HTTPS to " + next.getScheme() + ", which is refused");
            }
            uri = next;
        }
    }

    private static boolean isRedirect(final int status, final Optional<String> location) {
        return status >= 300 && status < 400 && status != 304 && location.isPresent();
    }

    private static boolean sameOrigin(final URI first, final URI second) {
        return Objects.equals(first.getScheme(), second.getScheme())
                && Objects.equals(first.getHost(), second.getHost())
                && first.getPort() == second.getPort();
    }

    private static String hint(final int status) {
        if (status == 404 || status == 410) {
            return "the artifact is missing, so the rollback would have nothing to deploy; publish it again or correct previousArtifact.url";
        }
        if (status == 401 || status == 403) {
            return "access is refused; name credentials that may read it in previousArtifact.credentials";
        }
        if (status == 405) {
            return "the server does not answer HEAD; use a URL of an artifact repository that does";
        }
        return "check previousArtifact.url";
    }

    /**
     * Returns a URL without the user information it may hold, for messages.
     *
     * @param uri the URL
     * @return the text
     */
    static String displayUri(final URI uri) {
        return uri.getRawUserInfo() == null
                ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "****@");
    }

    /**
     * Where the previous release's artifact is: a URL or a workspace path.
     *
     * @param url the HTTP(S) URL, {@code null} for a path
     * @param path the path relative to the workspace, {@code null} for a URL
     * @param sha256 the expected SHA-256 checksum in hexadecimal, {@code null} to skip it (URL only)
     * @param credentialsId the credentials id for the URL, {@code null} for none
     */
    record Options(
            @CheckForNull String url,
            @CheckForNull String path,
            @CheckForNull String sha256,
            @CheckForNull String credentialsId) {}

    private record Response<T>(int status, URI uri, T body) {}
}
