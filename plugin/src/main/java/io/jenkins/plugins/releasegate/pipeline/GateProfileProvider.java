package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.jenkins.plugins.releasegate.definition.DefinitionText;

/**
 * Where the {@code releaseGate} step finds the ops-owned gate profile named by {@code profile:}. The
 * global configuration of profiles (administrators only, UI and Configuration as Code) implements it;
 * while none is installed, every profile name is refused with a message that says so.
 */
public interface GateProfileProvider extends ExtensionPoint {
    /**
     * Finds a profile by name.
     *
     * @param name the profile name
     * @return the profile's gate definition and where it is configured, such as {@code profile production};
     *     {@code null} if this provider does not know it
     */
    @CheckForNull
    DefinitionText find(String name);

    /**
     * Finds the profile a step names among every installed provider.
     *
     * @param name the profile name
     * @return the profile
     * @throws AbortException with a sentence saying what to do, if no profile of that name is configured
     */
    static DefinitionText require(final String name) throws AbortException {
        ExtensionList<GateProfileProvider> providers = ExtensionList.lookup(GateProfileProvider.class);
        for (GateProfileProvider provider : providers) {
            DefinitionText profile = provider.find(name);
            if (profile != null) {
                return profile;
            }
        }
        throw new AbortException(
                providers.isEmpty()
                        ? Messages.ReleaseGateExecution_profilesUnavailable(name)
                        : Messages.ReleaseGateExecution_unknownProfile(name));
    }
}
