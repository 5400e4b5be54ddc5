package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the corpus of plans: one valid plan, then each rule broken once. Each file ends with its
 * expectation: {@code # expect: STATUS rule} and {@code # message: text the finding contains}.
 */
class PlanCorpusTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-28");

    static Stream<Path> plans() throws IOException, URISyntaxException {
        Path directory = Path.of(Objects.requireNonNull(PlanCorpusTest.class.getResource("plans"))
                .toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void shouldGiveTheExpectedVerdictAndMessage(final Path file) throws IOException {
        // Given
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] expectation = expectation(text, "# expect: ").split(" ");
        Status expectedStatus = Status.valueOf(expectation[0]);
        String expectedRule = expectation[1];
        String expectedMessage = expectation(text, "# message: ");

        // When
        List<PlanFinding> findings = judge(text);

        // Then
        assertThat(PlanFinding.worst(findings))
                .as("verdict of %s: %s", file.getFileName(), findings)
                .isEqualTo(expectedStatus);
        List<PlanFinding> offenders = findings.stream()
                .filter(finding -> finding.status() != Status.PASS)
                .toList();
        if (expectedStatus == Status.PASS) {
            assertThat(offenders).isEmpty();
            assertThat(findings).anySatisfy(finding -> {
                assertThat(finding.rule()).isEqualTo(expectedRule);
                assertThat(finding.message()).contains(expectedMessage);
            });
        } else {
            assertThat(offenders)
                    .as("a plan breaks one rule once: %s", offenders)
                    .hasSize(1);
            assertThat(offenders.get(0).rule()).isEqualTo(expectedRule);
            assertThat(offenders.get(0).message()).contains(expectedMessage);
        }
    }

    private static List<PlanFinding> judge(final String text) {
        RollbackPlanReader.PlanReading reading = RollbackPlanReader.read(text, "rollback.yaml");
        if (reading.plan() == null) {
            return reading.findings();
        }
        return PlanRules.evaluate(
                        reading.plan(),
                        new PlanRules.Inputs(
                                TODAY, "2.8.0", true, "2.7.3", Thresholds.defaults(RollbackPlanCheckType.THRESHOLDS)))
                .findings();
    }

    private static String expectation(final String text, final String prefix) {
        return text.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError("corpus file lacks '" + prefix + "'"));
    }
}
