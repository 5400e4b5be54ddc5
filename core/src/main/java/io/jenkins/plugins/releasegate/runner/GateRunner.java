package io.jenkins.plugins.releasegate.runner;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a gate's checks concurrently, each under its own timeout and all under the gate's overall
 * deadline. A check that throws, hangs or times out becomes ERROR with the reason; one check never
 * crashes the gate or delays the verdict past its timeout.
 *
 * <p>A check that ignores interruption keeps its thread until it returns; that thread is a daemon and
 * its late result is discarded.</p>
 */
public final class GateRunner {
    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * Runs every check of a gate.
     *
     * @param gate the gate
     * @param environment what the checks may use
     * @param listener hears about progress
     * @return the result with its verdict
     * @throws InterruptedException if the calling thread is interrupted; running checks are interrupted too
     */
    public GateResult run(final GateDefinition gate, final GateEnvironment environment, final GateListener listener)
            throws InterruptedException {
        return run(gate, gate.getChecks(), environment, listener);
    }

    /**
     * Runs some checks of a gate, such as those that need no workspace when the evidence is refreshed.
     *
     * @param gate the gate
     * @param checks the checks to run, all of the gate
     * @param environment what the checks may use
     * @param listener hears about progress
     * @return the result of these checks with their verdict
     * @throws InterruptedException if the calling thread is interrupted; running checks are interrupted too
     */
    public GateResult run(
            final GateDefinition gate,
            final List<CheckDefinition> checks,
            final GateEnvironment environment,
            final GateListener listener)
            throws InterruptedException {
        Instant startedAt = environment.getClock().instant();
        long start = System.nanoTime();
        long gateDeadline = start + gate.getTimeout().toNanos();
        ExecutorService executor = Executors.newCachedThreadPool(threadFactory());
        try {
            List<Future<CheckOutcome>> futures = new ArrayList<>();
            List<AtomicBoolean> reported = new ArrayList<>();
            for (CheckDefinition check : checks) {
                notify(() -> listener.started(check));
                AtomicBoolean done = new AtomicBoolean();
                reported.add(done);
                futures.add(executor.submit(() -> report(runOne(check, environment), done, listener)));
            }
            List<CheckOutcome> outcomes = new ArrayList<>();
            for (int index = 0; index < checks.size(); index++) {
                CheckDefinition check = checks.get(index);
                long checkDeadline = start + check.getTimeout().toNanos();
                CheckOutcome outcome = await(
                        futures.get(index),
                        check,
                        startedAt,
                        start,
                        Math.min(checkDeadline, gateDeadline),
                        gateDeadline < checkDeadline,
                        gate.getTimeout());
                outcomes.add(outcome);
                report(outcome, reported.get(index), listener);
            }
            return new GateResult(
                    gate.getName(),
                    startedAt,
                    environment.getClock().instant(),
                    gate.getOnError(),
                    outcomes,
                    gate.getNotes());
        } finally {
            executor.shutdownNow();
        }
    }

    private static CheckOutcome await(
            final Future<CheckOutcome> future,
            final CheckDefinition check,
            final Instant startedAt,
            final long start,
            final long deadline,
            final boolean gateDeadlineFirst,
            final Duration gateTimeout)
            throws InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException exception) {
            future.cancel(true);
            String reason = gateDeadlineFirst
                    ? "did not finish before the gate's overall deadline of " + Quantity.format(gateTimeout)
                    : "did not finish within its timeout of " + Quantity.format(check.getTimeout());
            return outcome(
                    check,
                    CheckResult.error("Timed out: " + reason + "; nothing was measured"),
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (ExecutionException exception) {
            return outcome(
                    check,
                    CheckResult.error("The check could not run: " + describe(exception.getCause())),
                    startedAt,
                    Duration.ZERO);
        } catch (InterruptedException exception) {
            future.cancel(true);
            throw exception;
        }
    }

    private static CheckOutcome report(
            final CheckOutcome outcome, final AtomicBoolean done, final GateListener listener) {
        if (done.compareAndSet(false, true)) {
            notify(() -> listener.finished(outcome));
        }
        return outcome;
    }

    /** A listener that throws must not break the gate: progress is a courtesy, the verdict is not. */
    private static void notify(final Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException exception) {
            // the listener's own fault; the run goes on
        }
    }

    private static CheckOutcome runOne(final CheckDefinition check, final GateEnvironment environment) {
        CheckContext context = new CheckContext(environment, check.getId(), check.getTimeout(), check.getThresholds());
        Instant startedAt = environment.getClock().instant();
        long start = System.nanoTime();
        CheckResult result;
        try {
            result = check.getCheck().run(context);
            if (result == null) {
                result = CheckResult.error("The check returned no result");
            }
        } catch (CheckException exception) {
            result = CheckResult.of(exception.getStatus(), exception.getMessage());
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            result = CheckResult.error("Interrupted before it finished; nothing was measured");
        } catch (Throwable throwable) { // any Error too: its message must be redacted like the others
            result = CheckResult.error("The check failed unexpectedly: " + describe(throwable));
        }
        result = result.redact(context.secrets());
        return outcome(check, result, startedAt, Duration.ofNanos(System.nanoTime() - start));
    }

    private static CheckOutcome outcome(
            final CheckDefinition check, final CheckResult result, final Instant startedAt, final Duration duration) {
        return new CheckOutcome(
                check.getId(),
                check.getType().name(),
                check.isRequired(),
                check.getDescription(),
                result,
                startedAt,
                duration);
    }

    private static String describe(final Throwable throwable) {
        String message = throwable.getMessage();
        String name = throwable.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    private static ThreadFactory threadFactory() {
        int run = RUNS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "release-gate-" + run + "-check-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
