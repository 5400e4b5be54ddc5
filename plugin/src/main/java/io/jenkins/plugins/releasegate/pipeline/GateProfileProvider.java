package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import java.util.Objects;

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
     * @return the profile, or {@code null} if this provider does not know it
     */
    @CheckForNull
    Profile find(String name);

    /**
     * Finds a profile among every installed provider.
     *
     * @param name the profile name
     * @return the profile, or {@code null} if none is configured with this name
     */
    @CheckForNull
    static Profile lookup(final String name) {
        for (GateProfileProvider provider : ExtensionList.lookup(GateProfileProvider.class)) {
            Profile profile = provider.find(name);
            if (profile != null) {
                return profile;
            }
        }
        return null;
    }

    /**
     * Returns whether any provider of profiles is installed.
     *
     * @return {@code true} if profiles can be configured
     */
    static boolean isAvailable() {
        return !ExtensionList.lookup(GateProfileProvider.class).isEmpty();
    }

    /**
     * A profile: a gate definition (YAML) owned by the ops team.
     *
     * @param name the profile's name
     * @param definition the gate definition, YAML
     * @param source where it is configured, for messages, such as {@code profile production}
     */
    record Profile(String name, String definition, String source) {
        /**
         * Creates a profile.
         */
        public Profile {
            Objects.requireNonNull(name);
            Objects.requireNonNull(definition);
            Objects.requireNonNull(source);
        }
    }
}
