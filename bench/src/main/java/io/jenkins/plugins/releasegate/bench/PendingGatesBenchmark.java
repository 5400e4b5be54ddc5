package io.jenkins.plugins.releasegate.bench;

import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.gate.GateEnding;
import io.jenkins.plugins.releasegate.gate.GateHost;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.gate.PendingGateFilter;
import io.jenkins.plugins.releasegate.gate.PendingGateIndex;
import io.jenkins.plugins.releasegate.gate.PendingGateRow;
import io.jenkins.plugins.releasegate.gate.PendingGateView;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * What listing the pending gates costs with many jobs and a few waiting gates: the index the plugin keeps
 * ({@link PendingGateIndex}, read as the page reads it: a look-up of each listed gate's job among all jobs, the
 * person's row from the gate's session, the filter) against, as the baseline in the same run, a scan of every build
 * of every job for an open gate, as a page without an index would have to do. The jobs and builds are in memory for
 * both; a real scan would also load build records from disk, so the baseline is a lower bound of its cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
@Fork(1)
public class PendingGatesBenchmark {
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, false);
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @Param({"10000"})
    private int jobs;

    @Param({"100"})
    private int waiting;

    /** Builds kept per job, the last of which may hold a gate. */
    @Param({"10"})
    private int buildsPerJob;

    /** A build of the scan: what it holds in place of its actions. */
    record Build(String job, int number, List<Object> actions) {}

    /** A job of the scan and of the index's look-ups. */
    record Job(String fullName, List<Build> builds) {}

    private final Map<String, Job> jobsByName = new HashMap<>();
    private final List<Job> allJobs = new ArrayList<>();
    private final Map<String, GateSession> sessionsByKey = new HashMap<>();
    private final PendingGateIndex index = new PendingGateIndex();
    private final PendingGateFilter filter = PendingGateFilter.of(null, "team", true);

    /**
     * Creates the jobs, their builds, and the waiting gates, recorded in the index as the plugin records them.
     *
     * @throws Exception if the gate's definition is invalid
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        GateDefinition definition = new GateDefinitionLoader(new CheckTypes(List.of(new WarnType())))
                .load("version: 1\nname: Orders release\nchecks:\n  - {id: database, type: warn}\n", "bench.yaml");
        int every = jobs / waiting;
        for (int index = 0; index < jobs; index++) {
            String name = (index % 2 == 0 ? "team/" : "other/") + "job-" + index;
            List<Build> builds = new ArrayList<>();
            for (int number = 1; number <= buildsPerJob; number++) {
                List<Object> actions = new ArrayList<>(List.of("causes", "parameters", "scm"));
                if (number == buildsPerJob && index % every == 0) {
                    GateSession session = new GateSession(
                            "orders-release",
                            definition,
                            true,
                            "2.8.0",
                            IdentityMatcher.CASE_INSENSITIVE,
                            Set.of("bob"),
                            Set.of(),
                            new QuietHost());
                    session.runChecks();
                    actions.add(session);
                    PendingGateView view = PendingGateView.of(session, place(name, number), "production", NOW);
                    this.index.update(view);
                    sessionsByKey.put(view.getKey(), session);
                }
                builds.add(new Build(name, number, actions));
            }
            Job job = new Job(name, builds);
            allJobs.add(job);
            jobsByName.put(name, job);
        }
    }

    /**
     * Lists the pending gates from the index: the open gates, each job looked up by name, each row from its
     * session, then the filter.
     *
     * @return the rows shown
     */
    @Benchmark
    public List<PendingGateRow> index() {
        List<PendingGateRow> rows = new ArrayList<>();
        for (PendingGateView view : index.open()) {
            Job job = jobsByName.get(view.getPlace().jobFullName());
            if (job != null) {
                rows.add(PendingGateRow.of(view, sessionsByKey.get(view.getKey()), Optional.of(ALICE), Locale.ENGLISH));
            }
        }
        return filter.apply(rows);
    }

    /**
     * Lists the pending gates by scanning every build of every job for an open gate (the baseline).
     *
     * @return the rows shown
     */
    @Benchmark
    public List<PendingGateRow> scan() {
        List<PendingGateRow> rows = new ArrayList<>();
        for (Job job : allJobs) {
            for (Build build : job.builds()) {
                for (Object action : build.actions()) {
                    if (action instanceof GateSession session && !session.getPhase().isSettled()) {
                        PendingGateView view =
                                PendingGateView.of(session, place(job.fullName(), build.number()), "production", NOW);
                        rows.add(PendingGateRow.of(view, session, Optional.of(ALICE), Locale.ENGLISH));
                    }
                }
            }
        }
        return filter.apply(rows);
    }

    private static PendingGateView.Place place(final String job, final int number) {
        return new PendingGateView.Place(job, job, number, "job/" + job + "/" + number + "/");
    }

    /** A check that warns, so that an approval needs a comment and the row asks the ledger. */
    static final class WarnType implements CheckType {
        @Override
        public String name() {
            return "warn";
        }

        @Override
        public String description() {
            return "Warns at once";
        }

        @Override
        public Check create(final Settings settings) {
            return context -> CheckResult.of(Status.WARN, "87% of connections used");
        }
    }

    /** A host that runs nothing in the background and keeps nothing. */
    static final class QuietHost implements GateHost {
        @Override
        public GateEnvironment environment(final boolean withWorkspace) {
            return GateEnvironment.builder().build();
        }

        @Override
        public java.time.Clock clock() {
            return java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
        }

        @Override
        public void log(final String line) {
            // quiet
        }

        @Override
        public void persist(final GateSession session) {
            // nothing kept
        }

        @Override
        public Scheduled schedule(final Duration delay, final Runnable task) {
            return () -> {};
        }

        @Override
        public void execute(final Runnable task) {
            // nothing runs in the background
        }

        @Override
        public void end(final GateEnding ending) {
            // the benchmark's gates wait
        }
    }
}
