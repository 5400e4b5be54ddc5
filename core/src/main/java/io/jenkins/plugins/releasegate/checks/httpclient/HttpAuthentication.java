package io.jenkins.plugins.releasegate.checks.httpclient;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** How an HTTP check authenticates with its credentials ({@code authentication: basic | bearer}). */
public enum HttpAuthentication {
    /** HTTP basic authentication with user name and password. */
    BASIC,
    /** A bearer token (secret text, or the password of user name and password credentials). */
    BEARER;

    private static final String BASIC_PREFIX = "Basic ";

    /**
     * Returns the {@code Authorization} header of a request: basic with a user name, bearer without one, unless
     * the definition chose.
     *
     * @param context the check's context, which resolves the credentials
     * @param credentialsId the id of the credentials, {@code null} for none
     * @param chosen the authentication the definition chose, {@code null} to go by the credentials
     * @return the header's value, empty without credentials
     * @throws CheckException if the credentials are missing, or have no user name for basic authentication
     */
    public static Optional<String> header(
            final CheckContext context,
            @CheckForNull final String credentialsId,
            @CheckForNull final HttpAuthentication chosen)
            throws CheckException {
        if (credentialsId == null) {
            return Optional.empty();
        }
        Credentials credentials = context.credentials(credentialsId);
        HttpAuthentication kind =
                chosen != null ? chosen : credentials.getUsername().isPresent() ? BASIC : BEARER;
        if (kind == BEARER) {
            return Optional.of("Bearer " + credentials.getSecret().reveal());
        }
        String user = credentials
                .getUsername()
                .orElseThrow(() -> new CheckException("Credentials '" + credentialsId
                        + "' have no user name, so basic authentication is impossible: use 'authentication: bearer' or"
                        + " user name and password credentials"));
        return Optional.of(BASIC_PREFIX
                + Base64.getEncoder()
                        .encodeToString(
                                (user + ":" + credentials.getSecret().reveal()).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns what a check hides in everything it reports: the secrets the runner handed it, and the encoded
     * form of a basic {@code Authorization} header, in case the server echoes the header (as error pages and
     * debugging endpoints do).
     *
     * @param context the check's context
     * @param header the {@code Authorization} header sent, if any
     * @return the secrets
     */
    public static List<String> secrets(final CheckContext context, final Optional<String> header) {
        List<String> secrets = new ArrayList<>(context.secrets());
        header.filter(value -> value.startsWith(BASIC_PREFIX))
                .ifPresent(value -> secrets.add(value.substring(BASIC_PREFIX.length())));
        return secrets;
    }
}
