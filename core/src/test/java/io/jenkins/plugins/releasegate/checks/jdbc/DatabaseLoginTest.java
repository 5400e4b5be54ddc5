package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resolving the login of a check from its credentials.
 */
class DatabaseLoginTest {
    private static final String PASSWORD = "Login-Pa55word-never-shown";

    @Test
    void shouldTakeUserAndPasswordFromTheCredentialsAndNeverShowThePassword() throws Exception {
        // When
        DatabaseLogin login = DatabaseLogin.of(
                context(id -> Credentials.usernamePassword(id, "monitor", Secret.of(PASSWORD))), "orders-db");

        // Then
        assertThat(login.user()).hasValue("monitor");
        assertThat(login.credentialsId()).hasValue("orders-db");
        assertThat(login.password()).isEqualTo(PASSWORD);
        assertThat(login).hasToString("login monitor (credentials orders-db)");
    }

    @Test
    void shouldLogInWithoutAccountWhenNoCredentialsAreNamed() throws Exception {
        // When
        DatabaseLogin login = DatabaseLogin.of(
                context(id -> {
                    throw new IllegalStateException("no credentials are looked up");
                }),
                null);

        // Then
        assertThat(login.user()).isEmpty();
        assertThat(login.credentialsId()).isEmpty();
        assertThat(login.password()).isEmpty();
    }

    @Test
    void shouldGiveErrorForCredentialsWithoutUserName() {
        // Given a secret text, as for an HTTP token
        CheckContext context = context(id -> Credentials.secretText(id, Secret.of(PASSWORD)));

        // When / Then
        assertThatThrownBy(() -> DatabaseLogin.of(context, "orders-token"))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.ERROR);
                    assertThat(exception)
                            .hasMessage(
                                    "The credentials 'orders-token' have no user name: give user name and password credentials "
                                            + "of the database account");
                });
    }

    private static CheckContext context(final CredentialsResolver credentials) {
        return new CheckContext(
                GateEnvironment.builder().credentials(credentials).build(),
                "db",
                Duration.ofSeconds(30),
                Thresholds.defaults(List.of()));
    }
}
