package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Functions;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.gate.GateIds;
import java.io.Serializable;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code releaseGate} step: runs a gate's production-readiness checks, waits for approval by the
 * people the gate's policy names, archives the evidence with the build, and returns a map with
 * {@code verdict}, {@code approved}, {@code approvers} and {@code reportUrl}.
 *
 * <pre>{@code
 * def gate = releaseGate config: 'release-gate.yaml', release: env.VERSION
 * echo "approved by ${gate.approvers}"
 * }</pre>
 */
public final class ReleaseGateStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private String config;

    @CheckForNull
    private String profile;

    @CheckForNull
    private String id;

    @CheckForNull
    private String release;

    private boolean approval = true;

    /** Creates a step; at least one of {@code config} and {@code profile} must be set. */
    @DataBoundConstructor
    public ReleaseGateStep() {
        super();
    }

    /** Returns the path of the gate definition, relative to the repository root, or {@code null}. */
    @CheckForNull
    public String getConfig() {
        return config;
    }

    /**
     * Sets the path of the gate definition (YAML), such as {@code release-gate.yaml}: read from the workspace inside
     * {@code node}, else from the repository the Pipeline was loaded from, at the build's revision.
     */
    @DataBoundSetter
    public void setConfig(@CheckForNull final String config) {
        this.config = Util.fixEmptyAndTrim(config);
    }

    /** Returns the name of the ops-owned profile, or {@code null}. */
    @CheckForNull
    public String getProfile() {
        return profile;
    }

    /** Sets the name of an ops-owned gate profile configured in Jenkins. */
    @DataBoundSetter
    public void setProfile(@CheckForNull final String profile) {
        this.profile = Util.fixEmptyAndTrim(profile);
    }

    /** Returns the gate's id within the build, or {@code null} to derive it from the gate's name. */
    @CheckForNull
    public String getId() {
        return id;
    }

    /** Sets the gate's id: URL-safe and unique within the build; by default derived from the gate's name. */
    @DataBoundSetter
    public void setId(@CheckForNull final String id) {
        this.id = Util.fixEmptyAndTrim(id);
    }

    /** Returns the release being deployed, or {@code null}. */
    @CheckForNull
    public String getRelease() {
        return release;
    }

    /** Sets the release being deployed, such as {@code 2.8.0}; the checks receive it. */
    @DataBoundSetter
    public void setRelease(@CheckForNull final String release) {
        this.release = Util.fixEmptyAndTrim(release);
    }

    /** Returns whether the gate waits for approval; {@code false} runs the checks only. */
    public boolean isApproval() {
        return approval;
    }

    /** Sets whether the gate waits for approval (the default) or only runs the checks. */
    @DataBoundSetter
    public void setApproval(final boolean approval) {
        this.approval = approval;
    }

    @Override
    public StepExecution start(final StepContext context) throws Exception {
        return new ReleaseGateExecution(context, this);
    }

    /** Describes the step to Pipeline. */
    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "releaseGate";
        }

        @Override
        public String getDisplayName() {
            return Messages.ReleaseGateStep_displayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // the workspace (FilePath) is used when present, else the Pipeline's repository; else file checks report
            // ERROR
            return Set.of(Run.class, TaskListener.class, FlowNode.class);
        }

        /**
         * Validates the id in the snippet generator.
         *
         * @param item the job being configured
         * @param value the id
         * @return the validation
         */
        @POST
        public FormValidation doCheckId(
                @AncestorInPath @CheckForNull final Item item, @QueryParameter final String value) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            String trimmed = Util.fixEmptyAndTrim(value);
            return trimmed == null
                    ? FormValidation.ok()
                    : GateIds.problem(trimmed, Functions.getCurrentLocale())
                            .map(FormValidation::error)
                            .orElse(FormValidation.ok());
        }
    }
}
