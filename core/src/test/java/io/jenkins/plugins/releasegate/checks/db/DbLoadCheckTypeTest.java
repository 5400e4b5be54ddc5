package io.jenkins.plugins.releasegate.checks.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcTimeouts;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reading and validating dbLoad settings through the gate definition loader, and the parts of a run that
 * need no server.
 */
class DbLoadCheckTypeTest {
    @Test
    void shouldReadEverySetting() throws Exception {
        // Given
        String yaml = check(
                "url: jdbc:postgresql://db.example.com:5432/orders",
                "credentials: orders-db-monitor",
                "role: primary",
                "expectStandbys: 2",
                "sampleInterval: 2s",
                "thresholds: {connectionsUsed: {warn: 70%, fail: 85%}, longestQuery: {warn: 1m}}");

        // When
        GateDefinition definition = load(yaml);

        // Then
        DbLoadSettings settings = ((DbLoadCheck) definition.getChecks().get(0).getCheck()).settings();
        assertThat(settings.url().family()).isEqualTo(JdbcUrl.Family.POSTGRESQL);
        assertThat(settings.credentialsId()).isEqualTo("orders-db-monitor");
        assertThat(settings.role()).contains(Role.PRIMARY);
        assertThat(settings.expectStandbys()).contains(2);
        assertThat(settings.sampleInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(definition
                        .getChecks()
                        .get(0)
                        .getThresholds()
                        .get(Metrics.CONNECTIONS_USED)
                        .warn())
                .isEqualTo(70.0);
        assertThat(definition
                        .getChecks()
                        .get(0)
                        .getThresholds()
                        .get(Metrics.LONGEST_QUERY)
                        .warn())
                .isEqualTo(60.0);
        assertThat(definition
                        .getChecks()
                        .get(0)
                        .getThresholds()
                        .get(Metrics.LONGEST_QUERY)
                        .fail())
                .isEqualTo(300.0);
    }

    @Test
    void shouldDefaultToAnyRoleAndFiveSecondSamples() throws Exception {
        // Given / When
        DbLoadSettings settings = ((DbLoadCheck) load(check("url: jdbc:mariadb://db:3306/", "credentials: monitor"))
                        .getChecks()
                        .get(0)
                        .getCheck())
                .settings();

        // Then
        assertThat(settings.url().family()).isEqualTo(JdbcUrl.Family.MYSQL);
        assertThat(settings.role()).isEmpty();
        assertThat(settings.expectedRole()).isEmpty();
        assertThat(settings.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.samplesRates()).isTrue();
    }

    @Test
    void shouldReportEveryProblemWithItsPositionAndWhatToDo() {
        // Given
        String yaml = check(
                "url: jdbc:oracle:thin:@db:1521/orders",
                "role: leader",
                "expectStandbys: -1",
                "sampleInterval: 2 minutes",
                "credential: monitor");

        // When / Then
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "gate.yaml:6:10: checks[0].url: 'jdbc:oracle:thin:@db:1521/orders' is not a supported JDBC URL: "
                                + "write jdbc:postgresql://HOST:5432/DATABASE")
                .hasMessageContaining("checks[0].credentials: is required")
                .hasMessageContaining("checks[0].role: 'leader' is not allowed: use one of primary, standby")
                .hasMessageContaining("checks[0].expectStandbys: -1 is out of range")
                .hasMessageContaining("checks[0].sampleInterval: '2 minutes' is not a duration")
                .hasMessageContaining("checks[0].credential: unknown key; did you mean 'credentials'?");
    }

    @Test
    void shouldRejectAPasswordInTheUrl() {
        // Given
        String yaml =
                check("url: jdbc:postgresql://db:5432/orders?user=monitor&password=hunter2", "credentials: monitor");

        // When / Then
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "the URL holds a password: remove it and name the database account under 'credentials'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRejectStandbysExpectedOfAStandbyAndSamplesTooLongForTheTimeout() {
        // Given
        String yaml = check(
                "url: jdbc:postgresql://db:5432/orders",
                "credentials: monitor",
                "role: standby",
                "expectStandbys: 1",
                "timeout: 10s",
                "sampleInterval: 6s");

        // When / Then
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "checks[0].expectStandbys: counts the standbys streaming from a primary, but 'role' is standby")
                .hasMessageContaining("checks[0].sampleInterval: 6s leaves too little of the check's timeout of 10s");
    }

    @Test
    void shouldRejectThresholdsOfMetricsNotMeasuredOnTheDatabase() {
        // Given
        String yaml = check(
                "url: jdbc:postgresql://db:5432/orders",
                "credentials: monitor",
                "thresholds: {threadsRunning: {warn: 10}, replicaLag: {warn: 1m}}");

        // When / Then
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "checks[0].thresholds: threadsRunning, replicaLag are not measured on PostgreSQL: remove them");
    }

    @Test
    void shouldAcceptZeroToTurnRatesOff() throws Exception {
        // Given / When
        DbLoadSettings settings = ((DbLoadCheck)
                        load(check("url: jdbc:mysql://db:3306/", "credentials: monitor", "sampleInterval: 0"))
                                .getChecks()
                                .get(0)
                                .getCheck())
                .settings();

        // Then
        assertThat(settings.samplesRates()).isFalse();
    }

    @Test
    void shouldFitTimeoutsIntoTheCheckTimeout() {
        // Given / When
        JdbcTimeouts generous = DbLoadCheck.timeouts(Duration.ofSeconds(60));
        JdbcTimeouts tight = DbLoadCheck.timeouts(Duration.ofSeconds(6));

        // Then
        assertThat(generous)
                .isEqualTo(new JdbcTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(8)));
        assertThat(tight)
                .isEqualTo(new JdbcTimeouts(
                        Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(4)));
    }

    @Test
    void shouldDeclareEveryMetricWithItsDefaults() {
        // Given / When
        DbLoadCheckType type = new DbLoadCheckType();

        // Then
        assertThat(CheckTypes.discover().get("dbLoad")).containsInstanceOf(DbLoadCheckType.class);
        assertThat(type.thresholds())
                .extracting("name")
                .doesNotHaveDuplicates()
                .containsAll(Metrics.POSTGRESQL_ONLY)
                .containsAll(Metrics.MYSQL_ONLY)
                .contains(Metrics.CONNECTIONS_USED, Metrics.LOCK_WAITERS, Metrics.LOCK_WAIT_TIME);
        assertThat(Optional.of(type.thresholds().size()))
                .contains(Metrics.POSTGRESQL_ONLY.size() + Metrics.MYSQL_ONLY.size() + 3);
    }

    private static GateDefinition load(final String yaml) throws InvalidDefinitionException {
        return new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "gate.yaml");
    }

    private static String check(final String... lines) {
        StringBuilder yaml = new StringBuilder("version: 1\nname: test\nchecks:\n  - id: db\n    type: dbLoad\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }
}
