package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckResultTest {
    private static final Threshold LOAD = new Threshold("load", Unit.PERCENT, Direction.ABOVE, 70.0, 90.0);

    @Test
    void shouldBeErrorWhenNothingWasMeasured() {
        // Given a builder that got neither a measurement nor a status
        CheckResult.Builder builder = CheckResult.builder().detail("looked around");

        // When the result is built
        CheckResult result = builder.build();

        // Then it is ERROR, never PASS: nothing was measured
        assertThat(builder.currentStatus()).isNull();
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary()).isEqualTo("nothing was measured");
        assertThat(result.getDetails()).containsExactly("looked around");
    }

    @Test
    void shouldKeepASummaryEvenWhenNothingWasMeasured() {
        // Given a builder with a summary only
        // When it is built, Then it is ERROR with that summary
        CheckResult result = CheckResult.builder().summary("could not log in").build();
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary()).isEqualTo("could not log in");
    }

    @Test
    void shouldTakeTheWorstOfMeasurementsAndRaisedStatuses() {
        // Given measurements of different statuses and a raised status
        CheckResult.Builder builder =
                CheckResult.builder().measurement(LOAD.measure(50)).measurement(LOAD.measure(75));

        // When it is built before and after raising FAIL
        Status beforeRaise = builder.build().getStatus();
        CheckResult result = builder.raise(Status.FAIL).raise(Status.PASS).build();

        // Then the status is the worst seen, and raising a better status does not lower it
        assertThat(beforeRaise).isEqualTo(Status.WARN);
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getMeasurements()).hasSize(2);
    }

    @Test
    void shouldSummarizeTheWorstMeasurementsByDefault() {
        // Given measurements that pass, warn and fail, and no summary
        // When the result is built
        CheckResult result = CheckResult.builder()
                .measurement(LOAD.measure(10))
                .measurement(new Threshold("lag", Unit.SECONDS, Direction.ABOVE, 30.0, 60.0).measure(45))
                .measurement(new Threshold("cpu", Unit.PERCENT, Direction.ABOVE, 70.0, 90.0).measure(95))
                .build();

        // Then the summary names the offenders, worst first, with values and limits
        assertThat(result.getSummary()).isEqualTo("cpu 95% (warn ≥ 70%, fail ≥ 90%); lag 45s (warn ≥ 30s, fail ≥ 1m)");
    }

    @Test
    void shouldSayAllIsWellWhenEverythingPasses() {
        // Given only passing measurements, When built, Then the summary says so
        CheckResult result = CheckResult.builder()
                .measurement(LOAD.measure(1))
                .measurement(LOAD.measure(2))
                .build();
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).isEqualTo("all 2 measurements within limits");
    }

    @Test
    void shouldBoundTheDetails() {
        // Given more detail lines than are kept, and a very long line
        CheckResult.Builder builder = CheckResult.builder().raise(Status.WARN);
        builder.detail("x".repeat(CheckResult.MAX_DETAIL_LENGTH + 100));
        for (int line = 1; line < CheckResult.MAX_DETAILS + 25; line++) {
            builder.detail("line " + line);
        }

        // When the result is built
        CheckResult result = builder.build();

        // Then the lines are cut and counted, not kept
        assertThat(result.getDetails()).hasSize(CheckResult.MAX_DETAILS + 1);
        assertThat(result.getDetails().get(0))
                .hasSize(CheckResult.MAX_DETAIL_LENGTH)
                .endsWith("…");
        assertThat(result.getDetails().get(CheckResult.MAX_DETAILS - 1)).isEqualTo("line 99");
        assertThat(result.getDetails()).last().isEqualTo("… and 25 more lines not shown");
    }

    @Test
    void shouldKeepTheSummaryOnOneBoundedLine() {
        // Given a summary over several lines, one that is blank and one that is very long
        // When results are created
        CheckResult multiline = CheckResult.of(Status.WARN, "  first line\r\n   second line\n");
        CheckResult blank = CheckResult.of(Status.PASS, "   ");
        CheckResult longOne = CheckResult.of(Status.PASS, "y".repeat(1000));

        // Then the summary is one line, never empty, and bounded
        assertThat(multiline.getSummary()).isEqualTo("first line second line");
        assertThat(blank.getSummary()).isEqualTo("(no summary)");
        assertThat(longOne.getSummary()).hasSize(CheckResult.MAX_SUMMARY_LENGTH).endsWith("…");
        assertThat(CheckResult.builder()
                        .raise(Status.PASS)
                        .detail("a\nb")
                        .build()
                        .getDetails())
                .containsExactly("a b");
    }

    @Test
    void shouldRedactSecretsFromSummaryDetailsAndMeasurementNames() {
        // Given a result that mentions a secret everywhere it can
        CheckResult result = CheckResult.builder()
                .measurement(Measurement.informational("rows of s3cr3t", 3, Unit.NUMBER))
                .summary("logged in with s3cr3t")
                .detail("password=s3cr3t; again s3cr3t")
                .build();

        // When it is redacted
        CheckResult redacted = result.redact(List.of("s3cr3t", ""));

        // Then no trace of the secret is left, and everything else is kept
        assertThat(redacted.toString()).isEqualTo("PASS: logged in with ****");
        assertThat(redacted.getDetails()).containsExactly("password=****; again ****");
        assertThat(redacted.getMeasurements()).extracting(Measurement::name).containsExactly("rows of ****");
        assertThat(redacted.getMeasurements()).extracting(Measurement::value).containsExactly(3.0);
    }

    @Test
    void shouldNotLeakThePartOfASecretWhereTextWasCut() {
        // Given a summary and a detail cut in the middle of a secret
        String secret = "correct-horse-battery-staple";
        CheckResult result = CheckResult.builder()
                .raise(Status.FAIL)
                .summary("s".repeat(CheckResult.MAX_SUMMARY_LENGTH - 10) + secret)
                .detail("d".repeat(CheckResult.MAX_DETAIL_LENGTH - 6) + secret)
                .build();

        // When it is redacted
        CheckResult redacted = result.redact(List.of(secret));

        // Then not even the beginning of the secret is shown
        assertThat(redacted.getSummary()).doesNotContain("correct").endsWith("****…");
        assertThat(redacted.getDetails())
                .hasSize(2)
                .allSatisfy(detail -> assertThat(detail).doesNotContain("corre"));
        assertThat(redacted.getDetails().get(0)).startsWith("Summary in full: ").endsWith("****");
        assertThat(redacted.getDetails().get(1)).endsWith("****…");
    }

    @Test
    void shouldRefuseMeasurementsWithoutAFiniteValue() {
        // Given a value that is not a number, When it is measured, Then that is a programming error
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LOAD.measure(Double.NaN))
                .withMessageContaining("load");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Measurement.informational("rate", Double.POSITIVE_INFINITY, Unit.NUMBER));
    }

    @Test
    void shouldHideSecretsInTheirTextForm() {
        // Given credentials with a secret
        Credentials credentials = Credentials.usernamePassword("db", "monitor", Secret.of("hunter2"));

        // When they are shown as text, Then the secret is masked
        assertThat(credentials.toString())
                .isEqualTo("Credentials[db, user monitor]")
                .doesNotContain("hunter2");
        assertThat(credentials.getSecret()).hasToString("****");
        assertThat(credentials.getSecret().reveal()).isEqualTo("hunter2");
        assertThat(Credentials.secretText("token", Secret.of("t0k3n")).getUsername())
                .isEmpty();
        assertThat(Redaction.redact("a hunter2 b hunter2", List.of("hunter2"))).isEqualTo("a **** b ****");
    }

    @Test
    void shouldRedactASecretThatContainsAnother() {
        // Given two secrets, one the beginning of the other, resolved shorter one first
        // When a text holding the longer one is redacted
        String redacted = Redaction.redact("password=abcdef1234 token=abcdef", List.of("abcdef", "abcdef1234"));

        // Then no part of either is left
        assertThat(redacted).isEqualTo("password=**** token=****");
    }

    @Test
    void shouldKeepALongSummaryInFullAsTheFirstDetail() {
        // Given a summary longer than a summary may be, such as a driver's message followed by what to do
        String summary = "Connecting failed: " + "x".repeat(400) + " — check the credentials";

        // When a result is built with it
        CheckResult result = CheckResult.builder()
                .raise(Status.FAIL)
                .summary(summary)
                .detail("other detail")
                .build();

        // Then the summary is cut, and the whole text is the first detail
        assertThat(result.getSummary()).hasSize(CheckResult.MAX_SUMMARY_LENGTH).endsWith("…");
        assertThat(result.getDetails()).hasSize(2);
        assertThat(result.getDetails().get(0)).startsWith("Summary in full: Connecting failed: ");
        assertThat(result.getDetails().get(1)).isEqualTo("other detail");
    }
}
