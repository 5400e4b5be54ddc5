package io.jenkins.plugins.releasegate.statistics;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Sentences;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the gates of a period prevented: how many ran and how they ended, the check types and checks that
 * stopped releases, who overrode what and why, how long people took to decide, and a weekly trend. Computed
 * in one pass over the gate records; immutable.
 *
 * <p>A gate belongs to the period when its checks started at or after {@code since} and before
 * {@code until}. A gate <em>stopped a release</em> when its outcome {@linkplain GateOutcome#isStopped() is a
 * stop}: blocked, rejected, timed out or voided by worse evidence. A stop or an override is attributed to the
 * gate's {@linkplain GateRecord#getReasons() reasons}, each distinct check type and check once.</p>
 */
public final class GateStatistics {
    /**
     * The most weeks the trend holds. A longer period's trend starts with the week of its oldest gate, and at
     * most this many weeks before its end.
     */
    public static final int MAX_WEEKS = 520;

    private static final Comparator<GateRecord> OLDEST_FIRST = Comparator.comparing(GateRecord::getStartedAt)
            .thenComparing(GateRecord::getJob)
            .thenComparing(GateRecord::getBuild)
            .thenComparing(GateRecord::getGate);

    private static final double MEDIAN = 0.5;
    private static final double NINETIETH = 0.9;

    private final Instant since;
    private final Instant until;
    private final ZoneId zone;
    private final List<GateRecord> records;
    private final Map<GateOutcome, Integer> outcomes;
    private final int voids;
    private final int stoppedWithoutFailingCheck;
    private final List<ReasonCount<String>> byCheckType;
    private final List<ReasonCount<CheckReference>> byCheck;
    private final List<GateOverride> overrides;
    private final DecisionTimes timeToDecision;
    private final List<WeekCount> weeks;

    private GateStatistics(
            final Instant since,
            final Instant until,
            final ZoneId zone,
            final List<GateRecord> records,
            final Map<GateOutcome, Integer> outcomes,
            final int voids,
            final int stoppedWithoutFailingCheck,
            final List<ReasonCount<String>> byCheckType,
            final List<ReasonCount<CheckReference>> byCheck,
            final List<GateOverride> overrides,
            final DecisionTimes timeToDecision,
            final List<WeekCount> weeks) {
        this.since = since;
        this.until = until;
        this.zone = zone;
        this.records = Collections.unmodifiableList(records);
        this.outcomes = Collections.unmodifiableMap(outcomes);
        this.voids = voids;
        this.stoppedWithoutFailingCheck = stoppedWithoutFailingCheck;
        this.byCheckType = List.copyOf(byCheckType);
        this.byCheck = List.copyOf(byCheck);
        this.overrides = List.copyOf(overrides);
        this.timeToDecision = timeToDecision;
        this.weeks = List.copyOf(weeks);
    }

    /**
     * Computes the statistics of the gates that started in a period.
     *
     * @param records the gate records; those outside the period are ignored
     * @param since the period's start, inclusive
     * @param until the period's end, exclusive
     * @param zone the time zone whose weeks (Monday to Sunday) the trend counts in
     * @return the statistics
     * @throws IllegalArgumentException if the period ends before it starts
     */
    public static GateStatistics of(
            final Collection<GateRecord> records, final Instant since, final Instant until, final ZoneId zone) {
        Objects.requireNonNull(since);
        Objects.requireNonNull(until);
        Objects.requireNonNull(zone);
        if (until.isBefore(since)) {
            throw new IllegalArgumentException(
                    "the period ends (" + until + ") before it starts (" + since + "): give an earlier start");
        }
        List<GateRecord> inPeriod = new ArrayList<>();
        for (GateRecord record : records) {
            Instant started = record.getStartedAt();
            if (!started.isBefore(since) && started.isBefore(until)) {
                inPeriod.add(record);
            }
        }
        Instant earliest = null;
        for (GateRecord record : inPeriod) {
            if (earliest == null || record.getStartedAt().isBefore(earliest)) {
                earliest = record.getStartedAt();
            }
        }

        int[] outcomeCounts = new int[GateOutcome.values().length];
        int voids = 0;
        int withoutCheck = 0;
        Map<String, int[]> typeCounts = new HashMap<>();
        Map<CheckReference, int[]> checkCounts = new HashMap<>();
        List<GateOverride> overrides = new ArrayList<>();
        long[] decisionMillis = new long[inPeriod.size()];
        int decided = 0;
        Weeks weeks = new Weeks(since, until, zone, earliest);
        Set<String> types = new LinkedHashSet<>();
        Set<CheckReference> checks = new LinkedHashSet<>();
        for (GateRecord record : inPeriod) {
            GateOutcome outcome = record.getOutcome();
            outcomeCounts[outcome.ordinal()]++;
            if (record.hasVoid()) {
                voids++;
            }
            boolean overridden = outcome == GateOutcome.OVERRIDDEN;
            if (outcome.isStopped() || overridden) {
                int column = overridden ? 1 : 0;
                List<CheckReference> reasons = record.getReasons();
                if (reasons.isEmpty() && !overridden) {
                    withoutCheck++;
                }
                types.clear();
                checks.clear();
                for (CheckReference reason : reasons) {
                    types.add(reason.type());
                    checks.add(reason);
                }
                for (String type : types) {
                    typeCounts.computeIfAbsent(type, key -> new int[2])[column]++;
                }
                for (CheckReference check : checks) {
                    checkCounts.computeIfAbsent(check, key -> new int[2])[column]++;
                }
            }
            for (GateDecision decision : record.getOverrides()) {
                overrides.add(new GateOverride(record, decision));
            }
            Optional<Duration> time = record.getTimeToDecision();
            if (time.isPresent()) {
                decisionMillis[decided++] = time.get().toMillis();
            }
            weeks.count(record);
        }
        Map<GateOutcome, Integer> outcomes = new EnumMap<>(GateOutcome.class);
        for (GateOutcome outcome : GateOutcome.values()) {
            outcomes.put(outcome, outcomeCounts[outcome.ordinal()]);
        }
        List<ReasonCount<String>> byType = new ArrayList<>();
        typeCounts.forEach((type, counts) -> byType.add(new ReasonCount<>(type, counts[0], counts[1])));
        byType.sort(ReasonCount.<String>mostStoppedFirst().thenComparing(ReasonCount::reason));
        List<ReasonCount<CheckReference>> byCheck = new ArrayList<>();
        checkCounts.forEach((check, counts) -> byCheck.add(new ReasonCount<>(check, counts[0], counts[1])));
        byCheck.sort(ReasonCount.<CheckReference>mostStoppedFirst().thenComparing(ReasonCount::reason));
        overrides.sort(Comparator.comparing(
                        (GateOverride override) -> override.decision().at())
                .reversed());
        long[] sorted = Arrays.copyOf(decisionMillis, decided);
        Arrays.sort(sorted);
        return new GateStatistics(
                since,
                until,
                zone,
                inPeriod,
                outcomes,
                voids,
                withoutCheck,
                byType,
                byCheck,
                overrides,
                new DecisionTimes(sorted.length, percentile(sorted, MEDIAN), percentile(sorted, NINETIETH)),
                weeks.counts());
    }

    /** Returns the nearest-rank percentile of sorted values. */
    private static Optional<Duration> percentile(final long[] sorted, final double fraction) {
        if (sorted.length == 0) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return Optional.of(Duration.ofMillis(sorted[Math.max(rank, 1) - 1]));
    }

    public Instant getSince() {
        return since;
    }

    public Instant getUntil() {
        return until;
    }

    public ZoneId getZone() {
        return zone;
    }

    /**
     * Returns the whole days the period spans.
     *
     * @return the days, rounded down
     */
    public long getDays() {
        return Duration.between(since, until).toDays();
    }

    /**
     * Returns the records of the period, oldest first (then by job, build and gate); sorted on each call.
     *
     * @return the records
     */
    public List<GateRecord> getRecords() {
        List<GateRecord> sorted = new ArrayList<>(records);
        sorted.sort(OLDEST_FIRST);
        return Collections.unmodifiableList(sorted);
    }

    /**
     * Returns how many gates ran in the period.
     *
     * @return the number of records
     */
    public int getGates() {
        return records.size();
    }

    /**
     * Returns how many gates ended in each outcome.
     *
     * @return every outcome, in declaration order, with its count
     */
    public Map<GateOutcome, Integer> getOutcomes() {
        return outcomes;
    }

    /**
     * Returns how many gates ended in an outcome.
     *
     * @param outcome the outcome
     * @return the count
     */
    public int count(final GateOutcome outcome) {
        return outcomes.get(outcome);
    }

    /**
     * Returns how many gates stopped their release.
     *
     * @return the count of blocked, rejected, timed-out and voided gates
     */
    public int getStopped() {
        return sum(true);
    }

    /**
     * Returns how many gates let their release go on.
     *
     * @return the count of passed, approved and overridden gates
     */
    public int getProceeded() {
        return sum(false);
    }

    private int sum(final boolean stopped) {
        int sum = 0;
        for (Map.Entry<GateOutcome, Integer> entry : outcomes.entrySet()) {
            if (stopped ? entry.getKey().isStopped() : entry.getKey().isProceeded()) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    /**
     * Returns how many gates had their approvals voided at least once because the evidence got worse, whether
     * the gate then waited again or failed.
     *
     * @return the count
     */
    public int getVoids() {
        return voids;
    }

    /**
     * Returns how many stopped gates had no check that did not pass: rejected or timed out although every
     * required check passed.
     *
     * @return the count
     */
    public int getStoppedWithoutFailingCheck() {
        return stoppedWithoutFailingCheck;
    }

    /**
     * Returns, per check type, how many releases its checks stopped and how many were let through by an
     * override; a gate counts once per type.
     *
     * @return the counts, most stops first
     */
    public List<ReasonCount<String>> getByCheckType() {
        return byCheckType;
    }

    /**
     * Returns, per check (type and id), how many releases it stopped and how many were let through by an
     * override.
     *
     * @return the counts, most stops first
     */
    public List<ReasonCount<CheckReference>> getByCheck() {
        return byCheck;
    }

    /**
     * Returns the overrides that let releases go on.
     *
     * @return the overrides, newest first
     */
    public List<GateOverride> getOverrides() {
        return overrides;
    }

    public DecisionTimes getTimeToDecision() {
        return timeToDecision;
    }

    /**
     * Returns the weekly trend: one entry per week of the period in its zone, empty weeks included.
     *
     * @return the weeks, oldest first
     */
    public List<WeekCount> getWeeks() {
        return weeks;
    }

    /**
     * Returns what the gates prevented in one sentence, such as "In the last 90 days the release gates stopped
     * 14 releases: 6 for database load, 5 for failed batch jobs, 3 for missing rollback plans."
     *
     * @param locale the reader's language (English unless a translation exists)
     * @return the sentence
     */
    public String headline(final Locale locale) {
        long days = getDays();
        if (records.isEmpty()) {
            return text(locale, "headline.none", days);
        }
        int stopped = getStopped();
        if (stopped == 0) {
            return text(locale, "headline.nothingStopped", days, records.size());
        }
        List<String> parts = new ArrayList<>();
        for (ReasonCount<String> type : byCheckType) {
            if (type.stopped() > 0) {
                parts.add(text(locale, "headline.part", type.stopped(), checkTypeName(type.reason(), locale)));
            }
        }
        if (stoppedWithoutFailingCheck > 0) {
            parts.add(text(locale, "headline.partWithoutCheck", stoppedWithoutFailingCheck));
        }
        return text(locale, "headline.stopped", days, stopped, String.join(text(locale, "headline.separator"), parts));
    }

    /**
     * Returns what a check type guards against, in words, such as "database load" for {@code dbLoad}.
     *
     * @param type the check type
     * @param locale the reader's language
     * @return the words; the type's own name for a type without words
     */
    public static String checkTypeName(final String type, final Locale locale) {
        try {
            return text(locale, "CheckType." + type);
        } catch (MissingResourceException exception) {
            return type;
        }
    }

    static String text(final Locale locale, final String key, final Object... values) {
        return Sentences.format(GateStatistics.class, locale, key, values);
    }

    /**
     * How many releases a reason stopped and how many went on through an override.
     *
     * @param reason the check type or the check
     * @param stopped the gates it stopped
     * @param overridden the gates it blocked that were overridden
     * @param <R> the kind of reason
     */
    public record ReasonCount<R>(R reason, int stopped, int overridden) {
        /**
         * Creates a count.
         */
        public ReasonCount {
            Objects.requireNonNull(reason);
        }

        static <R> Comparator<ReasonCount<R>> mostStoppedFirst() {
            return Comparator.comparingInt((ReasonCount<R> count) -> count.stopped())
                    .reversed()
                    .thenComparing(Comparator.comparingInt((ReasonCount<R> count) -> count.overridden())
                            .reversed());
        }
    }

    /**
     * An override that let a release go on.
     *
     * @param record the gate
     * @param decision the override, with who and the justification
     */
    public record GateOverride(GateRecord record, GateDecision decision) {
        /**
         * Creates an override.
         */
        public GateOverride {
            Objects.requireNonNull(record);
            Objects.requireNonNull(decision);
        }
    }

    /**
     * How long people took to decide: from when a gate's checks started to the decision that settled it
     * (nearest-rank percentiles).
     *
     * @param decisions how many gates a person settled
     * @param median the median, empty without decisions
     * @param ninetieth the 90th percentile, empty without decisions
     */
    public record DecisionTimes(int decisions, Optional<Duration> median, Optional<Duration> ninetieth) {
        /**
         * Creates the times.
         */
        public DecisionTimes {
            Objects.requireNonNull(median);
            Objects.requireNonNull(ninetieth);
        }
    }

    /**
     * The gates of one week.
     *
     * @param weekStart the Monday the week starts on, in the statistics' zone
     * @param gates how many gates started that week
     * @param proceeded how many let their release go on
     * @param stopped how many stopped their release
     * @param overridden how many went on through an override
     */
    public record WeekCount(LocalDate weekStart, int gates, int proceeded, int stopped, int overridden) {
        /**
         * Creates a week.
         */
        public WeekCount {
            Objects.requireNonNull(weekStart);
        }
    }

    /** Counts gates into the weeks of a period. */
    private static final class Weeks {
        private static final long SECONDS_PER_DAY = 86_400;
        private static final int DAYS_PER_WEEK = 7;

        private final ZoneId zone;
        private final LocalDate first;
        private final long firstDay;
        private final int[][] counts;

        Weeks(final Instant since, final Instant until, final ZoneId zone, @CheckForNull final Instant earliestGate) {
            this.zone = zone;
            LocalDate last = monday(until.equals(since) ? until : until.minusNanos(1));
            LocalDate start = monday(since);
            if (ChronoUnit.WEEKS.between(start, last) >= MAX_WEEKS && earliestGate != null) {
                LocalDate earliest = monday(earliestGate);
                start = earliest.isAfter(start) ? earliest : start;
            }
            LocalDate oldest = last.minusWeeks(MAX_WEEKS - 1L);
            this.first = start.isBefore(oldest) ? oldest : start;
            this.firstDay = first.toEpochDay();
            int size = (int) ChronoUnit.WEEKS.between(first, last) + 1;
            this.counts = new int[Math.max(size, 0)][4];
        }

        private LocalDate monday(final Instant instant) {
            return instant.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        /** Returns the week of an instant as an index from the first week, without building dates. */
        private long weekIndex(final Instant instant) {
            long local = instant.getEpochSecond()
                    + zone.getRules().getOffset(instant).getTotalSeconds();
            long day = Math.floorDiv(local, SECONDS_PER_DAY);
            return Math.floorDiv(day - firstDay, DAYS_PER_WEEK);
        }

        void count(final GateRecord record) {
            long index = weekIndex(record.getStartedAt());
            if (index < 0 || index >= counts.length) {
                return;
            }
            int[] week = counts[(int) index];
            GateOutcome outcome = record.getOutcome();
            week[0]++;
            if (outcome.isProceeded()) {
                week[1]++;
            }
            if (outcome.isStopped()) {
                week[2]++;
            }
            if (outcome == GateOutcome.OVERRIDDEN) {
                week[3]++;
            }
        }

        List<WeekCount> counts() {
            List<WeekCount> result = new ArrayList<>(counts.length);
            for (int index = 0; index < counts.length; index++) {
                int[] week = counts[index];
                result.add(new WeekCount(first.plusWeeks(index), week[0], week[1], week[2], week[3]));
            }
            return result;
        }
    }
}
