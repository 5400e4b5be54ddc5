package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.testing.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated gate definitions (random keys, types, nesting, unicode, control characters, huge numbers) are
 * loaded or refused with problems that say where: never an uncaught exception.
 */
class GateDefinitionFuzzTest {
    private static final GateDefinitionLoader LOADER = new GateDefinitionLoader(CheckTypes.discover());
    private static final List<String> SEEDS = seeds();

    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String name : List.of("minimal.yaml", "full.yaml", "http.yaml")) {
            try (InputStream input = Objects.requireNonNull(
                    GateDefinitionFuzzTest.class.getResourceAsStream("/definitions/valid/" + name), name)) {
                seeds.add(new String(input.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException exception) {
                throw new IllegalStateException(exception);
            }
        }
        seeds.add("""
                version: 1
                name: batch release
                checks:
                  - id: batch
                    type: batchHealth
                    source: sql
                    url: jdbc:postgresql://db:5432/ops
                    credentials: monitor
                    timeZone: Europe/Berlin
                    query: "SELECT job, status, started_at, ended_at FROM runs"
                    statuses: {success: [OK], failure: [ERROR]}
                    requiredJobs: {settlement: 24h, payroll: {period: 7d, grace: 2h}}
                  - id: plan
                    type: rollbackPlan
                    path: .release/rollback.yaml
                    migrations: {flyway: {locations: [db/migration], baseline: "2.7.3"}}
                  - id: load
                    type: dbLoad
                    url: jdbc:postgresql://db:5432/orders
                    thresholds: {connectionsUsed: {warn: 70%, fail: 85%}}
                approval: {approvers: [ops], minApprovals: 2, timeout: 4h, onTimeout: abort}
                """);
        return List.copyOf(seeds);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> batches() {
        return Fuzz.batches();
    }

    @ParameterizedTest(name = "seeds from {0}")
    @MethodSource("batches")
    void shouldLoadOrReportProblemsWithFileLineAndColumn(final int firstSeed) {
        Fuzz.seeds(firstSeed).forEach(seed -> {
            Random random = new Random(seed);
            String yaml = Fuzz.mutate(random, SEEDS.get(random.nextInt(SEEDS.size())), Fuzz.YAML_TOKENS);
            try {
                GateDefinition definition = LOADER.load(yaml, "gate.yaml");
                assertThat(definition.getChecks()).as("seed %d", seed).isNotNull();
            } catch (InvalidDefinitionException exception) {
                assertThat(exception.getProblems()).as("seed %d", seed).isNotEmpty();
                for (Problem problem : exception.getProblems()) {
                    assertThat(problem.toString())
                            .as("seed %d: %s", seed, yaml)
                            .matches("(?s)gate\\.yaml:[1-9]\\d*:[1-9]\\d*: .+");
                }
            } catch (RuntimeException exception) {
                fail("seed " + seed + " threw " + exception + " for:\n" + yaml, exception);
            }
        });
    }
}
