package io.jenkins.plugins.releasegate.checks.batch;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JobRepositoryFactoryBean;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A small Spring Batch application that the tests run in a JVM of its own, in the time zone they choose,
 * so that Spring Batch itself writes the job repository that the check reads.
 *
 * <p>Arguments: JDBC URL, user, password, table prefix, then jobs to run in order, each
 * {@code complete:NAME}, {@code fail:NAME}, {@code noop:NAME} or {@code hang:NAME}. It prints
 * {@code EXECUTION name id status exitCode} for each finished execution. A hanging job prints
 * {@code HANGING name id} from inside its step and waits forever, for the test to kill the process and
 * leave the execution STARTED as a crashed batch JVM does.</p>
 */
final class SpringBatchApplication {
    private SpringBatchApplication() {}

    /**
     * Runs the jobs.
     *
     * @param arguments URL, user, password, prefix, jobs
     * @throws Exception if Spring Batch cannot start
     */
    public static void main(final String[] arguments) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String url = arguments[0];
        Driver driver =
                url.startsWith("jdbc:postgresql:") ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        DataSource dataSource = new SimpleDriverDataSource(driver, url, arguments[1], arguments[2]);
        JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
        JobRepositoryFactoryBean factory = new JobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(transactionManager);
        factory.setTablePrefix(arguments[3]);
        factory.afterPropertiesSet();
        JobRepository repository = factory.getObject();
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(repository);
        launcher.afterPropertiesSet();

        for (int index = 4; index < arguments.length; index++) {
            String[] spec = arguments[index].split(":", 2);
            String name = spec[1];
            Tasklet tasklet =
                    switch (spec[0]) {
                        case "complete" -> (contribution, chunk) -> RepeatStatus.FINISHED;
                        case "noop" ->
                            (contribution, chunk) -> {
                                contribution.setExitStatus(ExitStatus.NOOP);
                                return RepeatStatus.FINISHED;
                            };
                        case "fail" ->
                            (contribution, chunk) -> {
                                throw new IllegalStateException(
                                        "Order file orders-" + name + ".csv is missing\nlooked in /data/in");
                            };
                        case "hang" ->
                            (contribution, chunk) -> {
                                out.println("HANGING " + name + " "
                                        + chunk.getStepContext()
                                                .getStepExecution()
                                                .getJobExecutionId());
                                new CountDownLatch(1).await();
                                return RepeatStatus.FINISHED;
                            };
                        default -> throw new IllegalArgumentException("unknown job kind " + spec[0]);
                    };
            Job job = new JobBuilder(name, repository)
                    .start(new StepBuilder(name + "Step", repository)
                            .tasklet(tasklet, transactionManager)
                            .build())
                    .build();
            JobExecution execution = launcher.run(
                    job,
                    new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
            out.println("EXECUTION " + name + " " + execution.getId() + " " + execution.getStatus() + " "
                    + execution.getExitStatus().getExitCode());
        }
    }
}
