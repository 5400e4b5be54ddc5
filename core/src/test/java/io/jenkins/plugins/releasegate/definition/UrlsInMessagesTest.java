package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.spi.Problem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A URL that fails validation is quoted in the problem's message; a password in it, however malformed the
 * URL, must not be.
 */
class UrlsInMessagesTest {
    private static final List<String> CHECKS = List.of(
            "type: httpHealth\n    url: '%s'",
            "type: batchHealth\n    source: http\n    url: '%s'",
            "type: batchHealth\n    source: springBatch\n    url: '%s'",
            "type: dbLoad\n    url: '%s'",
            "type: rollbackPlan\n    schemaHistory: {url: '%s'}",
            "type: rollbackPlan\n    previousArtifact: {url: '%s'}");

    private static final List<String> URLS = List.of(
            "htps://admin:Hunter2pw@host.example/health",
            "https://admin:Hunter 2pw@host.example/health",
            "https://admin:Hunter2pw@/health",
            "http//admin:Hunter2pw@host.example/",
            "https://admin:Hunter/2pw@host.example/",
            "https://admin:Hunter%2pw@host.example/",
            "admin:Hunter2pw@host.example",
            "jdbc:postgres://admin:Hunter;2pw@db.example/orders",
            "jdbc:postgresql://admin:Hunter;2pw@db.example/orders",
            "jdbc:mysq://admin:Hunter2pw@db.example/orders",
            "jdbc:postgresq://db.example/orders?password=Hunter2pw",
            "jdbc:sqlserver://db.example;password=Hunter2pw");

    static Stream<Arguments> urlsInEveryCheckType() {
        return CHECKS.stream().flatMap(check -> URLS.stream().map(url -> Arguments.of(check, url)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("urlsInEveryCheckType")
    void shouldNotQuoteThePasswordOfAMalformedUrl(final String check, final String url) {
        // Given a check whose URL is malformed and holds a password
        String yaml = "version: 1\nname: orders release\nchecks:\n  - id: target\n    " + check.formatted(url) + "\n";

        // When it is loaded
        InvalidDefinitionException refused = catchThrowableOfType(
                InvalidDefinitionException.class,
                () -> new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "gate.yaml"));

        // Then it is refused and no message shows the password or a piece of it
        assertThat(refused).as("refused").isNotNull();
        List<String> messages =
                refused.getProblems().stream().map(Problem::toString).toList();
        assertThat(messages).as("a problem with the URL").anyMatch(message -> message.contains(".url"));
        assertThat(messages).noneMatch(message -> message.contains("Hunter") || message.contains("2pw"));
        assertThat(refused.getMessage()).doesNotContain("Hunter").doesNotContain("2pw");
    }
}
