package io.jenkins.plugins.releasegate.bench;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.statistics.GateDecision;
import io.jenkins.plugins.releasegate.statistics.GateRecord;
import io.jenkins.plugins.releasegate.statistics.GateStatistics;
import io.jenkins.plugins.releasegate.statistics.StatisticsCsv;
import io.jenkins.plugins.releasegate.statistics.StatisticsJson;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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
 * Statistics over many gate records: aggregating N records of a 90-day period (the statistics page and
 * {@code release-gate stats}), writing them as JSON and CSV, and, as the baseline, reading the same number of
 * {@code report.json} texts into records (what a host pays once per build before it caches the record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class StatisticsBenchmark {
    /** The end of the period. */
    static final Instant UNTIL = Instant.parse("2026-06-01T00:00:00Z");

    /** The period: the last 90 days. */
    static final Instant SINCE = UNTIL.minus(Duration.ofDays(90));

    /** How many distinct report texts are parsed in turn. */
    static final int TEXTS = 1_000;

    private static final String[] TYPES = {
        "dbLoad", "batchHealth", "rollbackPlan", "httpHealth", "prometheus", "alerts", "changeWindow", "checklist"
    };

    @Param({"100000"})
    private int records;

    private List<String> texts;
    private List<GateRecord> gateRecords;
    private GateStatistics statistics;

    /**
     * Writes a thousand varied reports and spreads N records over the period.
     *
     * @throws Exception if a report cannot be written or read
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random random = new Random(42);
        texts = new ArrayList<>(TEXTS);
        List<GateRecord> pool = new ArrayList<>(TEXTS);
        for (int index = 0; index < TEXTS; index++) {
            String text = new JsonReportWriter().write(report(random, index));
            texts.add(text);
            pool.add(GateRecord.read("pool", Integer.toString(index), new StringReader(text)));
        }
        gateRecords = new ArrayList<>(records);
        long span = Duration.between(SINCE, UNTIL).toSeconds();
        for (int index = 0; index < records; index++) {
            GateRecord template = pool.get(index % TEXTS);
            Instant started = SINCE.plusSeconds((long) (random.nextDouble() * span));
            Duration shift = Duration.between(template.getStartedAt(), started);
            gateRecords.add(new GateRecord(
                    "folder-" + index % 20 + "/job-" + index % 200,
                    Integer.toString(index),
                    template.getGate(),
                    started,
                    template.getVerdict(),
                    template.getApprovalState(),
                    template.getBlockingChecks(),
                    template.getWarningChecks(),
                    template.getDecisions().stream()
                            .map(decision -> new GateDecision(
                                    decision.kind(),
                                    decision.userId(),
                                    decision.displayName(),
                                    decision.at().plus(shift),
                                    decision.comment()))
                            .toList()));
        }
        statistics = aggregate();
    }

    /**
     * Aggregates the records of the period.
     *
     * @return the statistics
     */
    @Benchmark
    public GateStatistics aggregate() {
        return GateStatistics.of(gateRecords, SINCE, UNTIL, ZoneId.of("Asia/Tokyo"));
    }

    /**
     * Writes the aggregated statistics as JSON, headline included.
     *
     * @return the JSON text
     */
    @Benchmark
    public String exportJson() {
        return new StatisticsJson().write(statistics, Locale.ENGLISH);
    }

    /**
     * Writes the period's gates as CSV, one row per gate.
     *
     * @return the CSV text
     */
    @Benchmark
    public String exportCsv() {
        return new StatisticsCsv().write(statistics);
    }

    /**
     * The baseline: reads N {@code report.json} texts into records.
     *
     * @return how many records were read
     * @throws IOException if a text cannot be read
     */
    @Benchmark
    public int parse() throws IOException {
        int read = 0;
        for (int index = 0; index < records; index++) {
            GateRecord.read("job", "1", new StringReader(texts.get(index % TEXTS)));
            read++;
        }
        return read;
    }

    /** A report of a gate of three to five checks with one of the outcomes a team sees. */
    private static GateReport report(final Random random, final int index) throws DecisionRefusedException {
        Instant started = SINCE.plusSeconds(index);
        List<CheckOutcome> checks = new ArrayList<>();
        int count = 3 + random.nextInt(3);
        int roll = random.nextInt(100);
        boolean blocking = roll >= 60 && roll < 85;
        for (int check = 0; check < count; check++) {
            Status status = blocking && check == 0 ? Status.FAIL : random.nextInt(10) == 0 ? Status.WARN : Status.PASS;
            String type = TYPES[(index + check) % TYPES.length];
            CheckResult result = CheckResult.builder()
                    .measurement(new Measurement(
                            "value", random.nextInt(100), Unit.PERCENT, Direction.ABOVE, 70.0, 85.0, status))
                    .measurement(Measurement.informational("sampled", 1, Unit.NUMBER))
                    .summary(type + " " + status)
                    .detail("a supporting line of the check's details")
                    .raise(status)
                    .build();
            checks.add(new CheckOutcome(type + "-" + check, type, true, null, result, started, Duration.ofMillis(40)));
        }
        GateResult result = new GateResult(
                "release " + index % 7, started, started.plusSeconds(2), ErrorPolicy.FAIL, checks, List.of());
        if (roll < 50) {
            return GateReport.withoutApproval(result, ApprovalPolicy.defaults(), "1." + index, "gate.yaml");
        }
        ApprovalPolicy policy = ApprovalPolicy.builder()
                .onFail(roll < 75 ? ApprovalPolicy.OnFail.BLOCK : ApprovalPolicy.OnFail.OVERRIDE)
                .build();
        if (blocking && policy.getOnFail() == ApprovalPolicy.OnFail.BLOCK) {
            return GateReport.withoutApproval(result, policy, "1." + index, "gate.yaml");
        }
        ApprovalLedger ledger = new ApprovalLedger(
                policy,
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("dev"),
                Set.of(),
                result.getVerdict(),
                result.digest(),
                started);
        Person ops = new Person("ops-" + index % 5, "Ops " + index % 5, Set.of("ops"), true, true);
        Instant decided = started.plusSeconds(60 + random.nextInt(7200));
        if (roll % 10 == 0) {
            ledger.reject(ops, "not tonight: the nightly batch is still running", "web", decided);
        } else if (roll % 10 == 1) {
            ledger.expireIfDue(started.plus(policy.getTimeout()));
        } else {
            ledger.approve(
                    ops, "checked the dashboards; the load is the nightly export", result.digest(), "web", decided);
        }
        return GateReport.withApproval(result, ledger, "1." + index, "gate.yaml");
    }
}
