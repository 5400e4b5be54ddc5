package io.jenkins.plugins.releasegate.spi;

/**
 * Finds credentials by the id a gate definition names. The CLI reads environment variables; the Jenkins
 * plugin reads Jenkins credentials in the context of the build.
 */
@FunctionalInterface
public interface CredentialsResolver {
    /**
     * Resolves credentials.
     *
     * @param id the credentials id from the gate definition
     * @return the credentials
     * @throws CheckException if there are none with this id, with a message that says where they are looked for
     */
    Credentials resolve(String id) throws CheckException;

    /**
     * Returns a resolver that knows no credentials.
     *
     * @return the resolver
     */
    static CredentialsResolver none() {
        return id -> {
            throw new CheckException("No credentials with id '" + id + "' are available here");
        };
    }
}
