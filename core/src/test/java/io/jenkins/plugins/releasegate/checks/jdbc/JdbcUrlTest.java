package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Validating the JDBC URLs of gate definitions: the schemes a check supports, no secrets, and the form
 * shown in reports.
 */
class JdbcUrlTest {
    private static final Set<JdbcUrl.Scheme> ALL = EnumSet.allOf(JdbcUrl.Scheme.class);
    private static final Set<JdbcUrl.Scheme> POSTGRESQL_AND_MARIADB =
            EnumSet.of(JdbcUrl.Scheme.POSTGRESQL, JdbcUrl.Scheme.MARIADB);

    @Test
    void shouldAcceptTheSupportedSchemesAndShowThemWithoutParameters() {
        // When
        JdbcUrl postgresql = JdbcUrl.parse("  jdbc:postgresql://db:5432/orders?ssl=true&sslmode=verify-full ", ALL)
                .url()
                .orElseThrow();
        JdbcUrl mariadb = JdbcUrl.parse("JDBC:MARIADB://db:3306/", ALL).url().orElseThrow();
        JdbcUrl mysql = JdbcUrl.parse("jdbc:mysql://db:3306/orders?useSSL=true", ALL)
                .url()
                .orElseThrow();

        // Then
        assertThat(postgresql.scheme()).isEqualTo(JdbcUrl.Scheme.POSTGRESQL);
        assertThat(postgresql.family()).isEqualTo(JdbcUrl.Family.POSTGRESQL);
        assertThat(postgresql.url()).isEqualTo("jdbc:postgresql://db:5432/orders?ssl=true&sslmode=verify-full");
        assertThat(postgresql.display()).isEqualTo("jdbc:postgresql://db:5432/orders");
        assertThat(postgresql).hasToString("jdbc:postgresql://db:5432/orders");
        assertThat(mariadb.scheme()).isEqualTo(JdbcUrl.Scheme.MARIADB);
        assertThat(mariadb.family()).isEqualTo(JdbcUrl.Family.MYSQL);
        assertThat(mysql.scheme()).isEqualTo(JdbcUrl.Scheme.MYSQL);
        assertThat(mysql.display()).isEqualTo("jdbc:mysql://db:3306/orders");
    }

    @Test
    void shouldNameTheSchemesTheCheckSupportsWhenAUrlIsNotOne() {
        // When
        JdbcUrl.Result oracle = JdbcUrl.parse("jdbc:oracle:thin:@db:1521/orders", ALL);
        JdbcUrl.Result mysql = JdbcUrl.parse("jdbc:mysql://db:3306/batch", POSTGRESQL_AND_MARIADB);
        JdbcUrl.Result withoutHost = JdbcUrl.parse("jdbc:postgresql:orders", EnumSet.of(JdbcUrl.Scheme.POSTGRESQL));

        // Then
        assertThat(oracle.url()).isEmpty();
        assertThat(oracle.problem())
                .hasValue(
                        "'jdbc:oracle:thin:@db:1521/orders' is not a supported JDBC URL: write "
                                + "jdbc:postgresql://HOST:5432/DATABASE, jdbc:mariadb://HOST:3306/DATABASE or jdbc:mysql://HOST:3306/DATABASE");
        assertThat(mysql.problem())
                .hasValue("'jdbc:mysql://db:3306/batch' is not a supported JDBC URL: write "
                        + "jdbc:postgresql://HOST:5432/DATABASE or jdbc:mariadb://HOST:3306/DATABASE");
        assertThat(withoutHost.problem())
                .hasValue("'jdbc:postgresql:orders' is not a supported JDBC URL: write "
                        + "jdbc:postgresql://HOST:5432/DATABASE");
    }

    @Test
    void shouldRejectPasswordsAndUserInformationWithoutShowingThem() {
        // Given
        List<String> withPasswords = List.of(
                "jdbc:postgresql://db/orders?user=monitor&password=Hunter2-Secret",
                "jdbc:postgresql://db/orders?sslmode=require&sslpassword=Hunter2-Secret",
                "jdbc:mariadb://db:3306/?trustStorePassword=Hunter2-Secret",
                "jdbc:mysql://db:3306/?PWD=Hunter2-Secret",
                "jdbc:mariadb://db:3306/orders;password=Hunter2-Secret",
                "jdbc:mysql://db:3306/orders?user=monitor&password1=Hunter2-Secret",
                "jdbc:mysql://address=(host=db)(port=3306)(password=Hunter2-Secret)/orders",
                "jdbc:mysql://(host=db,port=3306,password=Hunter2-Secret)/orders");
        List<String> withUserInformation =
                List.of("jdbc:mysql://monitor:Hunter2-Secret@db:3306/", "jdbc:mariadb://monitor@db:3306/");

        // When / Then
        assertThat(withPasswords)
                .allSatisfy(
                        url -> assertThat(JdbcUrl.parse(url, ALL).problem())
                                .hasValue(
                                        "the URL holds a password: "
                                                + "remove it and name the database account under 'credentials'; the URL is shown in reports, a password must not be"));
        assertThat(withUserInformation)
                .allSatisfy(url -> assertThat(JdbcUrl.parse(url, ALL).problem())
                        .hasValue("the URL holds a user "
                                + "name or password before the host: remove it and name the database account under 'credentials'; the URL is shown in "
                                + "reports, a password must not be"));
        assertThat(JdbcUrl.parse("jdbc:postgresql://db/passwords?user=monitor", ALL)
                        .problem())
                .isEmpty();
    }

    @Test
    void shouldMaskSecretsInTheUrlsItShowsInProblems() {
        // When / Then
        assertThat(JdbcUrl.display("jdbc:oracle:thin:scott/Hunter2-Secret@db:1521/orcl"))
                .isEqualTo("jdbc:oracle:thin:****@db:1521/orcl");
        assertThat(JdbcUrl.display("jdbc:oracle:thin:@db:1521/orders")).isEqualTo("jdbc:oracle:thin:@db:1521/orders");
        assertThat(JdbcUrl.display("jdbc:sqlserver://db:1433;user=sa;password=Hunter2-Secret"))
                .isEqualTo("jdbc:sqlserver://db:1433");
        assertThat(JdbcUrl.parse("jdbc:db2://admin:Hunter2-Secret@db:50000/orders", ALL)
                        .problem())
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("'jdbc:db2://****@db:50000/orders' is not a supported JDBC URL")
                        .doesNotContain("Hunter2"));
    }

    @Test
    void shouldNotBeCreatedForAnotherScheme() {
        // When / Then
        assertThatThrownBy(() -> new JdbcUrl("jdbc:mariadb://db:3306/", JdbcUrl.Scheme.POSTGRESQL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a jdbc:postgresql:// URL: jdbc:mariadb://db:3306/");
        assertThatThrownBy(() -> new JdbcUrl("jdbc:postgresql:orders", JdbcUrl.Scheme.POSTGRESQL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldOfferTheDriversOfEachSchemeWithTheUrlEachAccepts() {
        // Given
        JdbcUrl mysql =
                JdbcUrl.parse("jdbc:mysql://db:3306/?useSSL=false", ALL).url().orElseThrow();
        JdbcUrl mariadb = JdbcUrl.parse("jdbc:mariadb://db:3306/", ALL).url().orElseThrow();
        JdbcUrl postgresql =
                JdbcUrl.parse("jdbc:postgresql://db/orders", ALL).url().orElseThrow();

        // When / Then
        assertThat(mysql.driverCandidates())
                .containsExactly(
                        new JdbcUrl.DriverCandidate(
                                "com.mysql.cj.jdbc.Driver", "MySQL Connector/J", "jdbc:mysql://db:3306/?useSSL=false"),
                        new JdbcUrl.DriverCandidate(
                                "org.mariadb.jdbc.Driver",
                                "MariaDB Connector/J",
                                "jdbc:mariadb://db:3306/?useSSL=false"));
        assertThat(mariadb.driverCandidates())
                .extracting(JdbcUrl.DriverCandidate::className)
                .containsExactly("org.mariadb.jdbc.Driver", "com.mysql.cj.jdbc.Driver");
        assertThat(postgresql.driverCandidates())
                .containsExactly(new JdbcUrl.DriverCandidate(
                        "org.postgresql.Driver", "PostgreSQL JDBC driver", "jdbc:postgresql://db/orders"));
    }
}
