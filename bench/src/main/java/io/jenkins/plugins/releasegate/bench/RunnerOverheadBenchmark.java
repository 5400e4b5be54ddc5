package io.jenkins.plugins.releasegate.bench;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gate runner's own overhead: a gate of N checks that each sleep a fixed time, run by the runner
 * (concurrently) and, as the baseline, one after another on the calling thread. The runner's overhead is
 * its wall time minus the sleep; the speed-up is the sequential time divided by the runner's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 3)
@Fork(1)
public class RunnerOverheadBenchmark {
    /** How long each check sleeps. */
    static final Duration SLEEP = Duration.ofMillis(20);

    @Param({"1", "10", "100"})
    private int checks;

    private GateDefinition gate;
    private GateEnvironment environment;

    /**
     * Builds a gate of sleeping checks.
     *
     * @throws Exception if the definition is invalid
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\nname: bench\ntimeout: 10m\nchecks:\n");
        for (int index = 0; index < checks; index++) {
            yaml.append("  - {id: sleep-").append(index).append(", type: sleep}\n");
        }
        gate = new GateDefinitionLoader(new CheckTypes(List.of(new SleepCheckType())))
                .load(yaml.toString(), "bench.yaml");
        environment = GateEnvironment.builder().build();
    }

    /**
     * Runs the gate with the runner.
     *
     * @return the result
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public GateResult runner() throws InterruptedException {
        return new GateRunner().run(gate, environment, GateListener.none());
    }

    /**
     * Runs the same checks one after another on this thread, without the runner.
     *
     * @return the last result
     * @throws Exception if a check fails
     */
    @Benchmark
    public CheckResult sequential() throws Exception {
        CheckResult last = null;
        for (CheckDefinition check : gate.getChecks()) {
            last = check.getCheck()
                    .run(new CheckContext(environment, check.getId(), check.getTimeout(), check.getThresholds()));
        }
        return last;
    }

    /** A check that sleeps and then reports one measurement. */
    static final class SleepCheckType implements CheckType {
        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public String description() {
            return "Sleeps " + SLEEP.toMillis() + "ms";
        }

        @Override
        public Check create(final Settings settings) {
            return context -> {
                Thread.sleep(SLEEP.toMillis());
                return CheckResult.builder()
                        .measurement(Measurement.informational("slept", SLEEP.toMillis() / 1000.0, Unit.SECONDS))
                        .build();
            };
        }
    }
}
