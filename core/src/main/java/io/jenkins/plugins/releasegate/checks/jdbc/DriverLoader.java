package io.jenkins.plugins.releasegate.checks.jdbc;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckException;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a JDBC driver by class name instead of through {@link java.sql.DriverManager}, so that core works
 * with drivers supplied by its host (in Jenkins, library plugins whose classes {@code DriverManager} does
 * not see) and reports clearly when none is there.
 */
public final class DriverLoader {
    private DriverLoader() {}

    /**
     * A driver ready to connect.
     *
     * @param driver the driver
     * @param description its name for messages
     * @param url the URL in the scheme it accepts
     */
    public record LoadedDriver(Driver driver, String description, String url) {}

    /**
     * Loads the first available driver for a URL.
     *
     * @param url the database URL
     * @param classLoader where to look first; the thread's context class loader is tried next
     * @return the driver
     * @throws CheckException ERROR if no driver is available, saying which and how to provide one
     */
    public static LoadedDriver load(final JdbcUrl url, final ClassLoader classLoader) throws CheckException {
        List<String> tried = new ArrayList<>();
        for (JdbcUrl.DriverCandidate candidate : url.driverCandidates()) {
            Driver driver = instantiate(candidate.className(), classLoader);
            if (driver == null) {
                driver = instantiate(
                        candidate.className(), Thread.currentThread().getContextClassLoader());
            }
            if (driver != null) {
                return new LoadedDriver(driver, candidate.description(), candidate.url());
            }
            tried.add(candidate.description() + " (" + candidate.className() + ")");
        }
        throw new CheckException(
                "No JDBC driver for " + url.display() + " is available: " + String.join(" nor ", tried)
                        + " is on the class path. With the CLI use release-gate.jar, which includes the PostgreSQL and MariaDB drivers; "
                        + "elsewhere put the driver on the class path, such as with the PostgreSQL API or MySQL API library plugin");
    }

    @CheckForNull
    private static Driver instantiate(final String className, @CheckForNull final ClassLoader classLoader) {
        if (classLoader == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className, true, classLoader);
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException exception) {
            return null;
        }
    }
}
