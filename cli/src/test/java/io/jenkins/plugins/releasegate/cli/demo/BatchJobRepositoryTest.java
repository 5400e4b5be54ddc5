package io.jenkins.plugins.releasegate.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.DefaultJobKeyGenerator;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.explore.support.JobExplorerFactoryBean;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Checks the demo's job repository against Spring Batch itself: the same tables, columns and sequences as
 * Spring Batch's own schema, and rows that Spring Batch's {@link JobExplorer} reads as the scenario says.
 */
class BatchJobRepositoryTest {
    @TempDir
    private static Path directory;

    private static DemoDatabase database;
    private static Accounts accounts;

    @BeforeAll
    static void startDatabase() throws IOException, SQLException {
        database = DemoDatabase.start(directory.resolve("data"), directory.resolve("postgresql.log"));
        accounts = Accounts.generate();
        database.createRole(Accounts.BATCH_APPLICATION, accounts.batchApplication());
        database.createRole(Accounts.BATCH_READER, accounts.batchReader());
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    @Test
    void shouldHaveTheTablesColumnsAndSequencesOfSpringBatchsOwnSchema() throws SQLException, IOException {
        database.createDatabase("spring_batch_schema", Accounts.BATCH_APPLICATION);
        try (Connection connection = connect("spring_batch_schema");
                Statement statement = connection.createStatement();
                InputStream schema = JobExplorer.class.getResourceAsStream(
                        "/org/springframework/batch/core/schema-postgresql.sql")) {
            assertThat(schema).as("Spring Batch's schema-postgresql.sql").isNotNull();
            statement.execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
        }
        BatchJobRepository.create(database, "demo_schema", accounts, Scenario.healthy, Instant.now());

        List<String> spring = describeSchema("spring_batch_schema");
        List<String> demo = describeSchema("demo_schema");

        assertThat(spring)
                .hasSizeGreaterThan(40)
                .contains("batch_job_execution.last_updated timestamp without time zone null:YES");
        assertThat(demo).isEqualTo(spring);
    }

    @Test
    void shouldComputeTheJobKeyAsSpringBatchDoes() {
        String key = new DefaultJobKeyGenerator()
                .generateKey(new JobParametersBuilder()
                        .addJobParameter("run.date", LocalDate.parse("2026-11-28"), LocalDate.class, true)
                        .toJobParameters());

        assertThat(BatchJobRepository.jobKey("run.date", "java.time.LocalDate", "2026-11-28"))
                .isEqualTo(key);
    }

    @Test
    void shouldBeReadBySpringBatchAsAFailedAndAStuckJobInTheIncident() throws Exception {
        BatchJobRepository.create(database, "incident_jobs", accounts, Scenario.incident, Instant.now());
        JobExplorer explorer = explorer("incident_jobs");

        assertThat(explorer.getJobNames()).containsExactlyInAnyOrder("orderExport", "invoiceRun", "stockSync");
        JobExecution invoiceRun = latest(explorer, "invoiceRun");
        assertThat(invoiceRun.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(invoiceRun.getExitStatus().getExitCode()).isEqualTo("FAILED");
        assertThat(invoiceRun.getExitStatus().getExitDescription()).contains("Unable to acquire JDBC Connection");
        assertThat(invoiceRun.getJobParameters().getLocalDate("run.date")).isNotNull();
        JobExecution stockSync = latest(explorer, "stockSync");
        assertThat(stockSync.getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(stockSync.getEndTime()).isNull();
        assertThat(stockSync.isRunning()).isTrue();
        StepExecution step = stockSync.getStepExecutions().iterator().next();
        assertThat(step.getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(step.getLastUpdated()).isBefore(stockSync.getStartTime().plusHours(2));
        assertThat(latest(explorer, "orderExport").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(latest(explorer, "orderExport").getExecutionContext().isEmpty())
                .isTrue();
    }

    @Test
    void shouldBeReadBySpringBatchAsCompletedJobsOnlyWhenHealthy() throws Exception {
        BatchJobRepository.create(database, "healthy_jobs", accounts, Scenario.healthy, Instant.now());
        JobExplorer explorer = explorer("healthy_jobs");

        for (String job : List.of("orderExport", "invoiceRun", "stockSync")) {
            for (JobInstance instance : explorer.getJobInstances(job, 0, 100)) {
                for (JobExecution execution : explorer.getJobExecutions(instance)) {
                    assertThat(execution.getStatus()).as(execution.toString()).isEqualTo(BatchStatus.COMPLETED);
                    assertThat(execution.getEndTime()).isAfter(execution.getStartTime());
                    assertThat(execution.getStepExecutions())
                            .extracting(StepExecution::getWriteCount)
                            .allMatch(count -> count > 0);
                }
            }
        }
    }

    private static JobExecution latest(final JobExplorer explorer, final String job) {
        List<JobExecution> executions = new ArrayList<>();
        for (JobInstance instance : explorer.getJobInstances(job, 0, 100)) {
            executions.addAll(explorer.getJobExecutions(instance));
        }
        assertThat(executions).as("executions of " + job).isNotEmpty();
        return executions.stream()
                .max(Comparator.comparing(JobExecution::getCreateTime))
                .orElseThrow();
    }

    private static JobExplorer explorer(final String name) throws Exception {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(
                new org.postgresql.Driver(),
                database.url(name),
                Accounts.BATCH_APPLICATION,
                accounts.batchApplication());
        JobExplorerFactoryBean factory = new JobExplorerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(new JdbcTransactionManager(dataSource));
        factory.afterPropertiesSet();
        return factory.getObject();
    }

    private static Connection connect(final String name) throws SQLException {
        return database.connect(name, Accounts.BATCH_APPLICATION, accounts.batchApplication(), "test");
    }

    /** Lists every column and sequence of the public schema, sorted, with its type, length and nullability. */
    private static List<String> describeSchema(final String name) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = connect(name);
                Statement statement = connection.createStatement()) {
            try (ResultSet columns =
                    statement.executeQuery("SELECT table_name, column_name, data_type, character_maximum_length, "
                            + "is_nullable FROM information_schema.columns WHERE table_schema = 'public'")) {
                while (columns.next()) {
                    String length = columns.getString(4);
                    lines.add(columns.getString(1) + "." + columns.getString(2) + " " + columns.getString(3)
                            + (length == null ? "" : "(" + length + ")") + " null:" + columns.getString(5));
                }
            }
            try (ResultSet sequences =
                    statement.executeQuery("SELECT sequence_name, maximum_value FROM information_schema.sequences "
                            + "WHERE sequence_schema = 'public'")) {
                while (sequences.next()) {
                    lines.add("sequence " + sequences.getString(1) + " max " + sequences.getString(2));
                }
            }
            try (ResultSet keys =
                    statement.executeQuery("SELECT tc.table_name, tc.constraint_type, string_agg(kcu.column_name, ',' "
                            + "ORDER BY kcu.ordinal_position) FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu "
                            + "ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema WHERE tc.table_schema = 'public' "
                            + "GROUP BY tc.table_name, tc.constraint_name, tc.constraint_type")) {
                while (keys.next()) {
                    lines.add("constraint " + keys.getString(1) + " " + keys.getString(2) + " (" + keys.getString(3)
                            + ")");
                }
            }
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }
}
