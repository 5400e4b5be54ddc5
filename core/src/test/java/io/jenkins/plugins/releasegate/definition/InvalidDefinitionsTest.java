package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads every broken gate definition of the corpus in {@code definitions/invalid} and compares the problems
 * with the ones the file expects. Each file starts with one comment line per expected problem, in file
 * order:
 *
 * <pre>
 * # expect: &lt;file&gt;:&lt;line&gt;:&lt;column&gt;: &lt;YAML path, $ for the document&gt;: &lt;message fragment&gt;
 * </pre>
 *
 * <p>The file must report exactly these problems, at exactly these positions.</p>
 */
class InvalidDefinitionsTest {
    private static final Pattern EXPECTATION =
            Pattern.compile("# expect: (?<file>[^:]+):(?<line>\\d+):(?<column>\\d+): (?<path>\\S+): (?<fragment>.+)");
    private static final GateDefinitionLoader LOADER =
            Definitions.loader(Map.of("ok", context -> CheckResult.of(Status.PASS, "ok")));

    record Expectation(String file, int line, int column, String path, String fragment) {
        boolean isMetBy(final Problem problem) {
            return problem.file().equals(file)
                    && problem.line() == line
                    && problem.column() == column
                    && problem.path().equals("$".equals(path) ? "" : path)
                    && problem.message().contains(fragment);
        }

        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + path + ": " + fragment;
        }
    }

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path directory =
                Path.of(Objects.requireNonNull(InvalidDefinitionsTest.class.getResource("/definitions/invalid"))
                        .toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static List<Expectation> expectations(final String text) {
        return text.lines()
                .filter(line -> line.startsWith("# expect:"))
                .map(line -> {
                    Matcher matcher = EXPECTATION.matcher(line);
                    assertThat(matcher.matches())
                            .as("expectation '%s' is written as '# expect: file:line:column: path: message'", line)
                            .isTrue();
                    return new Expectation(
                            matcher.group("file"),
                            Integer.parseInt(matcher.group("line")),
                            Integer.parseInt(matcher.group("column")),
                            matcher.group("path"),
                            matcher.group("fragment"));
                })
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldReportEveryExpectedProblemAndNoOther(final Path file) throws IOException {
        // Given a broken definition and the problems it expects
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        String fileName = file.getFileName().toString();
        List<Expectation> expected = expectations(yaml);
        assertThat(expected).as("expectations of %s", fileName).isNotEmpty();

        // When it is loaded
        InvalidDefinitionException exception =
                catchThrowableOfType(InvalidDefinitionException.class, () -> LOADER.load(yaml, fileName));

        // Then exactly the expected problems are reported, in file order, each also in the message
        assertThat(exception).as("%s is refused", fileName).isNotNull();
        List<Problem> problems = exception.getProblems();
        assertThat(problems).as("problems of %s", fileName).hasSameSizeAs(expected);
        for (int index = 0; index < expected.size(); index++) {
            Expectation expectation = expected.get(index);
            assertThat(problems.get(index))
                    .as("problem %d of %s", index + 1, fileName)
                    .matches(expectation::isMetBy, "is " + expectation);
        }
        assertThat(problems)
                .isSortedAccordingTo(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        assertThat(exception.getMessage())
                .contains(problems.stream().map(Problem::toString).toList());
        assertThat(exception.getMessage())
                .startsWith(
                        problems.size() == 1
                                ? "The gate definition has a problem:"
                                : "The gate definition has " + problems.size() + " problems:");
    }

    @Test
    void shouldCoverEveryKindOfMistake() throws IOException, URISyntaxException {
        // Given the corpus
        // When its files are listed, Then each kind of mistake named by the acceptance criteria has its file
        assertThat(corpus().map(path -> path.getFileName().toString()))
                .contains(
                        "malformed-indentation.yaml",
                        "malformed-unclosed-quote.yaml",
                        "malformed-tab.yaml",
                        "empty.yaml",
                        "wrong-version.yaml",
                        "missing-version.yaml",
                        "missing-name.yaml",
                        "missing-checks.yaml",
                        "unknown-top-level-key.yaml",
                        "unknown-check-key.yaml",
                        "unknown-type.yaml",
                        "duplicate-id.yaml",
                        "invalid-id.yaml",
                        "duplicate-key.yaml",
                        "wrong-duration.yaml",
                        "zero-and-negative-timeout.yaml",
                        "thresholds-unknown-metric.yaml",
                        "thresholds-wrong-unit.yaml",
                        "thresholds-warn-past-fail.yaml",
                        "thresholds-on-type-without.yaml",
                        "approval-unknown-key.yaml",
                        "approval-min-approvals-out-of-range.yaml",
                        "approval-bad-enum.yaml",
                        "approval-overriders-without-override.yaml",
                        "list-where-scalar-expected.yaml",
                        "several-problems.yaml",
                        "http-url-with-password.yaml",
                        "http-authorization-header.yaml",
                        "http-head-with-json.yaml");
    }

    @Test
    void shouldRefuseADefinitionThatIsTooLarge() {
        // Given a definition longer than any gate definition needs to be
        String yaml = "version: 1\nname: big\n# " + "x".repeat(GateDefinitionLoader.MAX_LENGTH) + "\n";

        // When it is loaded, Then it is refused without being parsed
        InvalidDefinitionException exception =
                catchThrowableOfType(InvalidDefinitionException.class, () -> LOADER.load(yaml, "big.yaml"));
        assertThat(exception.getProblems())
                .singleElement()
                .asString()
                .isEqualTo("big.yaml: is larger than 1000000 characters; a gate definition is a short YAML file");
    }

    @Test
    void shouldRefuseAliasBombs() {
        // Given a definition that expands aliases exponentially
        StringBuilder yaml = new StringBuilder("version: 1\nname: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 10; level++) {
            yaml.append('a').append(level).append(": &a").append(level).append(" [");
            for (int copy = 0; copy < 10; copy++) {
                yaml.append(copy == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }

        // When it is loaded, Then it is refused as invalid YAML instead of exhausting memory
        InvalidDefinitionException exception =
                catchThrowableOfType(InvalidDefinitionException.class, () -> LOADER.load(yaml.toString(), "bomb.yaml"));
        assertThat(exception.getProblems()).first().asString().contains("is not valid YAML");
    }
}
