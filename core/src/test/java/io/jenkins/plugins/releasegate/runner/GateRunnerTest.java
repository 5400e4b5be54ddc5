package io.jenkins.plugins.releasegate.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.testing.Definitions;
import io.jenkins.plugins.releasegate.testing.ScriptedCheckType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GateRunnerTest {
    /** Only a safety net against a runner that never returns; no test claims anything about speed. */
    private static final Duration SAFETY_NET = Duration.ofSeconds(60);

    private static final String PASSWORD = "pa55-w0rd-never-shown";

    /** Lets checks that ignore interruption finish once a test is over. */
    private final CountDownLatch releaseStubbornChecks = new CountDownLatch(1);

    private final AtomicReference<Thread> stubbornThread = new AtomicReference<>();
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch hanging = new CountDownLatch(1);

    @AfterEach
    void releaseStubbornChecks() {
        releaseStubbornChecks.countDown();
    }

    private Check hangs() {
        return context -> {
            try {
                hanging.countDown();
                Thread.sleep(Long.MAX_VALUE);
                return CheckResult.of(Status.PASS, "woke up");
            } catch (InterruptedException exception) {
                interrupted.countDown();
                throw exception;
            }
        };
    }

    private Check ignoresInterruption() {
        return context -> {
            stubbornThread.set(Thread.currentThread());
            while (true) {
                try {
                    if (releaseStubbornChecks.await(1, TimeUnit.HOURS)) {
                        return CheckResult.of(Status.PASS, "finally done");
                    }
                } catch (InterruptedException exception) {
                    interrupted.countDown(); // and carry on regardless
                }
            }
        };
    }

    private static GateEnvironment environment() {
        return GateEnvironment.builder().build();
    }

    private static GateResult run(final GateDefinition gate) {
        return run(gate, environment(), GateListener.none());
    }

    private static GateResult run(
            final GateDefinition gate, final GateEnvironment environment, final GateListener listener) {
        return assertTimeoutPreemptively(SAFETY_NET, () -> new GateRunner().run(gate, environment, listener));
    }

    private static String scripted(final String id, final String script, final String extra) {
        return "  - {id: " + id + ", type: scripted, script: " + script + (extra.isEmpty() ? "" : ", " + extra) + "}\n";
    }

    private static GateDefinition gate(final String checks, final Map<String, Check> scripts) {
        return Definitions.load("version: 1\nname: orders release\nchecks:\n" + checks, scripts);
    }

    private static GateDefinition plainGate(final String header, final String... checks) {
        StringBuilder yaml = new StringBuilder("version: 1\nname: orders release\n")
                .append(header)
                .append("checks:\n");
        for (String check : checks) {
            yaml.append("  - {").append(check).append("}\n");
        }
        return Definitions.load(yaml.toString());
    }

    private static CheckOutcome outcome(final GateResult result, final String id) {
        return result.getChecks().stream()
                .filter(outcome -> outcome.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldRunChecksConcurrently() {
        // Given three checks that can only finish when all three run at the same time
        CyclicBarrier barrier = new CyclicBarrier(3);
        Check meetsTheOthers = context -> {
            barrier.await(20, TimeUnit.SECONDS);
            return CheckResult.of(Status.PASS, "met the others");
        };
        GateDefinition gate = gate(
                scripted("a", "meet", "") + scripted("b", "meet", "") + scripted("c", "meet", ""),
                Map.of("meet", meetsTheOthers));

        // When the gate runs
        GateResult result = run(gate);

        // Then every check met the others
        assertThat(result.getChecks()).extracting(CheckOutcome::id).containsExactly("a", "b", "c");
        assertThat(result.getChecks())
                .allSatisfy(outcome -> assertThat(outcome.result()).hasToString("PASS: met the others"));
        assertThat(result.getVerdict()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldFinishTheGateWhenTheListenerThrows() {
        // Given a listener that throws on every notification
        GateDefinition gate = gate(
                scripted("a", "pass", "") + scripted("b", "pass", ""),
                Map.of("pass", context -> CheckResult.of(Status.PASS, "fine")));
        GateListener broken = new GateListener() {
            @Override
            public void started(final CheckDefinition check) {
                throw new IllegalStateException("progress display is broken");
            }

            @Override
            public void finished(final CheckOutcome outcome) {
                throw new IllegalStateException("progress display is broken");
            }
        };

        // When the gate runs
        GateResult result = run(gate, environment(), broken);

        // Then both checks ran and the verdict stands
        assertThat(result.getChecks()).extracting(CheckOutcome::status).containsExactly(Status.PASS, Status.PASS);
        assertThat(result.getVerdict()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldTurnWhateverACheckThrowsIntoAResult() {
        // Given checks that throw in every possible way, and one that works
        Map<String, Check> scripts = Map.of(
                "runtime",
                        context -> {
                            throw new IllegalStateException("disk on fire");
                        },
                "checked",
                        context -> {
                            throw new java.io.IOException();
                        },
                "expected",
                        context -> {
                            throw new CheckException("cannot log in as monitor: ask the DBA for pg_monitor");
                        },
                "unreachable",
                        context -> {
                            throw new CheckException(
                                    Status.FAIL, "db:5432 is unreachable", new java.net.ConnectException());
                        },
                "error",
                        context -> {
                            throw new AssertionError("invariant broken");
                        },
                "overflow",
                        context -> {
                            throw new StackOverflowError();
                        },
                "returns-null", context -> null,
                "fine", context -> CheckResult.of(Status.PASS, "fine"));
        StringBuilder checks = new StringBuilder();
        scripts.keySet().stream().sorted().forEach(name -> checks.append(scripted(name, name, "")));
        GateDefinition gate = gate(checks.toString(), scripts);

        // When the gate runs
        GateResult result = run(gate);

        // Then each throw became a result with the reason, and the other checks were not disturbed
        assertThat(outcome(result, "runtime").result())
                .hasToString("ERROR: The check failed unexpectedly: IllegalStateException: disk on fire");
        assertThat(outcome(result, "checked").result())
                .hasToString("ERROR: The check failed unexpectedly: IOException");
        assertThat(outcome(result, "expected").result())
                .hasToString("ERROR: cannot log in as monitor: ask the DBA for pg_monitor");
        assertThat(outcome(result, "unreachable").result()).hasToString("FAIL: db:5432 is unreachable");
        assertThat(outcome(result, "error").status()).isEqualTo(Status.ERROR);
        assertThat(outcome(result, "error").result().getSummary()).contains("AssertionError: invariant broken");
        assertThat(outcome(result, "overflow").result())
                .hasToString("ERROR: The check failed unexpectedly: StackOverflowError");
        assertThat(outcome(result, "returns-null").result()).hasToString("ERROR: The check returned no result");
        assertThat(outcome(result, "fine").result()).hasToString("PASS: fine");
        assertThat(result.getVerdict()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldTimeOutACheckThatHangs() throws InterruptedException {
        // Given a check that hangs until interrupted, with a short timeout, beside a check that works
        GateDefinition gate = gate(
                scripted("stuck", "hang", "timeout: 500ms") + scripted("fine", "fine", ""),
                Map.of("hang", hangs(), "fine", context -> CheckResult.of(Status.PASS, "fine")));

        // When the gate runs
        GateResult result = run(gate);

        // Then the hanging check is ERROR with the reason and was interrupted; the other one is unaffected
        assertThat(outcome(result, "stuck").result())
                .hasToString("ERROR: Timed out: did not finish within its timeout of 500ms; nothing was measured");
        assertThat(outcome(result, "fine").status()).isEqualTo(Status.PASS);
        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the hanging check was interrupted")
                .isTrue();
        assertThat(result.getVerdict()).isEqualTo(Status.ERROR);
    }

    @Test
    void shouldNotWaitForACheckThatIgnoresInterruption() throws InterruptedException {
        // Given a check that ignores interruption and would run for an hour
        GateDefinition gate = gate(
                scripted("stubborn", "stubborn", "timeout: 500ms") + scripted("fine", "fine", ""),
                Map.of("stubborn", ignoresInterruption(), "fine", context -> CheckResult.of(Status.PASS, "fine")));

        // When the gate runs
        GateResult result = run(gate);

        // Then the verdict does not wait for it: it is ERROR, although its thread still runs
        assertThat(outcome(result, "stubborn").result())
                .hasToString("ERROR: Timed out: did not finish within its timeout of 500ms; nothing was measured");
        assertThat(outcome(result, "fine").status()).isEqualTo(Status.PASS);
        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the stubborn check was interrupted")
                .isTrue();
        assertThat(stubbornThread.get().isAlive()).isTrue();
        assertThat(stubbornThread.get().isDaemon())
                .as("a stuck check never keeps the JVM alive")
                .isTrue();
    }

    @Test
    void shouldStopAtTheGatesOverallDeadline() throws InterruptedException {
        // Given a gate whose overall deadline is shorter than its check's timeout
        GateDefinition gate = Definitions.load(
                "version: 1\nname: orders release\ntimeout: 500ms\nchecks:\n"
                        + scripted("stuck", "hang", "timeout: 10m"),
                Map.of("hang", hangs()));

        // When the gate runs
        GateResult result = run(gate);

        // Then the check is cut at the gate's deadline, saying so
        assertThat(outcome(result, "stuck").result())
                .hasToString(
                        "ERROR: Timed out: did not finish before the gate's overall deadline of 500ms; nothing was measured");
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldGiveEachCheckItsOwnTimeout() {
        // Given a slow check with a long timeout listed before a hanging check with a short one
        Check slow = context -> {
            Thread.sleep(500);
            return CheckResult.of(Status.PASS, "slow but in time");
        };
        GateDefinition gate = gate(
                scripted("slow", "slow", "timeout: 30s") + scripted("stuck", "hang", "timeout: 100ms"),
                Map.of("slow", slow, "hang", hangs()));

        // When the gate runs
        GateResult result = run(gate);

        // Then the slow check is not cut by the other's timeout, and the hanging one is
        assertThat(outcome(result, "slow").result()).hasToString("PASS: slow but in time");
        assertThat(outcome(result, "stuck").result().getSummary()).contains("within its timeout of 100ms");
    }

    @Test
    void shouldTakeTheWorstRequiredStatusAsVerdict() {
        // Given required checks of several statuses
        // When the gates run, Then the verdict is the worst status among them
        assertThat(run(plainGate("", "id: a, type: plain", "id: b, type: plain, status: warn"))
                        .getVerdict())
                .isEqualTo(Status.WARN);
        assertThat(run(plainGate("", "id: a, type: plain, status: error", "id: b, type: plain, status: fail"))
                        .getVerdict())
                .isEqualTo(Status.FAIL);
        assertThat(run(plainGate("", "id: a, type: plain, status: warn", "id: b, type: plain, status: error"))
                        .getVerdict())
                .isEqualTo(Status.ERROR);
        assertThat(run(plainGate("", "id: a, type: plain")).getVerdict()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldNeverLetAnAdvisoryCheckBlock() {
        // Given failing and erroring advisory checks beside a passing required one
        GateDefinition gate = plainGate(
                "",
                "id: ok, type: plain",
                "id: advice, type: plain, status: fail, required: false",
                "id: broken-advice, type: plain, status: error, required: false");

        // When the gate runs
        GateResult result = run(gate);

        // Then the advisory checks are reported but do not count
        assertThat(result.getVerdict()).isEqualTo(Status.PASS);
        assertThat(result.blockingChecks()).isEmpty();
        assertThat(outcome(result, "advice").status()).isEqualTo(Status.FAIL);
        assertThat(outcome(result, "advice").required()).isFalse();
        assertThat(result.countByStatus())
                .containsEntry(Status.FAIL, 1L)
                .containsEntry(Status.ERROR, 1L)
                .containsEntry(Status.PASS, 1L)
                .containsEntry(Status.WARN, 0L);

        // And a gate of advisory checks only never blocks, but passes only when they all pass: nothing
        // required was measured, so an ERROR among them cannot make a PASS
        assertThat(run(plainGate("", "id: advice, type: plain, status: error, required: false"))
                        .getVerdict())
                .isEqualTo(Status.WARN);
        assertThat(run(plainGate("", "id: advice, type: plain, required: false"))
                        .getVerdict())
                .isEqualTo(Status.PASS);
    }

    @Test
    void shouldCountErrorAsFailUnlessTheDefinitionSaysWarn() {
        // Given the same erroring check under the default policy and under 'onError: warn'
        GateDefinition failClosed = plainGate("", "id: ok, type: plain", "id: db, type: plain, status: error");
        GateDefinition lenient =
                plainGate("onError: warn\n", "id: ok, type: plain", "id: db, type: plain, status: error");

        // When both run
        GateResult blocked = run(failClosed);
        GateResult warned = run(lenient);

        // Then ERROR blocks by default and only warns when the definition says so; the check stays ERROR
        assertThat(blocked.getVerdict().isBlocking()).isTrue();
        assertThat(blocked.blockingChecks()).extracting(CheckOutcome::id).containsExactly("db");
        assertThat(warned.getVerdict()).isEqualTo(Status.WARN);
        assertThat(warned.blockingChecks()).isEmpty();
        assertThat(outcome(warned, "db").status()).isEqualTo(Status.ERROR);

        // And a FAIL still blocks under 'onError: warn'
        assertThat(run(plainGate("onError: warn\n", "id: db, type: plain, status: fail"))
                        .getVerdict())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void shouldScrubResolvedSecretsFromResultsAndLog() {
        // Given checks that put a resolved password everywhere they can
        Map<String, Check> scripts = Map.of(
                "result",
                        context -> {
                            String password =
                                    context.credentials("db").getSecret().reveal();
                            context.log("connecting with " + password);
                            return CheckResult.builder()
                                    .measurement(Measurement.informational("sessions of " + password, 3, Unit.NUMBER))
                                    .summary("logged in with " + password)
                                    .detail("password=" + password)
                                    .detail("x".repeat(CheckResult.MAX_DETAIL_LENGTH - 5) + password)
                                    .build();
                        },
                "runtime",
                        context -> {
                            throw new IllegalStateException("login failed for "
                                    + context.credentials("db").getSecret().reveal());
                        },
                "expected",
                        context -> {
                            throw new CheckException("login failed for "
                                    + context.credentials("db").getSecret().reveal());
                        },
                "error",
                        context -> {
                            throw new AssertionError("login failed for "
                                    + context.credentials("db").getSecret().reveal());
                        });
        GateDefinition gate = gate(
                scripted("result", "result", "")
                        + scripted("runtime", "runtime", "")
                        + scripted("expected", "expected", "")
                        + scripted("error", "error", ""),
                scripts);
        Queue<String> log = new ConcurrentLinkedQueue<>();
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> Credentials.usernamePassword(id, "monitor", Secret.of(PASSWORD)))
                .log(log::add)
                .build();

        // When the gate runs
        GateResult result = run(gate, environment, GateListener.none());

        // Then the password shows nowhere, only its mask
        assertThat(outcome(result, "result").result().getSummary()).isEqualTo("logged in with ****");
        assertThat(outcome(result, "result").result().getDetails()).first().isEqualTo("password=****");
        assertThat(outcome(result, "result").result().getMeasurements())
                .extracting(Measurement::name)
                .containsExactly("sessions of ****");
        assertThat(outcome(result, "runtime").result().getSummary()).endsWith("login failed for ****");
        assertThat(outcome(result, "expected").result()).hasToString("ERROR: login failed for ****");
        assertThat(outcome(result, "error").result().getSummary()).endsWith("login failed for ****");
        assertThat(log).containsExactly("[result] connecting with ****");
        for (CheckOutcome outcome : result.getChecks()) {
            CheckResult checkResult = outcome.result();
            assertThat(checkResult.getSummary()).doesNotContain(PASSWORD.substring(0, 4));
            assertThat(checkResult.getDetails()).noneMatch(line -> line.contains(PASSWORD.substring(0, 4)));
            assertThat(checkResult.getMeasurements())
                    .noneMatch(measurement -> measurement.name().contains(PASSWORD));
        }
    }

    @Test
    void shouldTellTheListenerExactlyOnceAboutEachCheck() throws InterruptedException {
        // Given checks that pass, throw, hang, and ignore interruption
        Map<String, Check> scripts = Map.of(
                "fine",
                context -> CheckResult.of(Status.PASS, "fine"),
                "throws",
                context -> {
                    throw new IllegalStateException("boom");
                },
                "hang",
                hangs(),
                "stubborn",
                ignoresInterruption());
        GateDefinition gate = gate(
                scripted("fine", "fine", "")
                        + scripted("throws", "throws", "")
                        + scripted("hang", "hang", "timeout: 500ms")
                        + scripted("stubborn", "stubborn", "timeout: 500ms"),
                scripts);
        Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();
        Map<String, Status> reported = new ConcurrentHashMap<>();
        GateListener listener = new GateListener() {
            @Override
            public void started(final CheckDefinition check) {
                started.computeIfAbsent(check.getId(), id -> new AtomicInteger())
                        .incrementAndGet();
            }

            @Override
            public void finished(final CheckOutcome outcome) {
                finished.computeIfAbsent(outcome.id(), id -> new AtomicInteger())
                        .incrementAndGet();
                reported.put(outcome.id(), outcome.status());
            }
        };

        // When the gate runs, and afterwards the stubborn check finally returns
        GateResult result = run(gate, environment(), listener);
        releaseStubbornChecks.countDown();
        stubbornThread.get().join(TimeUnit.SECONDS.toMillis(30));

        // Then the listener heard of every check starting once and finishing once, with the outcome of the result
        assertThat(stubbornThread.get().isAlive()).isFalse();
        assertThat(started)
                .containsOnlyKeys("fine", "throws", "hang", "stubborn")
                .allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertThat(finished)
                .containsOnlyKeys("fine", "throws", "hang", "stubborn")
                .allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertThat(reported)
                .containsEntry("fine", Status.PASS)
                .containsEntry("throws", Status.ERROR)
                .containsEntry("hang", Status.ERROR)
                .containsEntry("stubborn", Status.ERROR);
        assertThat(outcome(result, "stubborn").status()).isEqualTo(Status.ERROR);
    }

    @Test
    void shouldInterruptChecksWhenTheCallerIsInterrupted() throws InterruptedException {
        // Given a gate with a hanging check running in a thread of its own
        GateDefinition gate = gate(scripted("stuck", "hang", "timeout: 10m"), Map.of("hang", hangs()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                new GateRunner().run(gate, environment(), GateListener.none());
            } catch (Throwable throwable) {
                thrown.set(throwable);
            }
        });
        caller.start();
        assertThat(hanging.await(30, TimeUnit.SECONDS)).as("the check started").isTrue();

        // When the caller is interrupted
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        // Then the run ends with InterruptedException and the check is interrupted too
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldRecordWhenAndWhatRan() {
        // Given a fixed clock, a release, and checks with descriptions
        Clock clock = Clock.fixed(Instant.parse("2025-05-01T10:15:30Z"), ZoneOffset.UTC);
        AtomicReference<String> seenRelease = new AtomicReference<>();
        Check readsContext = context -> {
            seenRelease.set(context.release().orElse("none") + " " + context.checkId() + " " + context.timeout() + " "
                    + context.thresholds().get(ScriptedCheckType.LOAD).fail());
            return CheckResult.builder()
                    .measurement(context.thresholds().measure(ScriptedCheckType.LOAD, 75))
                    .build();
        };
        GateDefinition gate = gate(
                "  - id: db\n    type: scripted\n    script: context\n    description: Database load\n"
                        + "    timeout: 45s\n    thresholds: {load: {fail: 80%}}\n",
                Map.of("context", readsContext));

        // When the gate runs
        GateResult result = run(
                gate, GateEnvironment.builder().clock(clock).release(" 2.8.0 ").build(), GateListener.none());

        // Then the result and each outcome say what ran, when, with which settings
        assertThat(seenRelease.get()).isEqualTo("2.8.0 db PT45S 80.0");
        assertThat(result.getGate()).isEqualTo("orders release");
        assertThat(result.getStartedAt()).isEqualTo(clock.instant());
        assertThat(result.getFinishedAt()).isEqualTo(clock.instant());
        assertThat(result.getOnError()).isEqualTo(gate.getOnError());
        CheckOutcome outcome = outcome(result, "db");
        assertThat(outcome.type()).isEqualTo(ScriptedCheckType.NAME);
        assertThat(outcome.required()).isTrue();
        assertThat(outcome.description()).isEqualTo("Database load");
        assertThat(outcome.startedAt()).isEqualTo(clock.instant());
        assertThat(outcome.duration().isNegative()).isFalse();
        assertThat(outcome.result()).hasToString("WARN: load 75% (warn ≥ 70%, fail ≥ 80%)");
    }

    @Test
    void shouldRunOnlyTheChecksAskedFor() {
        // Given a gate of three checks
        GateDefinition gate =
                plainGate("", "id: a, type: plain", "id: b, type: plain, status: fail", "id: c, type: plain");

        // When only some of them run
        GateResult result = assertTimeoutPreemptively(
                SAFETY_NET,
                () -> new GateRunner()
                        .run(
                                gate,
                                List.of(
                                        gate.getCheck("a").orElseThrow(),
                                        gate.getCheck("c").orElseThrow()),
                                environment(),
                                GateListener.none()));

        // Then the result holds those only
        assertThat(result.getChecks()).extracting(CheckOutcome::id).containsExactly("a", "c");
        assertThat(result.getVerdict()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldReportAMissingWorkspaceAndMissingCredentials() {
        // Given checks that need a workspace and credentials the host does not have
        Map<String, Check> scripts = Map.of(
                "workspace",
                        context -> {
                            context.requireWorkspace();
                            return CheckResult.of(Status.PASS, "read files");
                        },
                "credentials",
                        context -> {
                            context.credentials("orders-db");
                            return CheckResult.of(Status.PASS, "logged in");
                        });
        GateDefinition gate = gate(scripted("files", "workspace", "") + scripted("login", "credentials", ""), scripts);

        // When the gate runs without them
        GateResult result = run(gate);

        // Then each check is ERROR with a message that says what is missing and how to provide it
        assertThat(outcome(result, "files").result())
                .hasToString("ERROR: Check 'files' reads files from the workspace, "
                        + "but there is none: run the gate where the repository is checked out: inside a 'node' block of a pipeline, "
                        + "or from the repository directory with the CLI");
        assertThat(outcome(result, "login").result())
                .hasToString("ERROR: No credentials with id 'orders-db' are available here");
    }

    @Test
    void shouldGiveAnEmptyGateAnErrorVerdict() {
        // Given a gate without any check
        GateDefinition gate = Definitions.load("version: 1\nname: nothing\nchecks: []\n");

        // When it runs, Then nothing was measured, which never passes
        assertThat(run(gate).getVerdict()).isEqualTo(Status.ERROR);
    }

    @Test
    void shouldReportTheRunnersOwnErrorsToo() {
        // Given an outcome list, When there is no check at all, Then the verdict is ERROR and nothing blocks by id
        GateResult empty = new GateResult(
                "g",
                Instant.EPOCH,
                Instant.EPOCH,
                io.jenkins.plugins.releasegate.definition.ErrorPolicy.FAIL,
                List.of(),
                List.of());
        assertThat(empty.getVerdict()).isEqualTo(Status.ERROR);
        assertThat(empty.blockingChecks()).isEmpty();
    }
}
