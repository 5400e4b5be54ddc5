package io.jenkins.plugins.releasegate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Text from remote systems may carry terminal escapes, Jenkins console notes and bidirectional overrides;
 * none of them reaches a result or a log line.
 */
class ControlCharactersTest {
    /** An ANSI colour, a hidden Jenkins console note, a bidi override, a C1 CSI, BEL, DEL, a zero-width space. */
    private static final String HOSTILE =
            "job \u001B[31mred\u001B[0m \u001B[8mha:AAAA\u001B[0m \u202Eevil\u202C \u009B2J \u0007\u007F\u200B\tend";

    @Test
    void shouldReplaceControlAndFormatCharactersInResultsAndLogLines() throws Exception {
        // Given a check that reports and logs text from a remote system
        Check check = context -> {
            context.log(HOSTILE + "\nsecond line\r\nthird line");
            return CheckResult.builder()
                    .measurement(Measurement.informational("runs of " + HOSTILE, 1, Unit.NUMBER))
                    .raise(Status.WARN)
                    .summary("batch " + HOSTILE)
                    .detail("detail " + HOSTILE)
                    .build();
        };
        Queue<String> log = new ConcurrentLinkedQueue<>();
        GateEnvironment environment = GateEnvironment.builder().log(log::add).build();

        // When
        GateResult result = new GateRunner()
                .run(
                        Definitions.load(
                                "version: 1\nname: orders release\nchecks:\n  - {id: batch, type: scripted, script: hostile}\n",
                                Map.of("hostile", check)),
                        environment,
                        GateListener.none());

        // Then every control and format character is replaced, tabs become spaces, line breaks stay in the log
        CheckResult checked = result.getChecks().get(0).result();
        String shown =
                "job \uFFFD[31mred\uFFFD[0m \uFFFD[8mha:AAAA\uFFFD[0m \uFFFDevil\uFFFD \uFFFD2J \uFFFD\uFFFD\uFFFD end";
        assertThat(checked.getSummary()).isEqualTo("batch " + shown);
        assertThat(checked.getDetails()).containsExactly("detail " + shown);
        assertThat(checked.getMeasurements()).extracting(Measurement::name).containsExactly("runs of " + shown);
        assertThat(List.copyOf(log)).containsExactly("[batch] " + shown + "\nsecond line\nthird line");
    }

    @Test
    void shouldKeepOrdinaryTextOfEveryScript() {
        // Given / When
        CheckResult result = CheckResult.of(Status.PASS, "注文 2.8.0 — Ünïcödé, emoji 🚀, 既知の負荷");

        // Then
        assertThat(result.getSummary()).isEqualTo("注文 2.8.0 — Ünïcödé, emoji 🚀, 既知の負荷");
    }
}
