package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    @Test
    void shouldReadADecisionFromARequestBodyInItsEncoding() throws Exception {
        byte[] body = "{\"decision\": \"approve\", \"comment\": \"café\"}".getBytes(StandardCharsets.ISO_8859_1);

        DecisionRequest request = DecisionRequest.ofJson(new ByteArrayInputStream(body), "ISO-8859-1", Locale.ENGLISH);

        assertThat(request.comment()).isEqualTo("café");
        assertThat(DecisionRequest.ofJson(
                                new ByteArrayInputStream("{\"decision\": \"reject\"}".getBytes(StandardCharsets.UTF_8)),
                                null,
                                Locale.ENGLISH)
                        .approval())
                .isFalse();
    }

    @Test
    void shouldReadNoMoreOfABodyThanTheLimitAndSaySo() {
        CountingStream endless = new CountingStream();

        assertThatThrownBy(() -> DecisionRequest.ofJson(endless, null, Locale.ENGLISH))
                .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                .hasMessage("The request body is larger than 65536 bytes. Nothing was recorded.");
        assertThat(endless.read).isEqualTo(DecisionRequest.MAX_BODY_LENGTH + 1);
    }

    @Test
    void shouldRefuseAnUnknownEncodingAndABodyThatCannotBeRead() {
        assertThatThrownBy(
                        () -> DecisionRequest.ofJson(new ByteArrayInputStream(new byte[0]), "klingon", Locale.ENGLISH))
                .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                .hasMessage(
                        "The request names an unknown character encoding 'klingon': send UTF-8. Nothing was recorded.");
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> DecisionRequest.ofJson(broken, null, Locale.JAPANESE))
                .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                .hasMessage("リクエスト本文を読み取れませんでした (connection reset)。もう一度送信してください。何も記録されていません。");
    }

    /** An endless body of spaces that counts what was read of it. */
    private static final class CountingStream extends InputStream {
        private long read;

        @Override
        public int read() {
            read++;
            return ' ';
        }
    }
}
