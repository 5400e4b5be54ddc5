package io.jenkins.plugins.releasegate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server that echoes a secret in another form (escaped, encoded, in another case) must not get it into
 * the log or any report file.
 */
class SecretFormsTest {
    private static final String USER = "monitor";
    private static final String PASSWORD = "Hunter2\\pw/ä x+y";
    private static final String TOKEN = "tok-3xAmple_Bearer.Value";

    @TempDir
    private Path reports;

    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("JSON-escaped", "Hunter2\\\\pw/ä x+y", false),
                Arguments.of("JSON-escaped with \\/ and \\u", "Hunter2\\\\pw\\/\\u00e4 x+y", false),
                Arguments.of("JSON-escaped with upper-case \\u", "Hunter2\\\\pw\\/\\u00E4 x+y", false),
                Arguments.of("URL-encoded with %20", "Hunter2%5Cpw%2F%C3%A4%20x%2By", false),
                Arguments.of("URL-encoded with +", "Hunter2%5Cpw%2F%C3%A4+x%2By", false),
                Arguments.of("URL-encoded with lower-case hex", "Hunter2%5cpw%2f%c3%a4+x%2by", false),
                Arguments.of("upper-cased", "HUNTER2\\PW/Ä X+Y", false),
                Arguments.of("lower-cased", "hunter2\\pw/ä x+y", false),
                Arguments.of("Base64", base64(PASSWORD), false),
                Arguments.of("Base64 without padding", base64(PASSWORD).replace("=", ""), false),
                Arguments.of("Base64 of user:password, as in Basic credentials", base64(USER + ":" + PASSWORD), false),
                Arguments.of("Base64 of a bearer token", base64(TOKEN), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void shouldKeepEveryFormOfTheSecretOutOfTheLogAndEveryReport(
            final String name, final String form, final boolean isToken) throws Exception {
        // Given a check whose server echoes the secret in another form
        Queue<String> log = new ConcurrentLinkedQueue<>();
        GateResult result = runEchoing(form, isToken, log);

        // When the reports are written
        new ReportFiles()
                .write(GateReport.withoutApproval(result, ApprovalPolicy.defaults(), null, "gate.yaml"), reports);

        // Then the form is masked in the log and in each of the three reports
        assertThat(log).containsExactly("[echo] server said [****]");
        for (String file : List.of(ReportFiles.JSON, ReportFiles.HTML, ReportFiles.JUNIT)) {
            assertThat(Files.readString(reports.resolve(file), StandardCharsets.UTF_8))
                    .as(file)
                    .contains("server said [****]")
                    .contains("sessions of [****]")
                    .doesNotContain(form);
        }
    }

    @Test
    void shouldMaskOnlyTheExactTextOfAShortSecret() throws Exception {
        // Given a secret too short to look for in other forms without masking ordinary words
        Queue<String> log = new ConcurrentLinkedQueue<>();
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> Credentials.secretText(id, Secret.of("abc")))
                .log(log::add)
                .build();
        GateDefinition gate = gate(context -> {
            context.credentials("db");
            return CheckResult.builder()
                    .measurement(Measurement.informational("sessions", 1, Unit.NUMBER))
                    .summary("abc ABC YWJj")
                    .build();
        });

        // When
        GateResult result = new GateRunner().run(gate, environment, GateListener.none());

        // Then only the exact text is masked
        assertThat(result.getChecks().get(0).result().getSummary()).isEqualTo("**** ABC YWJj");
    }

    private static GateResult runEchoing(final String form, final boolean isToken, final Queue<String> log)
            throws InterruptedException {
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> isToken
                        ? Credentials.secretText(id, Secret.of(TOKEN))
                        : Credentials.usernamePassword(id, USER, Secret.of(PASSWORD)))
                .log(log::add)
                .build();
        return new GateRunner().run(gate(echo(form)), environment, GateListener.none());
    }

    private static Check echo(final String form) {
        return context -> {
            context.credentials("db");
            context.log("server said [" + form + "]");
            return CheckResult.builder()
                    .measurement(Measurement.informational("sessions of [" + form + "]", 3, Unit.NUMBER))
                    .summary("server said [" + form + "]")
                    .detail("server said [" + form + "]")
                    .build();
        };
    }

    private static GateDefinition gate(final Check check) {
        Map<String, Check> scripts = Map.of("echo", check);
        return Definitions.load(
                "version: 1\nname: orders release\nchecks:\n  - {id: echo, type: scripted, script: echo}\n", scripts);
    }

    private static String base64(final String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
