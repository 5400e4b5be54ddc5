package io.jenkins.plugins.releasegate.checks.batch;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import java.time.Instant;
import java.util.List;

/**
 * A configured {@code batchHealth} check: one reader and the common verdict rules.
 */
final class BatchHealthCheck implements Check {
    private final BatchStatusReader reader;
    private final BatchEvaluator evaluator;

    BatchHealthCheck(final BatchStatusReader reader, final BatchPolicy policy) {
        this.reader = reader;
        this.evaluator = new BatchEvaluator(policy);
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, InterruptedException {
        Instant now = context.clock().instant();
        context.log("reading " + reader.describe());
        BatchObservation observation = reader.read(context, now);
        return evaluator.evaluate(observation, now);
    }

    @Override
    public List<JobHistoryRequest> jobHistories() {
        return reader.jobHistories();
    }

    @Override
    public String toString() {
        return "batchHealth on " + reader.describe();
    }
}
