package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.gate.GateEnding;
import io.jenkins.plugins.releasegate.gate.GateHost;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import io.jenkins.plugins.releasegate.spi.Quantity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Hosts a checks-only gate in a terminal: the checks run on the calling thread, their progress and the
 * results table go to a terminal stream, and the reports are written to a directory. The command line
 * does not wait for approval, so the session never needs a timer or a background thread here.
 */
final class TerminalGateHost implements GateHost {
    private final GateEnvironment environment;
    private final PrintWriter terminal;
    private final Path reports;

    /**
     * Runs a gate's checks without approval in a terminal, writes the reports, and prints the results table
     * and how the gate ended.
     *
     * @param gate the gate
     * @param release the release being deployed, or {@code null}
     * @param environment what the checks may use
     * @param terminal where progress and the results table go
     * @param reports the directory of the report files
     * @return the checks' result
     * @throws IOException if the reports cannot be written
     * @throws InterruptedException if the run was interrupted
     */
    static GateResult runChecksOnly(
            final GateDefinition gate,
            @CheckForNull final String release,
            final GateEnvironment environment,
            final PrintWriter terminal,
            final Path reports)
            throws IOException, InterruptedException {
        GateSession session =
                GateSession.checksOnly(gate, release, new TerminalGateHost(environment, terminal, reports));
        try {
            session.runChecks();
        } catch (UncheckedIOException exception) {
            throw exception.getCause();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("the checks of " + gate.getName() + " were interrupted");
        }
        Optional<GateResult> result = session.getEvidence();
        if (result.isEmpty()) {
            throw new IllegalStateException(
                    session.getEnding().map(GateEnding::message).orElse("the checks did not run"));
        }
        return result.get();
    }

    /**
     * Creates the host.
     *
     * @param environment what the checks may use
     * @param terminal where progress and the results table go
     * @param reports the directory of the report files
     */
    TerminalGateHost(final GateEnvironment environment, final PrintWriter terminal, final Path reports) {
        this.environment = environment;
        this.terminal = terminal;
        this.reports = reports;
    }

    @Override
    public GateEnvironment environment(final boolean withWorkspace) {
        return environment;
    }

    @Override
    public GateListener progress() {
        return new GateListener() {
            @Override
            public void finished(final CheckOutcome outcome) {
                log(String.format(
                        "  %-5s %s (%s)", outcome.status(), outcome.id(), Quantity.format(outcome.duration())));
            }
        };
    }

    @Override
    public Clock clock() {
        return environment.getClock();
    }

    @Override
    public void log(final String line) {
        synchronized (terminal) {
            terminal.println(PrintableText.of(line));
            terminal.flush();
        }
    }

    @Override
    public void persist(final GateSession session) {
        session.report().ifPresent(report -> {
            try {
                new ReportFiles().write(report, reports);
            } catch (IOException exception) {
                throw new UncheckedIOException("Cannot write the reports to " + reports, exception);
            }
        });
    }

    @Override
    public Scheduled schedule(final Duration delay, final Runnable task) {
        throw new IllegalStateException("the command line runs checks only and never waits for approval");
    }

    @Override
    public void execute(final Runnable task) {
        throw new IllegalStateException("the command line runs checks only and never confirms an approval");
    }

    @Override
    public void end(final GateEnding gateEnding) {
        // the session has logged the ending; the command answers with the verdict's exit code
    }
}
