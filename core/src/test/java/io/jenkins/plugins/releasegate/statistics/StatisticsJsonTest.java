package io.jenkins.plugins.releasegate.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StatisticsJsonTest {
    private static final Instant DAY = Instant.parse("2026-03-20T08:00:00Z");

    @Test
    void shouldWriteEveryFigureTheDocsDescribe() throws IOException {
        // Given an overridden gate, a blocked one and a passed one in Tokyo's weeks
        GateStatistics statistics = GateStatistics.of(
                List.of(
                        Records.blocked("orders", DAY, "batchHealth:nightly"),
                        Records.overridden("billing", DAY, Duration.ofMinutes(2), "carol", "known", "dbLoad:db"),
                        Records.passed("shop", DAY)),
                DAY.minus(Duration.ofDays(7)),
                DAY.plus(Duration.ofDays(1)),
                ZoneId.of("Asia/Tokyo"));

        // When they are written as JSON in Japanese
        JsonNode json = new ObjectMapper().readTree(new StatisticsJson().write(statistics, Locale.JAPANESE));

        // Then the figures, the names and the trend are there
        assertThat(json.path("zone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(json.path("headline").asText()).startsWith("過去 8 日間にリリースゲートは 1 件のリリースを止めました");
        assertThat(json.path("gates").asInt()).isEqualTo(3);
        assertThat(json.path("stopped").asInt()).isEqualTo(1);
        assertThat(json.path("proceeded").asInt()).isEqualTo(2);
        assertThat(json.path("outcomes").path("OVERRIDDEN").asInt()).isEqualTo(1);
        assertThat(json.path("outcomes").path("PENDING").asInt()).isZero();
        assertThat(json.path("byCheckType").get(0).path("type").asText()).isEqualTo("batchHealth");
        assertThat(json.path("byCheckType").get(0).path("name").asText()).isEqualTo("バッチジョブの失敗");
        assertThat(json.path("byCheck").get(1).path("id").asText()).isEqualTo("db");
        assertThat(json.path("byCheck").get(1).path("overridden").asInt()).isEqualTo(1);
        JsonNode override = json.path("overrides").get(0);
        assertThat(override.path("user").asText()).isEqualTo("carol");
        assertThat(override.path("justification").asText()).isEqualTo("known");
        assertThat(override.path("checks").get(0).asText()).isEqualTo("dbLoad:db");
        assertThat(json.path("timeToDecision").path("medianSeconds").asLong()).isEqualTo(120);
        assertThat(json.path("timeToDecision").path("p90Seconds").asLong()).isEqualTo(120);
        assertThat(json.path("weeks")).hasSize(2);
        assertThat(json.path("weeks").get(1).path("weekStart").asText()).isEqualTo("2026-03-16");
        assertThat(json.path("weeks").get(1).path("stopped").asInt()).isEqualTo(1);
    }

    @Test
    void shouldWriteNullTimesWithoutDecisions() throws IOException {
        // Given no gate, When written, Then the times are null and the lists empty
        JsonNode json = new ObjectMapper()
                .readTree(new StatisticsJson()
                        .write(
                                GateStatistics.of(List.of(), DAY, DAY.plusSeconds(60), ZoneId.of("UTC")),
                                Locale.ENGLISH));

        assertThat(json.path("timeToDecision").path("medianSeconds").isNull()).isTrue();
        assertThat(json.path("overrides")).isEmpty();
        assertThat(json.path("headline").asText()).isEqualTo("In the last 0 days no release gate ran.");
    }
}
