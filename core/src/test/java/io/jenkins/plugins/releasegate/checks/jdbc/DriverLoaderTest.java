package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Status;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Loading drivers by class name, as in Jenkins where they come from library plugins.
 */
class DriverLoaderTest {
    @Test
    void shouldGiveAClearErrorWhenNoDriverIsAvailable() {
        // Given a class loader that sees no JDBC driver
        ClassLoader empty = new ClassLoader(null) {};
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(empty);
        try {
            JdbcUrl url = url("jdbc:mysql://db:3306/?useSSL=false");

            // When / Then
            assertThatThrownBy(() -> DriverLoader.load(url, empty))
                    .isInstanceOfSatisfying(CheckException.class, exception -> {
                        assertThat(exception.getStatus()).isEqualTo(Status.ERROR);
                        assertThat(exception)
                                .hasMessage("No JDBC driver for jdbc:mysql://db:3306/ is available: MySQL Connector/J "
                                        + "(com.mysql.cj.jdbc.Driver) nor MariaDB Connector/J (org.mariadb.jdbc.Driver) is on the class path. With the "
                                        + "CLI use release-gate.jar, which includes the PostgreSQL and MariaDB drivers; elsewhere put the driver on the "
                                        + "class path, such as with the PostgreSQL API or MySQL API library plugin");
                    });
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void shouldFallBackOnMariaDbConnectorForMySqlUrls() throws Exception {
        // Given the class path of core, which has MariaDB Connector/J but not MySQL Connector/J
        JdbcUrl url = url("jdbc:mysql://db:3306/?useSSL=false");

        // When
        DriverLoader.LoadedDriver driver = DriverLoader.load(url, DriverLoaderTest.class.getClassLoader());

        // Then
        assertThat(driver.description()).isEqualTo("MariaDB Connector/J");
        assertThat(driver.driver().getClass().getName()).isEqualTo("org.mariadb.jdbc.Driver");
        assertThat(driver.url()).isEqualTo("jdbc:mariadb://db:3306/?useSSL=false");
        assertThat(driver.driver().acceptsURL(driver.url())).isTrue();
    }

    @Test
    void shouldFindTheDriverThroughTheContextClassLoaderWhenTheFirstSeesNone() throws Exception {
        // Given a first class loader that sees no driver, and a context class loader that does
        ClassLoader empty = new ClassLoader(null) {};

        // When
        DriverLoader.LoadedDriver driver = DriverLoader.load(url("jdbc:postgresql://db:5432/orders"), empty);

        // Then
        assertThat(driver.description()).isEqualTo("PostgreSQL JDBC driver");
        assertThat(driver.driver().getClass().getName()).isEqualTo("org.postgresql.Driver");
    }

    private static JdbcUrl url(final String text) {
        return JdbcUrl.parse(text, EnumSet.allOf(JdbcUrl.Scheme.class)).url().orElseThrow();
    }
}
