package io.jenkins.plugins.releasegate.integration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Job;
import hudson.model.Run;
import hudson.scm.SCM;
import java.io.IOException;
import java.util.Optional;
import jenkins.scm.api.SCMFileSystem;
import jenkins.scm.api.SCMRevision;
import jenkins.scm.api.SCMRevisionAction;
import jenkins.scm.api.SCMSource;
import org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;

/**
 * The SCM a build's Pipeline was loaded from, read without a workspace as the Jenkinsfile loader and
 * {@code readTrusted} read it: in a multibranch project, the branch's source at the revision the build is pinned to
 * ({@link SCMRevisionAction}); in a job with "Pipeline script from SCM", the job's SCM as its file system pins it.
 */
public final class PipelineScm {
    private final Run<?, ?> run;

    @CheckForNull
    private final SCMSource source;

    @CheckForNull
    private final SCMRevision revision;

    @CheckForNull
    private final SCM scm;

    private PipelineScm(
            final Run<?, ?> run,
            @CheckForNull final SCMSource source,
            @CheckForNull final SCMRevision revision,
            @CheckForNull final SCM scm) {
        this.run = run;
        this.source = source;
        this.revision = revision;
        this.scm = scm;
    }

    /**
     * Finds the SCM the build's Pipeline was loaded from.
     *
     * @param run the build
     * @return the SCM, or empty when the Pipeline's script is not loaded from an SCM (written in the job)
     */
    public static Optional<PipelineScm> of(final Run<?, ?> run) {
        Job<?, ?> job = run.getParent();
        SCMSource source = SCMSource.SourceByItem.findSource(job);
        if (source != null) {
            SCMRevision pinned = SCMRevisionAction.getRevision(source, run);
            if (pinned != null) {
                return Optional.of(new PipelineScm(run, source, pinned, null));
            }
        }
        if (job instanceof WorkflowJob workflow
                && workflow.getDefinition() instanceof CpsScmFlowDefinition definition) {
            return Optional.of(new PipelineScm(run, null, null, definition.getScm()));
        }
        return Optional.empty();
    }

    /**
     * Opens the repository at the build's revision without a checkout.
     *
     * @return the file system, which the caller closes; {@code null} when the SCM offers no way to read files
     *     without a checkout
     * @throws IOException if the SCM cannot be reached
     * @throws InterruptedException if interrupted
     */
    @CheckForNull
    public SCMFileSystem open() throws IOException, InterruptedException {
        if (source != null && revision != null) {
            return SCMFileSystem.of(source, revision.getHead(), revision);
        }
        return scm == null ? null : SCMFileSystem.of(run.getParent(), scm, null, run);
    }

    /**
     * Describes the repository and the revision read, for the build log; never a URL, which may hold credentials.
     *
     * @param opened the file system opened by {@link #open()}
     * @return such as {@code branch main of the multibranch source at revision 4f2a…}
     */
    public String describe(final SCMFileSystem opened) {
        SCMRevision read = opened.getRevision() != null ? opened.getRevision() : revision;
        return read == null
                ? Messages.PipelineScm_latest(describe())
                : Messages.PipelineScm_atRevision(describe(), read);
    }

    /**
     * Describes the repository when it offers no file system, for the sentence that says what to do.
     *
     * @return such as {@code branch main of the multibranch source}
     */
    public String describe() {
        return source != null && revision != null
                ? Messages.PipelineScm_branch(revision.getHead().getName())
                : Messages.PipelineScm_script(
                        scm == null ? "" : scm.getDescriptor().getDisplayName());
    }
}
