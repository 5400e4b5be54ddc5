package io.jenkins.plugins.releasegate.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.ProfileText;
import io.jenkins.plugins.releasegate.definition.Profiles;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A named ops profile: the base gate definition (YAML) that a repository's definition is merged onto, configured
 * in Manage Jenkins › System › Release Gate or on a folder.
 */
public final class GateProfile extends AbstractDescribableImpl<GateProfile> {
    private final String name;
    private final String definition;

    /**
     * Creates a profile.
     *
     * @param name the profile's name, such as {@code production}
     * @param definition the base gate definition (YAML)
     */
    @DataBoundConstructor
    public GateProfile(@CheckForNull final String name, @CheckForNull final String definition) {
        this.name = Util.fixNull(name).trim();
        this.definition = Util.fixNull(definition);
    }

    /** Returns the profile's name. */
    public String getName() {
        return name;
    }

    /** Returns the base gate definition (YAML). */
    public String getDefinition() {
        return definition;
    }

    /** Returns the profile as core reads it. */
    ProfileText toText() {
        return new ProfileText(name, definition);
    }

    /** Returns the profiles as core reads them. */
    static List<ProfileText> texts(final List<GateProfile> profiles) {
        return profiles.stream().map(GateProfile::toText).toList();
    }

    /** Returns a loader that knows every check type installed in Jenkins. */
    static GateDefinitionLoader loader() {
        return new GateDefinitionLoader(CheckTypes.discover(Jenkins.get().getPluginManager().uberClassLoader));
    }

    /** Checks the profile fields as they are typed, for the administrator of the page they are on. */
    @Extension
    public static final class DescriptorImpl extends Descriptor<GateProfile> {
        @Override
        public String getDisplayName() {
            return Messages.GateProfile_displayName();
        }

        /**
         * Checks a profile's name.
         *
         * @param item the folder whose configuration page asks, or {@code null} on the global configuration page
         * @param value the name
         * @return the problem, or OK
         */
        @POST
        public FormValidation doCheckName(
                @AncestorInPath @CheckForNull final Item item, @QueryParameter final String value) {
            checkConfigurePermission(item);
            Optional<String> problem = Profiles.nameProblem(Util.fixNull(value).trim());
            return problem.map(FormValidation::error).orElse(FormValidation.ok());
        }

        /**
         * Checks a profile's definition with the loader the gate uses, listing every problem as
         * {@code profile NAME:line:column: path: message}, and refusing {@code excludeChangeAuthors: false} unless
         * the administrator allows profiles to let change authors approve.
         *
         * @param item the folder whose configuration page asks, or {@code null} on the global configuration page
         * @param name the profile's name, for the problems' file name
         * @param value the definition
         * @return every problem, or OK
         */
        @POST
        public FormValidation doCheckDefinition(
                @AncestorInPath @CheckForNull final Item item,
                @QueryParameter final String name,
                @QueryParameter final String value) {
            checkConfigurePermission(item);
            String profileName = Util.fixNull(name).trim();
            List<String> problems = Profiles.definitionProblems(
                    loader(),
                    Util.fixNull(value),
                    Profiles.source(profileName.isEmpty() ? "(unnamed)" : profileName),
                    ReleaseGateConfiguration.get().isProfilesMayAllowChangeAuthors());
            if (problems.isEmpty()) {
                return FormValidation.ok();
            }
            return FormValidation.aggregate(
                    problems.stream().map(FormValidation::error).toList());
        }

        /** Administrators check the global profiles; those who configure a folder check its profiles. */
        static void checkConfigurePermission(@CheckForNull final Item item) {
            if (item == null) {
                Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            } else {
                item.checkPermission(Item.CONFIGURE);
            }
        }
    }
}
