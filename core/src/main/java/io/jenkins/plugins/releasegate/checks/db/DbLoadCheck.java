package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.check.Check;
import io.jenkins.plugins.releasegate.check.CheckContext;
import io.jenkins.plugins.releasegate.check.CheckException;
import io.jenkins.plugins.releasegate.check.CheckResult;
import io.jenkins.plugins.releasegate.check.Credentials;
import io.jenkins.plugins.releasegate.check.Quantity;
import io.jenkins.plugins.releasegate.check.Unit;
import java.util.List;

/**
 * One configured {@code dbLoad} check: connects once, reads a snapshot with the family's reader, judges it
 * with the family's evaluation, and reports the cost of the measurement.
 */
final class DbLoadCheck implements Check {
    private final DbLoadSettings settings;

    DbLoadCheck(final DbLoadSettings settings) {
        this.settings = settings;
    }

    DbLoadSettings settings() {
        return settings;
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, InterruptedException {
        Credentials credentials = context.credentials(settings.credentialsId());
        String user = credentials.getUsername().orElseThrow(() -> new CheckException("The credentials '" + settings.credentialsId()
                + "' have no user name: give user name and password credentials of the monitoring account"));
        Timeouts timeouts = Timeouts.fittedInto(context.timeout());
        long start = System.nanoTime();
        context.log("connecting to " + settings.url().display());
        try (DatabaseSession session = DatabaseSession.open(settings.url(), user, credentials.getSecret().reveal(), timeouts,
                DbLoadCheck.class.getClassLoader())) {
            Evaluation evaluation;
            if (settings.url().family() == DatabaseUrl.Family.POSTGRESQL) {
                PostgresSnapshot snapshot = PostgresReader.read(session, context.thresholds(), settings.sampleInterval());
                evaluation = PostgresEvaluation.evaluate(snapshot, context.thresholds(), settings);
            }
            else {
                MySqlSnapshot snapshot = MySqlReader.read(session, settings.sampleInterval());
                evaluation = MySqlEvaluation.evaluate(snapshot, context.thresholds(), settings);
            }
            String cost = "measured over 1 connection with " + session.statements() + " statements in " + session.roundTrips()
                    + (session.roundTrips() == 1 ? " round trip in " : " round trips in ") + Quantity.format((System.nanoTime() - start) / 1e9, Unit.SECONDS)
                    + " (sample interval " + Quantity.format(settings.sampleInterval()) + ")";
            context.log(cost);
            return evaluation.toResult(List.of(cost));
        }
    }
}
