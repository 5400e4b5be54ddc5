package io.jenkins.plugins.releasegate.checks.http;

import io.jenkins.plugins.releasegate.checks.httpclient.HttpAuthentication;
import io.jenkins.plugins.releasegate.checks.httpclient.HttpRedirects;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.ThresholdSpec;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.spi.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code httpHealth} check type: an HTTP endpoint answers with an expected status, within latency
 * limits, and with a body whose JSON values are as expected.
 */
public final class HttpHealthCheckType implements CheckType {
    /** The metric of the response time. */
    public static final String LATENCY = "latency";

    @Override
    public String name() {
        return "httpHealth";
    }

    @Override
    public String description() {
        return "An HTTP endpoint answers with the expected status, in time, with the expected JSON values";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(ThresholdSpec.above(LATENCY, Unit.SECONDS, 1.0, 5.0, "time until the response body was read"));
    }

    @Override
    public Check create(final Settings settings) {
        String urlText = settings.requiredString(
                "url", "the URL to request, such as https://orders.example.com/actuator/health");
        URI url = parseUrl(settings, urlText);
        String method = settings.string("method", "GET").toUpperCase(Locale.ROOT);
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            settings.problem("method", "'" + method + "' is not supported: a health check uses GET or HEAD");
        }
        List<StatusRange> expected = readStatuses(settings);
        Optional<String> credentials = settings.optionalString("credentials");
        Optional<HttpAuthentication> authentication = settings.has("authentication")
                ? Optional.of(settings.choice("authentication", HttpAuthentication.class, HttpAuthentication.BASIC))
                : Optional.empty();
        if (authentication.isPresent() && credentials.isEmpty()) {
            settings.problem(
                    "authentication", "is set but 'credentials' is not: name the credentials id to authenticate with");
        }
        Map<String, String> headers = new LinkedHashMap<>(settings.stringMap("headers"));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if ("authorization".equalsIgnoreCase(name)
                    || "proxy-authorization".equalsIgnoreCase(name)
                    || "cookie".equalsIgnoreCase(name)) {
                settings.problem(
                        "headers",
                        "'" + name + "' may not be written in the definition: secrets belong in "
                                + "credentials; use 'credentials' and 'authentication'");
            } else {
                try {
                    HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, header.getValue());
                } catch (IllegalArgumentException exception) {
                    String reason = String.valueOf(exception.getMessage());
                    settings.problem(
                            "headers",
                            "'" + name + "' cannot be sent (" + reason + "): "
                                    + (reason.startsWith("restricted")
                                            ? "remove it; headers such as Host, Connection and Content-Length are set by the HTTP client"
                                            : "correct the header's name or value"));
                }
            }
        }
        HttpRedirects redirects = settings.choice("followRedirects", HttpRedirects.class, HttpRedirects.NEVER);
        List<JsonAssertion> assertions = new ArrayList<>();
        for (Settings assertion : settings.sectionList("json")) {
            readAssertion(assertion).ifPresent(assertions::add);
        }
        if (!assertions.isEmpty() && "HEAD".equals(method)) {
            settings.problem("json", "a HEAD request has no body to assert on: use method GET");
        }
        return new HttpHealthCheck(
                url,
                method,
                expected,
                credentials.orElse(null),
                authentication.orElse(null),
                headers,
                redirects,
                assertions);
    }

    private static URI parseUrl(final Settings settings, final String text) {
        if (text.isEmpty()) {
            return URI.create("http://invalid.invalid/");
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                settings.problem("url", "'" + Urls.withoutSecrets(text) + "' is not an http or https URL with a host");
            } else if (uri.getUserInfo() != null) {
                settings.problem(
                        "url",
                        "the URL contains a user name or password: never write secrets in a definition; use 'credentials'");
            }
            return uri;
        } catch (URISyntaxException exception) {
            settings.problem("url", "'" + Urls.withoutSecrets(text) + "' is not a valid URL: " + exception.getReason());
            return URI.create("http://invalid.invalid/");
        }
    }

    private static List<StatusRange> readStatuses(final Settings settings) {
        List<String> texts = settings.stringList("expectStatus");
        if (texts.isEmpty()) {
            return List.of(new StatusRange(200, 299));
        }
        List<StatusRange> ranges = new ArrayList<>();
        for (String text : texts) {
            Optional<StatusRange> range = StatusRange.parse(text);
            if (range.isEmpty()) {
                settings.problem(
                        "expectStatus",
                        "'" + text
                                + "' is not a status: write a code such as 200, a class such as 2xx, or a range such as 200-204");
            }
            range.ifPresent(ranges::add);
        }
        return ranges;
    }

    private static Optional<JsonAssertion> readAssertion(final Settings settings) {
        String pointer = settings.requiredString("pointer", "a JSON pointer such as /status");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            settings.problem(
                    "pointer",
                    "'" + pointer
                            + "' is not a JSON pointer: it starts with '/', such as /status or /components/db/status");
        }
        Optional<String> equalsValue = settings.optionalString("equals");
        List<String> oneOf = settings.stringList("oneOf");
        Optional<String> matches = settings.optionalString("matches");
        int given = (equalsValue.isPresent() ? 1 : 0) + (oneOf.isEmpty() ? 0 : 1) + (matches.isPresent() ? 1 : 0);
        if (given != 1) {
            settings.problem("give exactly one of 'equals', 'oneOf' or 'matches' for the value at " + pointer);
            return Optional.empty();
        }
        Pattern pattern = null;
        if (matches.isPresent()) {
            try {
                pattern = Pattern.compile(matches.get());
            } catch (PatternSyntaxException exception) {
                settings.problem("matches", "is not a valid regular expression: " + exception.getDescription());
                return Optional.empty();
            }
        }
        List<String> allowed = equalsValue.map(List::of).orElse(oneOf);
        return Optional.of(new JsonAssertion(pointer, allowed, pattern));
    }
}
