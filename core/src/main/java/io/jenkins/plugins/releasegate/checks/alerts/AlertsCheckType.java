package io.jenkins.plugins.releasegate.checks.alerts;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code alerts} check type: no alert matching the given label matchers fires in Alertmanager. Firing
 * alerts of a blocking severity fail the check, other firing alerts warn; silenced and inhibited alerts are
 * listed and count only when the definition says so.
 */
public final class AlertsCheckType implements CheckType {
    /** The metric of firing alerts of a blocking severity. */
    public static final String BLOCKING_ALERTS = "blockingAlerts";

    /** The metric of firing alerts of any other severity. */
    public static final String OTHER_FIRING_ALERTS = "otherFiringAlerts";

    /** The informational measurement of matching alerts that are silenced or inhibited. */
    public static final String SUPPRESSED_ALERTS = "suppressedAlerts";

    /** The path of the alerts in Alertmanager's API, below its base URL. */
    static final String ALERTS_PATH = "/api/v2/alerts";

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public String description() {
        return "No alert matching the release's labels fires in Alertmanager";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(
                ThresholdSpec.above(
                        BLOCKING_ALERTS,
                        Unit.NUMBER,
                        null,
                        1.0,
                        "matching alerts firing with a blocking severity (blockingSeverities)"),
                ThresholdSpec.above(
                        OTHER_FIRING_ALERTS,
                        Unit.NUMBER,
                        1.0,
                        null,
                        "matching alerts firing with any other severity, or none"));
    }

    @Override
    public Check create(final Settings settings) {
        String urlText =
                settings.requiredString("url", "Alertmanager's base URL, such as https://alertmanager.example.com");
        URI base = parseUrl(settings, urlText);
        List<AlertMatcher> matchers = readMatchers(settings);
        Set<String> severities = readSeverities(settings);
        boolean includeSilenced = settings.bool("includeSilenced", false);
        Optional<String> credentials = settings.optionalString("credentials");
        Optional<HttpAuthentication> authentication = settings.has("authentication")
                ? Optional.of(settings.choice("authentication", HttpAuthentication.class, HttpAuthentication.BASIC))
                : Optional.empty();
        if (authentication.isPresent() && credentials.isEmpty()) {
            settings.problem(
                    "authentication", "is set but 'credentials' is not: name the credentials id to authenticate with");
        }
        HttpRedirects redirects = settings.choice("followRedirects", HttpRedirects.class, HttpRedirects.NEVER);
        return new AlertsCheck(
                base,
                matchers,
                severities,
                includeSilenced,
                credentials.orElse(null),
                authentication.orElse(null),
                redirects);
    }

    private static URI parseUrl(final Settings settings, final String text) {
        URI invalid = URI.create("http://invalid.invalid");
        // the base URL without a trailing slash, so that the API path is appended to it
        if (text.isEmpty()) {
            return invalid;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                settings.problem("url", "'" + Urls.withoutSecrets(text) + "' is not an http or https URL with a host");
                return invalid;
            }
            if (uri.getUserInfo() != null) {
                settings.problem(
                        "url",
                        "the URL contains a user name or password: never write secrets in a definition; use 'credentials'");
                return invalid;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                settings.problem(
                        "url",
                        "'" + Urls.withoutSecrets(text)
                                + "' has a query or fragment: give Alertmanager's base URL only; the check asks "
                                + ALERTS_PATH + " below it with the matchers as filters");
                return invalid;
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.endsWith("/api/v2/alerts") || path.endsWith("/api/v2") || path.endsWith("/api/v1/alerts")) {
                settings.problem(
                        "url",
                        "'" + text + "' names an API path: give Alertmanager's base URL (with its route prefix, if"
                                + " any), such as https://alertmanager.example.com; the check appends " + ALERTS_PATH);
                return invalid;
            }
            return URI.create(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException exception) {
            settings.problem("url", "'" + Urls.withoutSecrets(text) + "' is not a valid URL: " + exception.getReason());
            return invalid;
        }
    }

    private static List<AlertMatcher> readMatchers(final Settings settings) {
        Optional<Node> written = writtenValue(settings, "matchers");
        if (written.isPresent() && written.get() instanceof MappingNode) {
            settings.markKnown("matchers");
            settings.problem(
                    "matchers",
                    "is a mapping: write one Alertmanager matcher per list item, such as"
                            + " [service=orders, env=production] or, one per line, - alertname!~\"Watchdog|InfoInhibitor\"");
            return List.of();
        }
        if (written.isEmpty()) {
            settings.markKnown("matchers");
            settings.problem(
                    "matchers",
                    "is required: add 'matchers:' with the labels of the release's alerts, such as"
                            + " [service=orders, env=production]; to look at every alert, write ['alertname=~\".+\"']");
            return List.of();
        }
        List<AlertMatcher> matchers = new ArrayList<>();
        List<String> texts = settings.stringList("matchers");
        for (String text : texts) {
            try {
                matchers.add(AlertMatcher.parse(text));
            } catch (IllegalArgumentException exception) {
                settings.itemProblem("matchers", text, exception.getMessage());
            }
        }
        if (written.get() instanceof SequenceNode sequence
                && sequence.getValue().isEmpty()) {
            settings.problem(
                    "matchers",
                    "is empty: give at least one matcher, such as service=orders; to look at every alert, write"
                            + " ['alertname=~\".+\"']");
        }
        return matchers;
    }

    /** Returns the YAML value written for a key, whatever its shape, without marking the key as known. */
    private static Optional<Node> writtenValue(final Settings settings, final String key) {
        if (!(settings.node() instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        return mapping.getValue().stream()
                .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode name && key.equals(name.getValue()))
                .map(NodeTuple::getValueNode)
                .findFirst();
    }

    private static Set<String> readSeverities(final Settings settings) {
        if (!settings.has("blockingSeverities")) {
            return Set.of("critical");
        }
        Set<String> severities = new LinkedHashSet<>();
        for (String severity : settings.stringList("blockingSeverities")) {
            if (severity.isBlank()) {
                settings.itemProblem("blockingSeverities", severity, "is empty: give a severity such as critical");
            } else {
                severities.add(severity.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (severities.isEmpty()) {
            settings.problem(
                    "blockingSeverities",
                    "lists no severity: give at least one, such as [critical, page]; to let no alert block, set"
                            + " thresholds blockingAlerts to {fail: never} instead");
        }
        return severities;
    }
}
