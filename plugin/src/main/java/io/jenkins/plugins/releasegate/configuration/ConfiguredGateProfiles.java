package io.jenkins.plugins.releasegate.configuration;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.ItemGroup;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.definition.ProfileText;
import io.jenkins.plugins.releasegate.definition.Profiles;
import io.jenkins.plugins.releasegate.pipeline.GateProfileProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The profiles configured in Jenkins: those of the folders around a job, the nearest first, then the global
 * ones; and the global default profile.
 */
@Extension
public final class ConfiguredGateProfiles implements GateProfileProvider {
    @Override
    @CheckForNull
    public DefinitionText find(final Item job, final String name) {
        return Profiles.find(scopes(job), name).orElse(null);
    }

    @Override
    @CheckForNull
    public String defaultProfile(final Item job) {
        return ReleaseGateConfiguration.get().getDefaultProfile();
    }

    private static List<List<ProfileText>> scopes(final Item job) {
        List<List<ProfileText>> scopes = new ArrayList<>();
        ItemGroup<?> parent = job.getParent();
        while (parent instanceof AbstractFolder<?> folder) {
            FolderGateProfiles property = folder.getProperties().get(FolderGateProfiles.class);
            if (property != null) {
                scopes.add(GateProfile.texts(property.getProfiles()));
            }
            parent = folder.getParent();
        }
        scopes.add(GateProfile.texts(ReleaseGateConfiguration.get().getProfiles()));
        return scopes;
    }
}
