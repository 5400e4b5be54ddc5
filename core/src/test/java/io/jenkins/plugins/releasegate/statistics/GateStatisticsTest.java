package io.jenkins.plugins.releasegate.statistics;

import static io.jenkins.plugins.releasegate.statistics.Records.approved;
import static io.jenkins.plugins.releasegate.statistics.Records.blocked;
import static io.jenkins.plugins.releasegate.statistics.Records.overridden;
import static io.jenkins.plugins.releasegate.statistics.Records.passed;
import static io.jenkins.plugins.releasegate.statistics.Records.rejected;
import static io.jenkins.plugins.releasegate.statistics.Records.timedOut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GateStatisticsTest {
    private static final Instant UNTIL = Instant.parse("2026-03-30T00:00:00Z");
    private static final Instant SINCE = UNTIL.minus(Duration.ofDays(90));
    private static final Instant DAY = UNTIL.minus(Duration.ofDays(10));

    @Test
    void shouldSayWhatTheGatesStoppedInTheHeadline() {
        // Given 14 stopped releases in the period (6 for database load, 5 for failed batch jobs, 3 for missing
        // rollback plans), 20 that went on, and stops outside the period
        List<GateRecord> records = new ArrayList<>();
        for (int index = 0; index < 6; index++) {
            records.add(blocked("orders", DAY.plusSeconds(index), "dbLoad:orders-db"));
        }
        for (int index = 0; index < 4; index++) {
            records.add(blocked("billing", DAY.plusSeconds(index), "batchHealth:nightly"));
        }
        records.add(rejected("billing", DAY, Duration.ofMinutes(3), "batchHealth:nightly"));
        for (int index = 0; index < 3; index++) {
            records.add(blocked("shop", DAY.plusSeconds(index), "rollbackPlan:plan"));
        }
        for (int index = 0; index < 20; index++) {
            records.add(passed("shop", DAY.plusSeconds(index)));
        }
        records.add(blocked("orders", SINCE.minusSeconds(1), "dbLoad:orders-db"));
        records.add(blocked("orders", UNTIL, "dbLoad:orders-db"));

        // When the statistics of the last 90 days are computed
        GateStatistics statistics = GateStatistics.of(records, SINCE, UNTIL, ZoneOffset.UTC);

        // Then the headline names the stops by what they guard against, in English and in Japanese
        assertThat(statistics.getGates()).isEqualTo(34);
        assertThat(statistics.getStopped()).isEqualTo(14);
        assertThat(statistics.getProceeded()).isEqualTo(20);
        assertThat(statistics.headline(Locale.ENGLISH))
                .isEqualTo("In the last 90 days the release gates stopped 14 releases: 6 for database load,"
                        + " 5 for failed batch jobs, 3 for missing rollback plans.");
        assertThat(statistics.headline(Locale.JAPANESE))
                .isEqualTo("過去 90 日間にリリースゲートは 14 件のリリースを止めました: データベース負荷 6 件、" + "バッチジョブの失敗 5 件、ロールバック計画の不備 3 件。");
    }

    @Test
    void shouldCountEveryOutcomeAndEachTypeOncePerGate() {
        // Given gates of every kind; one stopped by two database checks and a batch check
        List<GateRecord> records = List.of(
                passed("orders", DAY),
                approved("orders", DAY, Duration.ofMinutes(2)),
                overridden(
                        "orders",
                        DAY,
                        Duration.ofMinutes(4),
                        "carol",
                        "load is the nightly export",
                        "dbLoad:orders-db"),
                blocked("orders", DAY, "dbLoad:orders-db", "dbLoad:replica", "batchHealth:nightly"),
                rejected("billing", DAY, Duration.ofMinutes(6)),
                timedOut("billing", DAY));

        // When the statistics are computed
        GateStatistics statistics = GateStatistics.of(records, SINCE, UNTIL, ZoneOffset.UTC);

        // Then each outcome is counted, a type counts once per gate, a check once per gate
        assertThat(statistics.count(GateOutcome.PASSED)).isEqualTo(1);
        assertThat(statistics.count(GateOutcome.APPROVED)).isEqualTo(1);
        assertThat(statistics.count(GateOutcome.OVERRIDDEN)).isEqualTo(1);
        assertThat(statistics.count(GateOutcome.BLOCKED)).isEqualTo(1);
        assertThat(statistics.count(GateOutcome.REJECTED)).isEqualTo(1);
        assertThat(statistics.count(GateOutcome.TIMED_OUT)).isEqualTo(1);
        assertThat(statistics.count(GateOutcome.PENDING)).isZero();
        assertThat(statistics.getStopped()).isEqualTo(3);
        assertThat(statistics.getStoppedWithoutFailingCheck()).isEqualTo(2);
        assertThat(statistics.getByCheckType())
                .containsExactly(
                        new GateStatistics.ReasonCount<>("dbLoad", 1, 1),
                        new GateStatistics.ReasonCount<>("batchHealth", 1, 0));
        assertThat(statistics.getByCheck())
                .containsExactly(
                        new GateStatistics.ReasonCount<>(new CheckReference("dbLoad", "orders-db"), 1, 1),
                        new GateStatistics.ReasonCount<>(new CheckReference("batchHealth", "nightly"), 1, 0),
                        new GateStatistics.ReasonCount<>(new CheckReference("dbLoad", "replica"), 1, 0));
        assertThat(statistics.getOverrides()).singleElement().satisfies(override -> {
            assertThat(override.decision().userId()).isEqualTo("carol");
            assertThat(override.decision().comment()).isEqualTo("load is the nightly export");
            assertThat(override.record().getJob()).isEqualTo("orders");
        });
        assertThat(statistics.headline(Locale.ENGLISH))
                .isEqualTo("In the last 90 days the release gates stopped 3 releases: 1 for database load,"
                        + " 1 for failed batch jobs, 2 by a decision although every check passed.");
    }

    @Test
    void shouldGiveTheMedianAndNinetiethPercentileOfTheTimeToDecision() {
        // Given ten gates decided after 1 to 10 minutes, and gates no person decided
        List<GateRecord> records = new ArrayList<>();
        for (int minutes = 1; minutes <= 10; minutes++) {
            records.add(
                    minutes % 2 == 0
                            ? approved("orders", DAY, Duration.ofMinutes(minutes))
                            : rejected("orders", DAY, Duration.ofMinutes(minutes), "dbLoad:orders-db"));
        }
        records.add(timedOut("orders", DAY));
        records.add(passed("orders", DAY));

        // When the statistics are computed
        GateStatistics.DecisionTimes times =
                GateStatistics.of(records, SINCE, UNTIL, ZoneOffset.UTC).getTimeToDecision();

        // Then the nearest-rank median is 5 minutes and the 90th percentile 9 minutes, over ten decisions
        assertThat(times.decisions()).isEqualTo(10);
        assertThat(times.median()).contains(Duration.ofMinutes(5));
        assertThat(times.ninetieth()).contains(Duration.ofMinutes(9));
    }

    @Test
    void shouldCountWeeksInTheGivenZoneWithEmptyWeeks() {
        // Given a gate late on Sunday in UTC (already Monday in Tokyo) and one two weeks later;
        // the period is four weeks in UTC and reaches into a fifth week in Tokyo
        Instant sundayNight = Instant.parse("2026-03-08T23:30:00Z");
        List<GateRecord> records = List.of(
                blocked("orders", sundayNight, "dbLoad:orders-db"),
                passed("orders", sundayNight.plus(Duration.ofDays(14))));
        Instant since = Instant.parse("2026-03-02T00:00:00Z");
        Instant until = Instant.parse("2026-03-30T00:00:00Z");

        // When the trend is computed in UTC and in Tokyo
        GateStatistics utc = GateStatistics.of(records, since, until, ZoneOffset.UTC);
        GateStatistics tokyo = GateStatistics.of(records, since, until, ZoneId.of("Asia/Tokyo"));

        // Then the first gate falls into the week of 2 March in UTC and of 9 March in Tokyo; empty weeks are listed
        assertThat(utc.getWeeks())
                .containsExactly(
                        new GateStatistics.WeekCount(LocalDate.parse("2026-03-02"), 1, 0, 1, 0),
                        new GateStatistics.WeekCount(LocalDate.parse("2026-03-09"), 0, 0, 0, 0),
                        new GateStatistics.WeekCount(LocalDate.parse("2026-03-16"), 1, 1, 0, 0),
                        new GateStatistics.WeekCount(LocalDate.parse("2026-03-23"), 0, 0, 0, 0));
        assertThat(tokyo.getWeeks().get(1))
                .isEqualTo(new GateStatistics.WeekCount(LocalDate.parse("2026-03-09"), 1, 0, 1, 0));
        assertThat(tokyo.getWeeks()).hasSize(5);
    }

    @Test
    void shouldBoundTheTrendOfAnOpenPeriodToTheRecords() {
        // Given one gate and a period that starts at the epoch
        List<GateRecord> records = List.of(passed("orders", DAY));

        // When the statistics are computed
        GateStatistics statistics = GateStatistics.of(records, Instant.EPOCH, UNTIL, ZoneOffset.UTC);

        // Then the trend starts with the gate's week, not in 1970
        assertThat(statistics.getWeeks()).hasSize(2);
        assertThat(statistics.getWeeks().get(0).gates()).isEqualTo(1);
    }

    @Test
    void shouldSayWhenNothingRanOrNothingWasStopped() {
        // Given no gate, and then gates that all went on
        GateStatistics none = GateStatistics.of(List.of(), SINCE, UNTIL, ZoneOffset.UTC);
        GateStatistics nothingStopped = GateStatistics.of(
                List.of(passed("orders", DAY), approved("orders", DAY, Duration.ofMinutes(1))),
                SINCE,
                UNTIL,
                ZoneOffset.UTC);

        // When their headlines are read, Then they say so
        assertThat(none.headline(Locale.ENGLISH)).isEqualTo("In the last 90 days no release gate ran.");
        assertThat(none.headline(Locale.JAPANESE)).isEqualTo("過去 90 日間に実行されたリリースゲートはありません。");
        assertThat(none.getTimeToDecision().median()).isEmpty();
        assertThat(none.getWeeks()).hasSize(13);
        assertThat(nothingStopped.headline(Locale.ENGLISH))
                .isEqualTo("In the last 90 days the release gates stopped no release; 2 gates ran.");
    }

    @Test
    void shouldNameUnknownCheckTypesByTheirOwnName() {
        // Given a type of a third-party plugin, When it is named, Then its name is used as is
        assertThat(GateStatistics.checkTypeName("kafkaLag", Locale.ENGLISH)).isEqualTo("kafkaLag");
        assertThat(GateStatistics.checkTypeName("dbLoad", Locale.GERMAN)).isEqualTo("database load");
    }

    @Test
    void shouldRefuseAPeriodThatEndsBeforeItStarts() {
        // Given a period backwards, When statistics are asked for, Then the refusal says what to do
        assertThatThrownBy(() -> GateStatistics.of(List.of(), UNTIL, SINCE, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give an earlier start");
    }
}
