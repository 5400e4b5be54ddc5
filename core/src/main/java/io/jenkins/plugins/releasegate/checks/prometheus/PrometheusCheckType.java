package io.jenkins.plugins.releasegate.checks.prometheus;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.httpclient.HttpAuthentication;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.spi.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code prometheus} check type: PromQL queries against a Prometheus-compatible HTTP API
 * ({@code /api/v1/query}, {@code /api/v1/query_range}), each with its own thresholds judged per series.
 *
 * <p>Thresholds are written per query, not under the check's {@code thresholds:}: every query is a metric
 * of its own, named by the query's {@code name}.</p>
 */
public final class PrometheusCheckType implements CheckType {
    /** The longest window a query may be judged over. */
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    /** The most points a range query asks for per series; Prometheus refuses more than 11,000. */
    static final long MAX_POINTS = 10_000;
    /** The step of a range query when the definition gives none, unless the window needs a longer one. */
    static final Duration DEFAULT_STEP = Duration.ofSeconds(15);
    /** The most queries one check runs. */
    static final int MAX_QUERIES = 50;
    /** The longest PromQL expression accepted, in characters. */
    static final int MAX_EXPRESSION_LENGTH = 8_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What a query that returns no series counts as. */
    public enum OnEmpty {
        /** ERROR: nothing was measured (the default). */
        ERROR,
        /** PASS: no series means healthy, such as no firing alert. */
        PASS,
        /** WARN: an approver must acknowledge that nothing was measured. */
        WARN
    }

    /** The unit of the values a query returns, and how they are shown and compared. */
    public enum ValueUnit {
        /** A plain number (the default). */
        NUMBER(Unit.NUMBER, 1),
        /** A percentage from 0 to 100, such as {@code 100 * (1 - avg(rate(idle[5m])))}. */
        PERCENT(Unit.PERCENT, 1),
        /** A share from 0 to 1, shown and compared as a percentage: 0.05 is 5%. */
        RATIO(Unit.PERCENT, 100),
        /** Seconds, such as a latency quantile. */
        SECONDS(Unit.SECONDS, 1),
        /** Bytes, such as free disk space. */
        BYTES(Unit.BYTES, 1);

        private final Unit unit;
        private final double factor;

        ValueUnit(final Unit unit, final double factor) {
            this.unit = unit;
            this.factor = factor;
        }

        /**
         * Returns the unit measurements and thresholds are held in.
         *
         * @return the unit
         */
        public Unit unit() {
            return unit;
        }

        /**
         * Returns the factor from a value as the query returns it to the unit's base.
         *
         * @return 100 for ratios, 1 otherwise
         */
        public double factor() {
            return factor;
        }
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public String description() {
        return "PromQL queries against a Prometheus-compatible API, each value within its own thresholds";
    }

    @Override
    public Check create(final Settings settings) {
        String urlText = settings.requiredString(
                "url", "the base URL of the Prometheus API, such as https://prometheus.example.com");
        URI url = parseUrl(settings, urlText);
        Optional<String> credentials = settings.optionalString("credentials");
        Optional<HttpAuthentication> authentication = settings.has("authentication")
                ? Optional.of(settings.choice("authentication", HttpAuthentication.class, HttpAuthentication.BASIC))
                : Optional.empty();
        if (authentication.isPresent() && credentials.isEmpty()) {
            settings.problem(
                    "authentication", "is set but 'credentials' is not: name the credentials id to authenticate with");
        }
        boolean hasQueries = settings.keys().contains("queries");
        int problemsBefore = settings.problems().asList().size();
        List<Settings> sections = settings.sectionList("queries");
        if (!hasQueries) {
            settings.problem(
                    "queries",
                    "is required: add 'queries:' with a list of queries, each with name, query and thresholds");
        } else if (sections.isEmpty() && settings.problems().asList().size() == problemsBefore) {
            settings.problem("queries", "is empty: give at least one query with name, query and thresholds");
        } else if (sections.size() > MAX_QUERIES) {
            settings.problem(
                    "queries",
                    "has " + sections.size() + " queries; at most " + MAX_QUERIES
                            + " are allowed in one check: split them into several checks");
        }
        List<PrometheusQuery> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Settings section : sections) {
            readQuery(section, names).ifPresent(queries::add);
        }
        return new PrometheusCheck(url, credentials.orElse(null), authentication.orElse(null), queries);
    }

    private static URI parseUrl(final Settings settings, final String text) {
        URI fallback = URI.create("http://invalid.invalid");
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                settings.problem("url", "'" + Urls.withoutSecrets(text) + "' is not an http or https URL with a host");
                return fallback;
            }
            if (uri.getUserInfo() != null) {
                settings.problem(
                        "url",
                        "the URL contains a user name or password: never write secrets in a definition; use 'credentials'");
                return fallback;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                settings.problem(
                        "url",
                        "'" + Urls.withoutSecrets(text)
                                + "' has a query or fragment: give only the base URL, such as https://prometheus.example.com");
                return fallback;
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            if (path.endsWith("/api/v1/query") || path.endsWith("/api/v1/query_range") || path.endsWith("/api/v1")) {
                settings.problem(
                        "url",
                        "'" + Urls.withoutSecrets(text) + "' names the API itself: give the base URL"
                                + " (without /api/v1/...), such as https://prometheus.example.com; /api/v1/query is appended");
                return fallback;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null)
                    .resolve(path.isEmpty() ? "/" : path + "/");
        } catch (URISyntaxException exception) {
            settings.problem("url", "'" + Urls.withoutSecrets(text) + "' is not a valid URL: " + exception.getReason());
            return fallback;
        }
    }

    private static Optional<PrometheusQuery> readQuery(final Settings settings, final Set<String> names) {
        String name = settings.requiredString("name", "a name for the query, such as http-5xx-ratio");
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            settings.problem(
                    "name",
                    "'" + name + "' is not a valid name: use letters, digits, '.', '_' and '-', starting with a letter"
                            + " or digit, at most 64 characters");
        } else if (!name.isEmpty() && !names.add(name.toLowerCase(Locale.ROOT))) {
            settings.problem(
                    "name", "'" + name + "' is used by another query of this check: give each query its own name");
        }
        String expression = settings.requiredString(
                "query",
                "a PromQL expression that returns an instant vector or a scalar, such as sum(up{job=\"orders\"})");
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            settings.problem(
                    "query",
                    "is " + expression.length() + " characters long; at most " + MAX_EXPRESSION_LENGTH
                            + " are sent: use a recording rule for long expressions");
        }
        ValueUnit unit = settings.choice("unit", ValueUnit.class, ValueUnit.NUMBER);
        Direction direction = settings.choice("direction", Direction.class, Direction.ABOVE);
        Threshold threshold = readThreshold(settings, name, unit, direction);
        Duration window = settings.optionalDuration("for").orElse(null);
        if (window != null && (window.isZero() || window.compareTo(MAX_WINDOW) > 0)) {
            settings.problem("for", "must be longer than 0 and at most 31d, such as 10m");
            window = null;
        }
        Duration step = readStep(settings, window);
        OnEmpty onEmpty = settings.choice("onEmpty", OnEmpty.class, OnEmpty.ERROR);
        if (name.isEmpty() || expression.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new PrometheusQuery(name, expression, unit, threshold, window, step, onEmpty));
    }

    @CheckForNull
    private static Duration readStep(final Settings settings, @CheckForNull final Duration window) {
        Optional<Duration> step = settings.optionalDuration("step");
        if (step.isEmpty()) {
            return window == null ? null : defaultStep(window);
        }
        if (window == null) {
            if (!settings.has("for")) {
                settings.problem("step", "is only used with 'for': add 'for' (such as for: 10m), or remove 'step'");
            }
            return null;
        }
        if (step.get().toMillis() < 1 || step.get().compareTo(window) > 0) {
            settings.problem(
                    "step", "must be at least 1ms and at most the window of 'for' (" + Quantity.format(window) + ")");
            return defaultStep(window);
        }
        if (window.toMillis() / step.get().toMillis() > MAX_POINTS) {
            settings.problem(
                    "step",
                    "gives more than " + MAX_POINTS + " points over " + Quantity.format(window)
                            + ": use a step of at least " + Quantity.format(minimumStep(window)));
            return defaultStep(window);
        }
        return step.get();
    }

    /** Returns the step used without a {@code step:} key: 15 seconds, longer if the window needs it. */
    static Duration defaultStep(final Duration window) {
        Duration minimum = minimumStep(window);
        Duration step = minimum.compareTo(DEFAULT_STEP) > 0 ? minimum : DEFAULT_STEP;
        return step.compareTo(window) > 0 ? window : step;
    }

    private static Duration minimumStep(final Duration window) {
        return Duration.ofSeconds((window.toSeconds() + MAX_POINTS - 1) / MAX_POINTS);
    }

    private static Threshold readThreshold(
            final Settings settings, final String name, final ValueUnit unit, final Direction direction) {
        Optional<Settings> section = settings.section("thresholds");
        String example = unit.unit().example().split(",")[0];
        if (section.isEmpty()) {
            if (!settings.keys().contains("thresholds")) {
                settings.problem(
                        "thresholds",
                        "is required: add 'thresholds:' with the limits in the query's unit, such as {warn: " + example
                                + ", fail: ...}; write 'never' for a level that does not apply");
            }
            return new Threshold(name.isEmpty() ? "query" : name, unit.unit(), direction, null, null);
        }
        Settings limits = section.get();
        Double warn = readLimit(limits, "warn", unit);
        Double fail = readLimit(limits, "fail", unit);
        if (!limits.has("warn") && !limits.has("fail")) {
            limits.problem("give 'warn:', 'fail:' or both, such as {warn: " + example
                    + ", fail: ...}; write 'never' for a level that does not apply");
        }
        if (warn != null && fail != null && !warn.equals(fail) && direction.isBreached(warn, fail)) {
            limits.problem(
                    "warn",
                    "the warn limit " + Quantity.format(warn, unit.unit()) + " is past the fail limit "
                            + Quantity.format(fail, unit.unit()) + ": "
                            + (direction == Direction.ABOVE
                                    ? "with direction above (higher is worse) warn must be lower than fail; swap them,"
                                            + " or write 'direction: below' if lower is worse"
                                    : "with direction below (lower is worse) warn must be higher than fail; swap them,"
                                            + " or write 'direction: above' if higher is worse"));
        }
        return new Threshold(name.isEmpty() ? "query" : name, unit.unit(), direction, warn, fail);
    }

    @CheckForNull
    private static Double readLimit(final Settings limits, final String level, final ValueUnit unit) {
        Optional<String> text = limits.optionalString(level);
        if (text.isEmpty() || "never".equalsIgnoreCase(text.get().trim())) {
            return null;
        }
        return limits.optionalQuantity(level, unit.unit()).orElse(null);
    }
}
