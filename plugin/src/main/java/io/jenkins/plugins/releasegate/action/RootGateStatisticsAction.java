package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Job;
import hudson.model.ModelObject;
import hudson.model.RootAction;
import jenkins.model.Jenkins;

/**
 * The statistics of every gate in Jenkins that the user may read, linked from the dashboard for users with
 * Overall/Read.
 */
@Extension
public final class RootGateStatisticsAction extends GateStatisticsAction implements RootAction {
    @Override
    public ModelObject getOwner() {
        return Jenkins.get();
    }

    @Override
    protected void checkReadPermission() {
        Jenkins.get().checkPermission(Jenkins.READ);
    }

    @Override
    protected Iterable<? extends Job<?, ?>> readableJobs() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Iterable<? extends Job<?, ?>> jobs = (Iterable) Jenkins.get().allItems(Job.class);
        return jobs;
    }

    @CheckForNull
    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(Jenkins.READ) ? super.getIconFileName() : null;
    }

    @Override
    public String getScopeName() {
        return "Jenkins";
    }
}
