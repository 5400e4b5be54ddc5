package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GateIdsTest {
    @Test
    void shouldDeriveAUrlSafeIdFromTheGatesName() {
        assertThat(GateIds.fromName("Orders production release")).isEqualTo("orders-production-release");
        assertThat(GateIds.fromName("  Café  Crème — v2 ")).isEqualTo("cafe-creme-v2");
        assertThat(GateIds.fromName("リリース")).isEqualTo("gate");
        assertThat(GateIds.fromName("a".repeat(70) + " b")).hasSize(64).matches(GateIds::isValid);
        assertThat(GateIds.fromName("a".repeat(63) + " b")).isEqualTo("a".repeat(63));
    }

    @Test
    void shouldAcceptOnlyLowerCaseLettersDigitsDashesAndUnderscores() {
        assertThat(List.of("orders", "o", "0rders", "orders_2", "a-b")).allMatch(GateIds::isValid);
        assertThat(List.of("", "-orders", "Orders", "orders/..", "orders page", "a".repeat(65)))
                .noneMatch(GateIds::isValid);
        assertThat(GateIds.problem("orders", Locale.ENGLISH)).isEmpty();
        assertThat(GateIds.problem("Orders", Locale.ENGLISH))
                .contains("'Orders' is not a valid gate id: use lower-case letters, digits, '-' and '_', starting"
                        + " with a letter or digit, at most 64 characters");
        assertThat(GateIds.problem("Orders", Locale.JAPANESE)).get().asString().contains("64 文字以内");
    }

    @Test
    void shouldNumberADerivedIdUntilItIsFree() {
        assertThat(GateIds.claim(null, "Orders", List.of())).isEqualTo("orders");
        assertThat(GateIds.claim(null, "Orders", List.of("orders", "orders-2"))).isEqualTo("orders-3");
    }

    @Test
    void shouldRefuseAnIdAskedForThatIsInvalidOrTaken() {
        assertThat(GateIds.claim("backend", "Orders", List.of("orders"))).isEqualTo("backend");
        assertThatThrownBy(() -> GateIds.claim("orders", "Backend", List.of("orders")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Another release gate of this build already uses the id 'orders': give each releaseGate step"
                                + " its own 'id'");
        assertThatThrownBy(() -> GateIds.claim("../build", "Orders", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'../build' is not a valid gate id");
    }
}
