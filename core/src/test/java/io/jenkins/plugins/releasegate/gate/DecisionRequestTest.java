package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionRequestTest {
    @Test
    void shouldReadAnApprovalWithItsCommentAndDigest() throws Exception {
        DecisionRequest request = DecisionRequest.ofJson(
                "{\"decision\": \"approve\", \"comment\": \"  dashboards calm \", \"digest\": \"abc\"}",
                Locale.ENGLISH);

        assertThat(request.approval()).isTrue();
        assertThat(request.comment()).isEqualTo("dashboards calm");
        assertThat(request.digestSeen()).contains("abc");
    }

    @Test
    void shouldReadARejectionWithoutCommentOrDigest() throws Exception {
        DecisionRequest request =
                DecisionRequest.ofJson("{\"decision\": \"reject\", \"digest\": \" \"}", Locale.ENGLISH);

        assertThat(request.approval()).isFalse();
        assertThat(request.comment()).isEmpty();
        assertThat(request.digestSeen()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "{\"decision\": \"APPROVE\"}",
                "{\"decision\": \"yes\"}",
                "{\"decision\": true}",
                "{\"comment\": \"reject\"}"
            })
    void shouldNeverReadAMissingOrUnknownDecisionAsARejection(final String body) {
        assertThatThrownBy(() -> DecisionRequest.ofJson(body, Locale.ENGLISH))
                .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                .hasMessageContaining("\"decision\": \"approve\" or \"decision\": \"reject\"")
                .hasMessageContaining("Nothing was recorded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1, 2]", "\"approve\"", "{\"decision\": \"approve\""})
    void shouldRefuseABodyThatIsNoJsonObject(final String body) {
        assertThatThrownBy(() -> DecisionRequest.ofJson(body, Locale.ENGLISH))
                .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                .hasMessageStartingWith("The request body is not a JSON object");
    }

    @Test
    void shouldRefuseFieldsThatAreNoStrings() {
        assertThatThrownBy(() -> DecisionRequest.ofJson("{\"decision\": \"approve\", \"comment\": 42}", Locale.ENGLISH))
                .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                .hasMessage("\"comment\" and \"digest\" must be strings. Nothing was recorded.");
    }

    @Test
    void shouldRefuseTooLongACommentFromTheFormOrTheApiInTheReadersLanguage() throws Exception {
        String longest = "x".repeat(DecisionRequest.MAX_COMMENT_LENGTH);
        assertThat(DecisionRequest.ofForm(true, longest, null, Locale.ENGLISH).comment())
                .hasSize(4000);

        assertThatThrownBy(() -> DecisionRequest.ofForm(false, longest + "x", null, Locale.ENGLISH))
                .hasMessageStartingWith("The comment is longer than 4,000 characters");
        assertThatThrownBy(() -> DecisionRequest.ofJson(
                        "{\"decision\": \"approve\", \"comment\": \"" + longest + "x\"}", Locale.JAPANESE))
                .hasMessageStartingWith("コメントが 4,000 文字を超えています");
    }
}
