package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Secret;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves credentials from environment variables: for id {@code orders-db-monitor},
 * {@code RELEASE_GATE_ORDERS_DB_MONITOR_USERNAME} and {@code RELEASE_GATE_ORDERS_DB_MONITOR_PASSWORD}. The id
 * is upper-cased and every character other than A-Z and 0-9 becomes {@code _}. Without a user name
 * variable, the password is a secret text such as a token.
 */
public final class EnvironmentCredentialsResolver implements CredentialsResolver {
    private final Map<String, String> environment;

    /**
     * Creates a resolver over the given variables.
     *
     * @param environment the environment variables
     */
    public EnvironmentCredentialsResolver(final Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Returns the prefix of the variables for a credentials id.
     *
     * @param id the credentials id
     * @return the prefix, such as {@code RELEASE_GATE_ORDERS_DB_MONITOR}
     */
    public static String variablePrefix(final String id) {
        return "RELEASE_GATE_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public Credentials resolve(final String id) throws CheckException {
        String prefix = variablePrefix(id);
        String password = environment.get(prefix + "_PASSWORD");
        String username = environment.get(prefix + "_USERNAME");
        if (password == null) {
            throw new CheckException("Credentials '" + id + "' are not set: export " + prefix + "_PASSWORD (and "
                    + prefix + "_USERNAME for a user name and password)");
        }
        return username == null || username.isEmpty()
                ? Credentials.secretText(id, Secret.of(password))
                : Credentials.usernamePassword(id, username, Secret.of(password));
    }
}
