package io.jenkins.plugins.releasegate.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.definition.Profiles;
import io.jenkins.plugins.releasegate.spi.AllowedHosts;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The Release Gate section of Manage Jenkins: the ops-owned gate profiles, the default profile that applies to
 * every gate naming none, whether profiles may let the authors of a build's changes approve it, and the hosts
 * that checks may reach when they run on the controller. Administrators only; also configured as code under
 * {@code unclassified: releaseGate:}. A profile with problems is refused with every problem.
 */
@Extension
@Symbol("releaseGate")
public final class ReleaseGateConfiguration extends GlobalConfiguration {
    /** Never {@code null} when set; {@code null} if a saved configuration lacks it. */
    @CheckForNull
    private List<GateProfile> profiles = new ArrayList<>();

    @CheckForNull
    private String defaultProfile;

    /** The hosts checks may reach from the controller, as written; {@code null} if a saved configuration lacks it. */
    @CheckForNull
    private String allowedHosts = "";

    private boolean profilesMayAllowChangeAuthors;

    /** Loads the saved configuration. */
    public ReleaseGateConfiguration() {
        super();
        load();
    }

    /** Returns the configuration. */
    public static ReleaseGateConfiguration get() {
        return ExtensionList.lookupSingleton(ReleaseGateConfiguration.class);
    }

    /** Returns the profiles. */
    public List<GateProfile> getProfiles() {
        List<GateProfile> saved = profiles;
        return saved == null ? List.of() : List.copyOf(saved);
    }

    /**
     * Replaces the profiles, refusing a list with problems (as Configuration as Code sets them).
     *
     * @param newProfiles the profiles
     * @throws IllegalArgumentException with every problem, if a name is invalid or repeated or a definition has
     *     problems
     */
    @DataBoundSetter
    public void setProfiles(@CheckForNull final List<GateProfile> newProfiles) {
        List<GateProfile> checked = newProfiles == null ? List.of() : List.copyOf(newProfiles);
        // Configuration as Code may set the profiles before profilesMayAllowChangeAuthors: a profile that lets
        // change authors approve without leave is held to the rule when a gate runs, with a note in its report
        List<String> problems = Profiles.problems(GateProfile.loader(), GateProfile.texts(checked), null, true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(Messages.ReleaseGateConfiguration_refused(String.join("\n", problems)));
        }
        this.profiles = new ArrayList<>(checked);
        save();
    }

    /** Returns the name of the profile for gates that name none, or {@code null}. */
    @CheckForNull
    public String getDefaultProfile() {
        return defaultProfile;
    }

    /**
     * Sets the name of the profile for gates that name none; a step fails with a clear message while it names no
     * configured profile.
     *
     * @param name the profile's name, or {@code null} (or blank) for none
     */
    @DataBoundSetter
    public void setDefaultProfile(@CheckForNull final String name) {
        this.defaultProfile = Util.fixEmptyAndTrim(name);
        save();
    }

    /**
     * Returns the hosts that checks may reach when they run on the controller: outside a {@code node} block, or
     * when the agent of the enclosing {@code node} is gone. Nothing is allowed by default.
     *
     * @return the entries as written, separated by line breaks, blanks or commas
     */
    public String getAllowedHosts() {
        String saved = allowedHosts;
        return saved == null ? "" : saved;
    }

    /**
     * Sets the hosts checks may reach from the controller. Entries that do not parse allow nothing.
     *
     * @param value exact host names, host names with a port, IP addresses and CIDR ranges, separated by line
     *     breaks, blanks or commas; {@code #} starts a comment
     */
    @DataBoundSetter
    public void setAllowedHosts(@CheckForNull final String value) {
        this.allowedHosts = value == null ? "" : value.trim();
        save();
    }

    /**
     * Returns the guard that checks on the controller connect through. Parsing and matching are core's
     * {@link AllowedHosts}.
     *
     * @return a guard that refuses every host not allowed here, with the sentence that says where to allow it
     */
    public HostGuard controllerGuard() {
        return AllowedHosts.parse(getAllowedHosts()).hosts().guard(Messages.ReleaseGateConfiguration_whereToAllow());
    }

    /**
     * Returns whether profiles may let the authors of a build's changes approve it ({@code excludeChangeAuthors:
     * false}); by default they may not, and change authors stay excluded whatever a profile says.
     *
     * @return {@code true} if the administrator allows it
     */
    public boolean isProfilesMayAllowChangeAuthors() {
        return profilesMayAllowChangeAuthors;
    }

    /**
     * Allows or forbids profiles to let the authors of a build's changes approve it.
     *
     * @param allowed {@code true} to allow {@code excludeChangeAuthors: false} in profiles
     */
    @DataBoundSetter
    public void setProfilesMayAllowChangeAuthors(final boolean allowed) {
        this.profilesMayAllowChangeAuthors = allowed;
        save();
    }

    @Override
    public boolean configure(final StaplerRequest2 request, final JSONObject json) throws FormException {
        Object submitted = json.opt("profiles");
        List<GateProfile> newProfiles =
                submitted == null ? List.of() : request.bindJSONToList(GateProfile.class, submitted);
        String newDefault = Util.fixEmptyAndTrim(json.optString("defaultProfile", ""));
        boolean changeAuthorsMayApprove = json.optBoolean("profilesMayAllowChangeAuthors", false);
        List<String> problems = Profiles.problems(
                GateProfile.loader(), GateProfile.texts(newProfiles), newDefault, changeAuthorsMayApprove);
        if (!problems.isEmpty()) {
            throw new FormException(Messages.ReleaseGateConfiguration_refused(String.join("\n", problems)), "profiles");
        }
        this.profiles = new ArrayList<>(newProfiles);
        this.defaultProfile = newDefault;
        this.allowedHosts = json.optString("allowedHosts", "").trim();
        this.profilesMayAllowChangeAuthors = changeAuthorsMayApprove;
        save();
        return true;
    }

    /**
     * Checks that the default profile names a saved profile.
     *
     * @param value the default profile's name
     * @return the problem, or OK
     */
    @POST
    public FormValidation doCheckDefaultProfile(@QueryParameter final String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return Profiles.defaultProblem(GateProfile.texts(getProfiles()), value)
                .map(FormValidation::error)
                .orElse(FormValidation.ok());
    }

    /**
     * Says what is wrong with the allowed hosts, line by line.
     *
     * @param value the entries as typed
     * @return OK, or an error listing each entry that allows nothing and what to write instead
     */
    @POST
    public FormValidation doCheckAllowedHosts(@QueryParameter final String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        List<String> problems = AllowedHosts.parse(value == null ? "" : value).problems();
        if (problems.isEmpty()) {
            return FormValidation.ok();
        }
        return FormValidation.error(String.join("\n", problems));
    }
}
