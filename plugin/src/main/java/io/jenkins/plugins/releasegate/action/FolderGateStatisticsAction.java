package io.jenkins.plugins.releasegate.action;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Items;
import hudson.model.Job;
import hudson.model.ModelObject;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import jenkins.model.TransientActionFactory;

/**
 * The statistics of every gate in a folder (its sub-folders included) that the user may read.
 */
public final class FolderGateStatisticsAction extends GateStatisticsAction {
    private final AbstractFolder<?> folder;

    FolderGateStatisticsAction(final AbstractFolder<?> folder) {
        this.folder = Objects.requireNonNull(folder);
    }

    @Override
    public ModelObject getOwner() {
        return folder;
    }

    @Override
    protected void checkReadPermission() {
        folder.checkPermission(Item.READ);
    }

    @Override
    protected Iterable<? extends Job<?, ?>> readableJobs() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Iterable<? extends Job<?, ?>> jobs = (Iterable) Items.allItems(folder, Job.class);
        return jobs;
    }

    @Override
    public String getScopeName() {
        return folder.getFullDisplayName();
    }

    /** Adds the statistics page to every folder. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<AbstractFolder> {
        @Override
        public Class<AbstractFolder> type() {
            return AbstractFolder.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull final AbstractFolder target) {
            return List.of(new FolderGateStatisticsAction((AbstractFolder<?>) target));
        }
    }
}
