package io.jenkins.plugins.releasegate.checks.jdbc;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import java.util.Optional;

/**
 * The user name and password a check logs in with, resolved from the credentials named in the gate
 * definition. Its string form never shows the password.
 */
public final class DatabaseLogin {
    @CheckForNull
    private final String credentialsId;

    @CheckForNull
    private final String user;

    private final String password;

    private DatabaseLogin(
            @CheckForNull final String credentialsId, @CheckForNull final String user, final String password) {
        this.credentialsId = credentialsId;
        this.user = user;
        this.password = password;
    }

    /**
     * Returns the login of no account, for databases that take the user from elsewhere (a {@code user}
     * parameter of the URL, trust authentication).
     *
     * @return the login
     */
    public static DatabaseLogin none() {
        return new DatabaseLogin(null, null, "");
    }

    /**
     * Resolves the credentials of a check.
     *
     * @param context the check's context
     * @param credentialsId the id of user name and password credentials, {@code null} to log in without
     * @return the login
     * @throws CheckException ERROR if the credentials are unknown or have no user name
     */
    public static DatabaseLogin of(final CheckContext context, @CheckForNull final String credentialsId)
            throws CheckException {
        if (credentialsId == null) {
            return none();
        }
        Credentials credentials = context.credentials(credentialsId);
        String user = credentials
                .getUsername()
                .orElseThrow(() -> new CheckException("The credentials '" + credentialsId
                        + "' have no user name: give user name and password credentials of the database account"));
        return new DatabaseLogin(credentialsId, user, credentials.getSecret().reveal());
    }

    /**
     * Returns the id of the credentials.
     *
     * @return the id, empty for no credentials
     */
    public Optional<String> credentialsId() {
        return Optional.ofNullable(credentialsId);
    }

    /**
     * Returns the user name.
     *
     * @return the user name, empty for no credentials
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /**
     * Returns the password, for the driver only.
     *
     * @return the password, empty for none
     */
    String password() {
        return password;
    }

    @Override
    public String toString() {
        return user == null ? "no login" : "login " + user + " (credentials " + credentialsId + ")";
    }
}
