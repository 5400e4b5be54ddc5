package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.DatabaseLogin;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcTimeouts;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.time.Duration;
import java.util.List;

/**
 * One configured {@code dbLoad} check: connects once, reads a snapshot with the family's reader, judges it
 * with the family's evaluation, and reports the cost of the measurement.
 */
final class DbLoadCheck implements Check {
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);
    private static final Duration MAX_STATEMENT = Duration.ofSeconds(5);

    private final DbLoadSettings settings;

    DbLoadCheck(final DbLoadSettings settings) {
        this.settings = settings;
    }

    DbLoadSettings settings() {
        return settings;
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, InterruptedException {
        DatabaseLogin login = DatabaseLogin.of(context, settings.credentialsId());
        long start = System.nanoTime();
        context.log("connecting to " + settings.url().display());
        try (DatabaseSession session =
                DatabaseSession.open(settings.url(), login, timeouts(context.timeout()), context.hostGuard())) {
            Evaluation evaluation;
            if (settings.url().family() == JdbcUrl.Family.POSTGRESQL) {
                PostgresSnapshot snapshot =
                        PostgresReader.read(session, context.thresholds(), settings.sampleInterval());
                evaluation = PostgresEvaluation.evaluate(snapshot, context.thresholds(), settings);
            } else {
                MySqlSnapshot snapshot = MySqlReader.read(session, settings.sampleInterval());
                evaluation = MySqlEvaluation.evaluate(snapshot, context.thresholds(), settings);
            }
            String cost =
                    "measured over 1 connection with " + session.statements() + " statements in " + session.roundTrips()
                            + (session.roundTrips() == 1 ? " round trip in " : " round trips in ")
                            + Quantity.format((System.nanoTime() - start) / 1e9, Unit.SECONDS)
                            + " (sample interval " + Quantity.format(settings.sampleInterval()) + ")";
            context.log(cost);
            return evaluation.toResult(List.of(cost));
        }
    }

    /**
     * Returns the timeouts for a check timeout: connect within a quarter of it (at most 10s), statements
     * within a sixth (at most 5s), locks 1s.
     *
     * @param checkTimeout the check's timeout
     * @return the timeouts
     */
    static JdbcTimeouts timeouts(final Duration checkTimeout) {
        return JdbcTimeouts.of(
                JdbcTimeouts.share(checkTimeout, 4, MAX_CONNECT), JdbcTimeouts.share(checkTimeout, 6, MAX_STATEMENT));
    }
}
