package io.jenkins.plugins.releasegate.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsCsvTest {
    private static final Instant DAY = Instant.parse("2026-03-20T08:00:00Z");

    @Test
    void shouldWriteOneRowPerGateWithTheDecisionThatSettledIt() {
        // Given an overridden gate and a blocked one
        GateStatistics statistics = GateStatistics.of(
                List.of(
                        Records.blocked("orders", DAY, "dbLoad:orders-db", "dbLoad:replica"),
                        Records.overridden(
                                "billing",
                                DAY.plusSeconds(60),
                                Duration.ofMinutes(5),
                                "carol",
                                "known",
                                "rollbackPlan:plan")),
                DAY.minus(Duration.ofDays(1)),
                DAY.plus(Duration.ofDays(1)),
                ZoneOffset.UTC);

        // When they are written as CSV
        String csv = new StatisticsCsv().write(statistics);

        // Then a header and a row per gate, oldest first, with CRLF line ends
        assertThat(csv.split("\r\n", -1))
                .containsExactly(
                        "job,build,gate,startedAt,verdict,outcome,stopped,reasonTypes,reasonChecks,decision,decidedBy,"
                                + "comment,timeToDecisionSeconds",
                        "orders,1,release,2026-03-20T08:00:00Z,FAIL,BLOCKED,true,dbLoad,dbLoad:orders-db dbLoad:replica,,,,",
                        "billing,1,release,2026-03-20T08:01:00Z,FAIL,OVERRIDDEN,false,rollbackPlan,rollbackPlan:plan,"
                                + "OVERRIDE,carol,known,300",
                        "");
    }

    @Test
    void shouldDisarmFormulasAndQuoteWhatNeedsQuoting() {
        // Given values a spreadsheet would run or split, When they are written as cells
        // Then formulas start with an apostrophe, and commas, quotes, line breaks and edge spaces are quoted
        assertThat(StatisticsCsv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(StatisticsCsv.cell("+1")).isEqualTo("'+1");
        assertThat(StatisticsCsv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(StatisticsCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(StatisticsCsv.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(StatisticsCsv.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
        assertThat(StatisticsCsv.cell("load, then batch")).isEqualTo("\"load, then batch\"");
        assertThat(StatisticsCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(StatisticsCsv.cell(" padded")).isEqualTo("\" padded\"");
        assertThat(StatisticsCsv.cell("plain")).isEqualTo("plain");
        assertThat(StatisticsCsv.cell("")).isEmpty();
    }

    @Test
    void shouldDisarmAJustificationThatIsAFormula() {
        // Given an override whose justification is a formula
        GateStatistics statistics = GateStatistics.of(
                List.of(Records.overridden(
                        "orders", DAY, Duration.ofMinutes(1), "mallory", "=cmd|' /C calc'!A0", "dbLoad:db")),
                DAY.minusSeconds(1),
                DAY.plusSeconds(3600),
                ZoneOffset.UTC);

        // When written, Then the cell starts with an apostrophe
        assertThat(new StatisticsCsv().write(statistics)).contains(",mallory,'=cmd|' /C calc'!A0,60\r\n");
    }
}
