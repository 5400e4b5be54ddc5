package io.jenkins.plugins.releasegate.configuration;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import io.jenkins.plugins.releasegate.definition.Profiles;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Gate profiles configured on a folder, by whoever may configure it: for the jobs inside the folder, a profile
 * here overrides the global profile of the same name, and the nearest folder wins.
 */
public final class FolderGateProfiles extends AbstractFolderProperty<AbstractFolder<?>> {
    /** Never {@code null} when created; {@code null} if a saved folder lacks it. */
    @CheckForNull
    private final List<GateProfile> profiles;

    /**
     * Creates the property.
     *
     * @param profiles the folder's profiles
     */
    @DataBoundConstructor
    public FolderGateProfiles(@CheckForNull final List<GateProfile> profiles) {
        super();
        this.profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** Returns the folder's profiles. */
    public List<GateProfile> getProfiles() {
        List<GateProfile> saved = profiles;
        return saved == null ? List.of() : saved;
    }

    /** Refuses a folder's profiles with problems, with every problem. */
    @Extension
    @Symbol("releaseGateProfiles")
    public static final class DescriptorImpl extends AbstractFolderPropertyDescriptor {
        @Override
        public String getDisplayName() {
            return Messages.FolderGateProfiles_displayName();
        }

        @Override
        @CheckForNull
        public AbstractFolderProperty<?> newInstance(
                @CheckForNull final StaplerRequest2 request, final JSONObject formData) throws FormException {
            AbstractFolderProperty<?> property = super.newInstance(request, formData);
            if (!(property instanceof FolderGateProfiles folderProfiles)) {
                return property;
            }
            List<String> problems = Profiles.problems(
                    GateProfile.loader(),
                    GateProfile.texts(folderProfiles.getProfiles()),
                    null,
                    ReleaseGateConfiguration.get().isProfilesMayAllowChangeAuthors());
            if (!problems.isEmpty()) {
                throw new FormException(Messages.FolderGateProfiles_refused(String.join("\n", problems)), "profiles");
            }
            return folderProfiles.getProfiles().isEmpty() ? null : folderProfiles;
        }
    }
}
