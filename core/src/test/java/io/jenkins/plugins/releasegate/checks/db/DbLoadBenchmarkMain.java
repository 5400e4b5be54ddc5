package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The dbLoad side of the benchmark in bench/db-load: runs a gate definition a number of times in one JVM
 * and prints the wall time and the statements of each evaluation. Credentials come from
 * {@code RELEASE_GATE_<ID>_USERNAME} and {@code _PASSWORD}, as in the CLI. Not a test.
 *
 * <p>Usage: {@code DbLoadBenchmarkMain GATE_FILE ITERATIONS}</p>
 */
public final class DbLoadBenchmarkMain {
    private DbLoadBenchmarkMain() {}

    /**
     * Runs the benchmark.
     *
     * @param arguments the gate file and the number of evaluations
     * @throws Exception if the definition cannot be read
     */
    public static void main(final String[] arguments) throws Exception {
        GateDefinition definition = new GateDefinitionLoader(CheckTypes.discover()).load(Path.of(arguments[0]));
        int iterations = Integer.parseInt(arguments[1]);
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(DbLoadBenchmarkMain::fromEnvironment)
                .build();
        List<Double> times = new ArrayList<>();
        for (int iteration = 1; iteration <= iterations; iteration++) {
            long start = System.nanoTime();
            CheckResult result = new GateRunner()
                    .run(definition, environment, GateListener.none())
                    .getChecks()
                    .get(0)
                    .result();
            double millis = (System.nanoTime() - start) / 1e6;
            times.add(millis);
            String cost = result.getDetails().stream()
                    .filter(line -> line.startsWith("measured over"))
                    .findFirst()
                    .orElse("no cost line");
            System.out.printf(
                    Locale.ROOT, "evaluation %d: %.1f ms, %s, %s%n", iteration, millis, result.getStatus(), cost);
            if (iteration == 1) {
                System.out.println("  summary: " + result.getSummary());
            }
        }
        Collections.sort(times);
        System.out.printf(
                Locale.ROOT,
                "median %.1f ms, min %.1f ms, max %.1f ms%n",
                times.get(times.size() / 2),
                times.get(0),
                times.get(times.size() - 1));
    }

    private static Credentials fromEnvironment(final String id) throws CheckException {
        String prefix = "RELEASE_GATE_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String user = System.getenv(prefix + "_USERNAME");
        String password = System.getenv(prefix + "_PASSWORD");
        if (user == null || password == null) {
            throw new CheckException("Set " + prefix + "_USERNAME and " + prefix + "_PASSWORD");
        }
        return Credentials.usernamePassword(id, user, Secret.of(password));
    }
}
