package io.jenkins.plugins.releasegate.testing;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded inputs for the {@code *FuzzTest} classes. Each property checks {@link #tries()} inputs, in batches of
 * {@value #BATCH} per parameterized invocation; input {@code n} comes from {@code new Random(n)}, so a failure
 * names the seed that reproduces it. {@code -Dfuzz.tries=10000} (the Maven profile {@code fuzz}) runs more.
 */
public final class Fuzz {
    /** Inputs checked by one parameterized invocation. */
    public static final int BATCH = 100;

    private static final List<String> HOSTILE = List.of(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "\"><svg onload=alert(1)>",
            "<iframe src=javascript:alert(1)>",
            "]]>",
            "<![CDATA[",
            "&amp;",
            "&#0;",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
            "\u0000",
            "\u0007",
            "\u001b[8m",
            "\u202e",
            "\ud800",
            "\udfff",
            "\ufeff",
            "\uffff",
            "😀",
            "日本語",
            "\r\n",
            "\\",
            "'",
            "\"",
            "`",
            "${x}",
            "%s",
            "{{x}}",
            "999999999999999999999999999999",
            "1e400",
            "-0",
            "NaN",
            "null");

    private Fuzz() {}

    /**
     * Returns how many inputs each property checks.
     *
     * @return the system property {@code fuzz.tries}, 200 without it
     */
    public static int tries() {
        return Integer.getInteger("fuzz.tries", 200);
    }

    /**
     * Returns the batches of seeds, one argument (the first seed of the batch) per invocation.
     *
     * @return the first seeds
     */
    public static Stream<Arguments> batches() {
        int batches = Math.max(1, (tries() + BATCH - 1) / BATCH);
        return IntStream.range(0, batches).mapToObj(batch -> Arguments.of(batch * BATCH));
    }

    /**
     * Returns the seeds of a batch.
     *
     * @param first the first seed
     * @return the seeds
     */
    public static IntStream seeds(final int first) {
        return IntStream.range(first, first + BATCH);
    }

    /**
     * Returns a piece of text a stranger might send: markup, control characters, lone surrogates, unicode,
     * huge numbers or random characters.
     *
     * @param random the source of randomness
     * @return the text
     */
    public static String hostileText(final Random random) {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int part = 0; part < parts; part++) {
            switch (random.nextInt(3)) {
                case 0 -> text.append(HOSTILE.get(random.nextInt(HOSTILE.size())));
                case 1 -> text.append(randomCharacters(random, 1 + random.nextInt(12)));
                default -> text.append("job-").append(random.nextInt(1000));
            }
        }
        return text.toString();
    }

    /**
     * Returns random characters, from ASCII, control characters and the rest of the BMP.
     *
     * @param random the source of randomness
     * @param count how many
     * @return the characters
     */
    public static String randomCharacters(final Random random, final int count) {
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < count; index++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (kind < 8) {
                text.append((char) random.nextInt(0x20));
            } else {
                text.append((char) random.nextInt(0x10000));
            }
        }
        return text.toString();
    }

    /**
     * Mutates a text document a few times: inserts tokens of its syntax or hostile text, deletes or repeats
     * ranges, swaps lines.
     *
     * @param random the source of randomness
     * @param document the document
     * @param tokens tokens of the document's syntax
     * @return the mutated document
     */
    public static String mutate(final Random random, final String document, final List<String> tokens) {
        StringBuilder text = new StringBuilder(document);
        int mutations = 1 + random.nextInt(5);
        for (int mutation = 0; mutation < mutations; mutation++) {
            int position = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(6)) {
                case 0, 1 -> text.insert(position, tokens.get(random.nextInt(tokens.size())));
                case 2 -> text.insert(position, hostileText(random));
                case 3 -> {
                    int end = Math.min(text.length(), position + random.nextInt(30));
                    text.delete(position, end);
                }
                case 4 -> {
                    int end = Math.min(text.length(), position + random.nextInt(60));
                    text.insert(end, text.substring(position, end));
                }
                default -> {
                    List<String> lines =
                            new java.util.ArrayList<>(List.of(text.toString().split("\n", -1)));
                    if (lines.size() > 1) {
                        int first = random.nextInt(lines.size());
                        int second = random.nextInt(lines.size());
                        String line = lines.get(first);
                        lines.set(first, lines.get(second));
                        lines.set(second, line);
                    }
                    text = new StringBuilder(String.join("\n", lines));
                }
            }
        }
        return text.toString();
    }

    /** Tokens of YAML. */
    public static final List<String> YAML_TOKENS = List.of(
            ": ",
            "- ",
            "\n",
            "\n  ",
            "\n    - ",
            "  ",
            "\t",
            "{",
            "}",
            "[",
            "]",
            ",",
            "?",
            "!!str ",
            "!!int ",
            "!!binary ",
            "!!map ",
            "!!javax.script.ScriptEngineManager ",
            "&anchor ",
            "*anchor",
            "<<: *anchor",
            "\"",
            "'",
            "#",
            "|\n",
            ">\n",
            "~",
            "null",
            "true",
            "no",
            "0x1F",
            "0o17",
            ".inf",
            "-.inf",
            ".nan",
            "1e400",
            "-1",
            "0",
            "99999999999999999999",
            "2147483648",
            "9223372036854775808",
            "1.5",
            "30s",
            "-5m",
            "1000000000d",
            "2026-13-45",
            "key: value",
            "unknownKey: 1",
            "checks: ",
            "type: ",
            "id: ",
            "version: 2",
            "%YAML 1.1\n",
            "---\n",
            "...\n",
            "[[[[[[[[[[",
            "{a: {b: {c: {d: {}}}}}");
}
