package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.ThresholdSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code dbLoad} check type: is the database already loaded, saturated, locked or lagging before a
 * release adds to it? PostgreSQL, MySQL and MariaDB; see docs/checks/db-load.md.
 *
 * <pre>{@code
 * - id: orders-db
 *   type: dbLoad
 *   url: jdbc:postgresql://db.example.com:5432/orders
 *   credentials: orders-db-monitor
 *   role: primary
 *   expectStandbys: 1
 *   sampleInterval: 5s
 *   thresholds: {connectionsUsed: {warn: 70%, fail: 85%}}
 * }</pre>
 */
public final class DbLoadCheckType implements CheckType {
    /** The type name used in gate definitions. */
    public static final String NAME = "dbLoad";
    /** The URL schemes of the databases measured. */
    static final Set<JdbcUrl.Scheme> SCHEMES = EnumSet.allOf(JdbcUrl.Scheme.class);
    /** The longest sample interval accepted. */
    static final Duration MAX_SAMPLE_INTERVAL = Duration.ofSeconds(60);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Database load before a release (PostgreSQL, MySQL, MariaDB): connections, long queries and transactions, "
                + "idle transactions, lock waits, replication lag and role, wraparound, rates";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return Metrics.SPECS;
    }

    @Override
    public Check create(final Settings settings) {
        String urlText = settings.requiredString(
                "url", "the JDBC URL of the database, such as jdbc:postgresql://db.example.com:5432/orders");
        Optional<JdbcUrl> url = Optional.empty();
        if (!urlText.isBlank()) {
            JdbcUrl.Result parsed = JdbcUrl.parse(urlText, SCHEMES);
            parsed.problem().ifPresent(problem -> settings.problem("url", problem));
            url = parsed.url();
        }
        String credentials = settings.requiredString(
                "credentials",
                "the id of the monitoring account's user name and password (CLI: RELEASE_GATE_<ID>_USERNAME and _PASSWORD)");
        Optional<Role> role = settings.has("role")
                ? Optional.of(settings.choice("role", Role.class, Role.PRIMARY))
                : Optional.empty();
        Optional<Integer> expectStandbys = settings.optionalInteger("expectStandbys", 0, 100);
        if (expectStandbys.isPresent() && role.orElse(Role.PRIMARY) == Role.STANDBY) {
            settings.problem(
                    "expectStandbys",
                    "counts the standbys streaming from a primary, but 'role' is standby: remove expectStandbys "
                            + "or check the primary instead");
        }
        Duration sampleInterval = sampleInterval(settings);
        Duration timeout = settings.checkTimeout();
        if (sampleInterval.isNegative()) {
            settings.problem(
                    "sampleInterval", "must not be negative: use a duration such as 5s, or 0 to turn rates off");
        } else if (sampleInterval.compareTo(MAX_SAMPLE_INTERVAL) > 0) {
            settings.problem(
                    "sampleInterval",
                    Quantity.format(sampleInterval) + " is too long: use at most "
                            + Quantity.format(MAX_SAMPLE_INTERVAL) + ", or 0 to turn rates off");
        } else if (!timeout.isZero()
                && !timeout.isNegative()
                && sampleInterval.multipliedBy(2).compareTo(timeout) > 0) {
            settings.problem(
                    "sampleInterval",
                    Quantity.format(sampleInterval) + " leaves too little of the check's timeout of "
                            + Quantity.format(timeout)
                            + " to connect and query: use at most half the timeout, or raise 'timeout'");
        }
        url.ifPresent(databaseUrl -> checkThresholdMetrics(settings, databaseUrl.family()));
        if (url.isEmpty() || credentials.isBlank()) {
            return context -> {
                throw new IllegalStateException("invalid dbLoad settings");
            };
        }
        return new DbLoadCheck(new DbLoadSettings(url.get(), credentials.trim(), role, expectStandbys, sampleInterval));
    }

    private static Duration sampleInterval(final Settings settings) {
        Optional<String> text = settings.optionalString("sampleInterval");
        if (text.isEmpty()) {
            return DbLoadSettings.DEFAULT_SAMPLE_INTERVAL;
        }
        if (text.get().trim().matches("0+")) {
            return Duration.ZERO;
        }
        try {
            return Quantity.parseDuration(text.get());
        } catch (IllegalArgumentException exception) {
            settings.problem(
                    "sampleInterval", exception.getMessage().replace("such as 500ms", "such as 0 (no rates), 500ms"));
            return DbLoadSettings.DEFAULT_SAMPLE_INTERVAL;
        }
    }

    /**
     * Reports thresholds of metrics that are never measured on the URL's database family, since such a
     * threshold would silently do nothing.
     */
    private static void checkThresholdMetrics(final Settings settings, final JdbcUrl.Family family) {
        Set<String> notMeasured = family == JdbcUrl.Family.POSTGRESQL ? Metrics.MYSQL_ONLY : Metrics.POSTGRESQL_ONLY;
        if (!(settings.node() instanceof MappingNode mapping)) {
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key
                    && "thresholds".equals(key.getValue())
                    && tuple.getValueNode() instanceof MappingNode thresholds) {
                List<String> wrong = new ArrayList<>();
                for (NodeTuple metric : thresholds.getValue()) {
                    if (metric.getKeyNode() instanceof ScalarNode name && notMeasured.contains(name.getValue())) {
                        wrong.add(name.getValue());
                    }
                }
                if (!wrong.isEmpty()) {
                    settings.problem(
                            "thresholds",
                            String.join(", ", wrong) + (wrong.size() == 1 ? " is" : " are")
                                    + " not measured on " + family.displayName() + ": remove "
                                    + (wrong.size() == 1 ? "it" : "them")
                                    + " (see the metric table in docs/checks/db-load.md)");
                }
            }
        }
    }
}
