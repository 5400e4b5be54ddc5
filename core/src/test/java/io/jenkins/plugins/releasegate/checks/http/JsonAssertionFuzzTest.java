package io.jenkins.plugins.releasegate.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.testing.Fuzz;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated HTTP bodies against JSON pointers a definition accepts (any text starting with '/', with '~'
 * escapes, unicode and control characters): a body either does not parse, or every assertion answers
 * with a match or a mismatch that names the pointer, never an exception.
 */
class JsonAssertionFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BODIES = List.of(
            "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\",\"details\":{\"database\":\"PostgreSQL\"}}},"
                    + "\"build\":{\"version\":\"2.8.0\"},\"list\":[1,2,{\"a/b\":\"c~d\"}]}",
            "[{\"status\":\"DOWN\"},null,true,1e308,-0,\"\\u0000\"]",
            "\"UP\"");
    private static final List<String> JSON_TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"status\"",
            "\"UP\"",
            "null",
            "true",
            "false",
            "1e400",
            "-0",
            "99999999999999999999999",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\\",
            "[[[[[[[[[[[[[[[[",
            "{\"\":{}}");
    private static final List<String> POINTER_PARTS = List.of(
            "status",
            "components",
            "db",
            "details",
            "0",
            "1",
            "2",
            "-",
            "999999999999999999",
            "a~1b",
            "~0",
            "~",
            "~2",
            "",
            "list",
            "build",
            "version",
            " ",
            "%2F",
            "..");
    private static final List<Pattern> PATTERNS =
            List.of(Pattern.compile("UP|UNKNOWN"), Pattern.compile("2\\.\\d+\\.\\d+"), Pattern.compile(".*"));

    static Stream<Arguments> batches() {
        return Fuzz.batches();
    }

    @ParameterizedTest(name = "seeds from {0}")
    @MethodSource("batches")
    void shouldAnswerEveryAssertionOnAnyBodyThatParses(final int firstSeed) {
        Fuzz.seeds(firstSeed).forEach(seed -> {
            Random random = new Random(seed);
            String body = Fuzz.mutate(random, BODIES.get(random.nextInt(BODIES.size())), JSON_TOKENS);
            JsonNode parsed;
            try {
                parsed = JSON.readTree(body);
            } catch (JsonProcessingException exception) {
                return; // the check reports a body that is not JSON as such
            }
            if (parsed == null) {
                return;
            }
            String pointer = pointer(random);
            JsonAssertion assertion = random.nextBoolean()
                    ? new JsonAssertion(pointer, List.of(Fuzz.hostileText(random), "UP"), null)
                    : new JsonAssertion(pointer, List.of(), PATTERNS.get(random.nextInt(PATTERNS.size())));
            try {
                Optional<String> mismatch = assertion.mismatch(parsed);
                mismatch.ifPresent(text -> assertThat(text).as("seed %d", seed).startsWith(pointer));
            } catch (RuntimeException exception) {
                fail("seed " + seed + " threw " + exception + " for pointer " + pointer + " on " + body, exception);
            }
        });
    }

    private static String pointer(final Random random) {
        StringBuilder pointer = new StringBuilder();
        int depth = 1 + random.nextInt(4);
        for (int level = 0; level < depth; level++) {
            pointer.append('/');
            pointer.append(
                    random.nextInt(4) == 0
                            ? Fuzz.randomCharacters(random, 1 + random.nextInt(4))
                            : POINTER_PARTS.get(random.nextInt(POINTER_PARTS.size())));
        }
        return pointer.toString();
    }
}
