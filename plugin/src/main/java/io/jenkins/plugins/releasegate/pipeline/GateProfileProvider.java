package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Item;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import java.util.Optional;

/**
 * Where the {@code releaseGate} step finds the ops-owned gate profile named by {@code profile:}, and the default
 * profile for a step that names none. The plugin's own provider reads the profiles configured in Manage Jenkins ›
 * System › Release Gate and on the folders around the build's job (administrators and folder configurers only, UI and
 * Configuration as Code).
 */
public interface GateProfileProvider extends ExtensionPoint {
    /**
     * Finds a profile by name for a job.
     *
     * @param job the job whose build runs the gate; profiles may depend on where it is, such as in a folder
     * @param name the profile name
     * @return the profile's gate definition and where it is configured, such as {@code profile production};
     *     {@code null} if this provider does not know it
     */
    @CheckForNull
    DefinitionText find(Item job, String name);

    /**
     * Returns the name of the profile that applies to a job's gates that name none.
     *
     * @param job the job whose build runs the gate
     * @return the profile's name, or {@code null} if this provider configures no default
     */
    @CheckForNull
    default String defaultProfile(final Item job) {
        return null;
    }

    /**
     * Finds the profile a step names among every installed provider.
     *
     * @param job the job whose build runs the gate
     * @param name the profile name
     * @return the profile
     * @throws AbortException with a sentence saying what to do, if no profile of that name is configured
     */
    static DefinitionText require(final Item job, final String name) throws AbortException {
        for (GateProfileProvider provider : ExtensionList.lookup(GateProfileProvider.class)) {
            DefinitionText profile = provider.find(job, name);
            if (profile != null) {
                return profile;
            }
        }
        throw new AbortException(Messages.ReleaseGateExecution_unknownProfile(name, job.getFullDisplayName()));
    }

    /**
     * Finds the default profile for a step that names none: the first default any provider configures.
     *
     * @param job the job whose build runs the gate
     * @return the default profile, empty if no provider configures one
     * @throws AbortException with a sentence saying what to do, if the default names a profile that is not
     *     configured
     */
    static Optional<DefinitionText> defaultFor(final Item job) throws AbortException {
        Optional<String> name = defaultNameFor(job);
        return name.isPresent() ? Optional.of(require(job, name.get())) : Optional.empty();
    }

    /**
     * Returns the name of the default profile for a step that names none: the first default any provider configures.
     *
     * @param job the job whose build runs the gate
     * @return the name, empty if no provider configures one
     */
    static Optional<String> defaultNameFor(final Item job) {
        for (GateProfileProvider provider : ExtensionList.lookup(GateProfileProvider.class)) {
            String name = provider.defaultProfile(job);
            if (name != null) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
