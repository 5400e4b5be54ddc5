package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentCredentialsResolverTest {
    @Test
    void shouldReplaceEveryCharacterOtherThanLettersAndDigitsWithUnderscore() {
        assertThat(EnvironmentCredentialsResolver.variablePrefix("orders-db.monitor@eu1"))
                .isEqualTo("RELEASE_GATE_ORDERS_DB_MONITOR_EU1");
    }

    @Test
    void shouldResolveUserNameAndPassword() throws CheckException {
        EnvironmentCredentialsResolver resolver = new EnvironmentCredentialsResolver(
                Map.of("RELEASE_GATE_ORDERS_DB_USERNAME", "monitor", "RELEASE_GATE_ORDERS_DB_PASSWORD", "pw"));

        Credentials credentials = resolver.resolve("orders-db");

        assertThat(credentials.getUsername()).contains("monitor");
        assertThat(credentials.getSecret().reveal()).isEqualTo("pw");
        assertThat(credentials.toString()).doesNotContain("pw");
    }

    @Test
    void shouldResolveASecretTextWhenOnlyThePasswordIsSet() throws CheckException {
        EnvironmentCredentialsResolver resolver =
                new EnvironmentCredentialsResolver(Map.of("RELEASE_GATE_TOKEN_PASSWORD", "t0k"));

        Credentials credentials = resolver.resolve("token");

        assertThat(credentials.getUsername()).isEmpty();
        assertThat(credentials.getSecret().reveal()).isEqualTo("t0k");
    }

    @Test
    void shouldSayWhichVariablesToExportWhenNothingIsSet() {
        EnvironmentCredentialsResolver resolver = new EnvironmentCredentialsResolver(Map.of());

        assertThatThrownBy(() -> resolver.resolve("orders-db"))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("export RELEASE_GATE_ORDERS_DB_PASSWORD")
                .hasMessageContaining("RELEASE_GATE_ORDERS_DB_USERNAME");
    }
}
