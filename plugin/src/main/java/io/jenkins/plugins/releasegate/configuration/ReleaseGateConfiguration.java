package io.jenkins.plugins.releasegate.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.definition.Profiles;
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
 * The Release Gate section of Manage Jenkins: the ops-owned gate profiles and the default profile that applies
 * to every gate naming none. Administrators only; also configured as code under
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
        List<String> problems = Profiles.problems(GateProfile.loader(), GateProfile.texts(checked), null);
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

    @Override
    public boolean configure(final StaplerRequest2 request, final JSONObject json) throws FormException {
        Object submitted = json.opt("profiles");
        List<GateProfile> newProfiles =
                submitted == null ? List.of() : request.bindJSONToList(GateProfile.class, submitted);
        String newDefault = Util.fixEmptyAndTrim(json.optString("defaultProfile", ""));
        List<String> problems = Profiles.problems(GateProfile.loader(), GateProfile.texts(newProfiles), newDefault);
        if (!problems.isEmpty()) {
            throw new FormException(Messages.ReleaseGateConfiguration_refused(String.join("\n", problems)), "profiles");
        }
        this.profiles = new ArrayList<>(newProfiles);
        this.defaultProfile = newDefault;
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
}
