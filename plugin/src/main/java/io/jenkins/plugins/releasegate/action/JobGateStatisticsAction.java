package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.ModelObject;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.integration.BuildGateRecords;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import jenkins.model.TransientActionFactory;

/**
 * The statistics of the gates of one job, shown on jobs whose recent builds ran a gate.
 */
public final class JobGateStatisticsAction extends GateStatisticsAction {
    /** How many of a job's latest builds are looked at for a gate before the page is offered. */
    static final int RECENT_BUILDS = 10;

    private final Job<?, ?> job;

    JobGateStatisticsAction(final Job<?, ?> job) {
        this.job = Objects.requireNonNull(job);
    }

    @Override
    public ModelObject getOwner() {
        return job;
    }

    @Override
    protected void checkReadPermission() {
        job.checkPermission(Item.READ);
    }

    @Override
    protected Iterable<? extends Job<?, ?>> readableJobs() {
        return List.of(job);
    }

    @Override
    public String getScopeName() {
        return job.getFullDisplayName();
    }

    /** Adds the statistics page to jobs one of whose latest builds ran a gate. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull final Job target) {
            Job<?, ?> job = target;
            for (Run<?, ?> run : job.getBuilds().limit(RECENT_BUILDS)) {
                if (BuildGateRecords.hasGates(run)) {
                    return List.of(new JobGateStatisticsAction(job));
                }
            }
            return List.of();
        }
    }
}
