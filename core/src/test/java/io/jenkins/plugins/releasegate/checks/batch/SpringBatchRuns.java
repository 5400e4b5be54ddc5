package io.jenkins.plugins.releasegate.checks.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Creates Spring Batch's job repository schema and runs {@link SpringBatchApplication} in a separate JVM.
 */
final class SpringBatchRuns {
    private static final long PROCESS_LIMIT_SECONDS = 180;

    private SpringBatchRuns() {}

    /**
     * Creates the job repository tables from the schema script shipped in spring-batch-core.
     *
     * @param connection a connection to the database
     * @param database {@code postgresql} or {@code mariadb}
     * @param prefix the table prefix
     * @throws IOException if the script cannot be read
     * @throws SQLException if a statement fails
     */
    static void createSchema(final Connection connection, final String database, final String prefix)
            throws IOException, SQLException {
        String script;
        try (InputStream input = Objects.requireNonNull(
                SpringBatchRuns.class
                        .getClassLoader()
                        .getResourceAsStream("org/springframework/batch/core/schema-" + database + ".sql"),
                "schema script")) {
            script = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.replace("BATCH_", prefix).split(";")) {
                String body = sql.lines()
                        .filter(line -> !line.strip().startsWith("--"))
                        .reduce("", (first, second) -> first + "\n" + second)
                        .strip();
                if (!body.isEmpty()) {
                    statement.execute(body);
                }
            }
        }
    }

    /**
     * Runs jobs in a new JVM whose default time zone is the given one, and kills it once a hanging job has
     * started its step.
     *
     * @param url the JDBC URL
     * @param user the user
     * @param password the password
     * @param prefix the table prefix
     * @param zone the batch application's time zone
     * @param jobs the job specifications, such as {@code complete:orderExport}
     * @return the job execution ids by job name
     * @throws IOException if the JVM cannot be started or fails
     * @throws InterruptedException if interrupted
     */
    static Map<String, Long> run(
            final String url,
            final String user,
            final String password,
            final String prefix,
            final ZoneId zone,
            final String... jobs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Duser.timezone=" + zone.getId(),
                "-cp",
                System.getProperty("java.class.path"),
                SpringBatchApplication.class.getName(),
                url,
                user,
                password,
                prefix));
        command.addAll(List.of(jobs));
        Path errors = Files.createTempFile("spring-batch-", ".log");
        Process process =
                new ProcessBuilder(command).redirectError(errors.toFile()).start();
        Map<String, Long> executions = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                String[] words = line.split(" ");
                if (words[0].equals("EXECUTION") || words[0].equals("HANGING")) {
                    executions.put(words[1], Long.parseLong(words[2]));
                }
                if (words[0].equals("HANGING")) {
                    process.destroyForcibly();
                    break;
                }
            }
        }
        try {
            if (!process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("The Spring Batch application did not finish: " + output);
            }
            boolean killed = output.stream().anyMatch(line -> line.startsWith("HANGING"));
            if (!killed && process.exitValue() != 0) {
                throw new IOException("The Spring Batch application failed with exit code " + process.exitValue() + ": "
                        + output + "\n" + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return executions;
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
