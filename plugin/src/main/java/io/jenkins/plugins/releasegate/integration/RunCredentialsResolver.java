package io.jenkins.plugins.releasegate.integration;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Finds the Jenkins credentials a gate definition names, in the context of the build: the credentials
 * the build may use (its job's folder and global credentials, as the build's authentication, and
 * credentials parameters), recording their use with {@link CredentialsProvider#track(Run, com.cloudbees.plugins.credentials.Credentials)}.
 * Username-with-password and secret-text credentials are supported.
 */
public final class RunCredentialsResolver implements CredentialsResolver {
    private final Run<?, ?> run;

    /**
     * Creates a resolver for a build.
     *
     * @param run the build
     */
    public RunCredentialsResolver(final Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public Credentials resolve(final String id) throws CheckException {
        StandardCredentials found = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (found == null) {
            throw new CheckException(
                    Messages.RunCredentialsResolver_notFound(id, run.getParent().getFullDisplayName()));
        }
        CredentialsProvider.track(run, found);
        if (found instanceof StandardUsernamePasswordCredentials usernamePassword) {
            return Credentials.usernamePassword(
                    id,
                    usernamePassword.getUsername(),
                    Secret.of(usernamePassword.getPassword().getPlainText()));
        }
        if (found instanceof StringCredentials secretText) {
            return Credentials.secretText(id, Secret.of(secretText.getSecret().getPlainText()));
        }
        throw new CheckException(Messages.RunCredentialsResolver_unsupportedType(
                id, found.getDescriptor().getDisplayName()));
    }
}
