package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

class SettingsTest {
    private static final List<String> KEYS =
            List.of("id", "type", "required", "timeout", "thresholds", "url", "credentials");

    private final Problems problems = new Problems("gate.yaml");

    private Settings settings(final String yaml) {
        return Settings.of(new Yaml().compose(new StringReader(yaml)), "checks[0]", problems);
    }

    @ParameterizedTest(name = "distance({0}, {1}) = {2}")
    @CsvSource({
        "timeout, timeout, 0",
        "timout, timeout, 1",
        "tiemout, timeout, 2",
        "requried, required, 2",
        "'', abc, 3",
        "abc, '', 3",
        "kitten, sitting, 3",
        "credential, credentials, 1"
    })
    void shouldMeasureEditDistance(final String first, final String second, final int distance) {
        // Given two words
        // When their edit distance is measured, Then it counts insertions, deletions and substitutions
        assertThat(Settings.distance(first, second)).isEqualTo(distance);
        assertThat(Settings.distance(second, first)).isEqualTo(distance);
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
        "timout, timeout",
        "TIMEOUT, timeout",
        "requried, required",
        "credential, credentials",
        "treshold, thresholds",
        "URL, url"
    })
    void shouldSuggestTheClosestKnownWord(final String typo, final String suggestion) {
        // Given a misspelt key
        // When a suggestion is asked for, Then it names the closest known key
        assertThat(Settings.suggestion(typo, KEYS)).isEqualTo("; did you mean '" + suggestion + "'?");
    }

    @Test
    void shouldListKnownWordsWhenNothingIsClose() {
        // Given a key unlike every known key
        // When a suggestion is asked for, Then the known keys are listed instead
        assertThat(Settings.suggestion("colour", List.of("id", "type"))).isEqualTo("; known keys here: id, type.");
        assertThat(Settings.suggestion("colour", List.of())).isEqualTo("; this section takes no keys.");
    }

    @Test
    void shouldReadEveryKindOfValue() {
        // Given a mapping with values of every kind
        Settings settings = settings("""
                url: https://example.com
                enabled: TRUE
                count: 3
                timeout: 5m
                limit: 80%
                mode: on-fail
                names: [alice, bob]
                single: carol
                headers: {X-One: 1, X-Two: two}
                nested: {key: value}
                items:
                  - {a: 1}
                  - {a: 2}
                """);

        // When every key is read
        String url = settings.requiredString("url", "the URL");
        boolean enabled = settings.bool("enabled", false);
        int count = settings.integer("count", 1, 1, 10);
        Duration timeout = settings.duration("timeout", Duration.ZERO);
        double limit = settings.optionalQuantity("limit", Unit.PERCENT).orElseThrow();
        Mode mode = settings.choice("mode", Mode.class, Mode.ALWAYS);
        List<String> names = settings.stringList("names");
        List<String> single = settings.stringList("single");
        Map<String, String> headers = settings.stringMap("headers");
        Settings nested = settings.section("nested").orElseThrow();
        String nestedValue = nested.requiredString("key", "a value");
        List<Settings> items = settings.sectionList("items");
        items.forEach(item -> item.integer("a", 0, 0, 5));
        settings.reportUnknownKeys();

        // Then the values are read without problems
        assertThat(problems.asList()).isEmpty();
        assertThat(url).isEqualTo("https://example.com");
        assertThat(enabled).isTrue();
        assertThat(count).isEqualTo(3);
        assertThat(timeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(limit).isEqualTo(80.0);
        assertThat(mode).isEqualTo(Mode.ON_FAIL);
        assertThat(names).containsExactly("alice", "bob");
        assertThat(single).containsExactly("carol");
        assertThat(headers).containsExactly(Map.entry("X-One", "1"), Map.entry("X-Two", "two"));
        assertThat(nestedValue).isEqualTo("value");
        assertThat(items).extracting(Settings::path).containsExactly("checks[0].items[0]", "checks[0].items[1]");
        assertThat(Settings.yamlName(Mode.ON_FAIL)).isEqualTo("onFail");
    }

    @Test
    void shouldUseDefaultsForAbsentKeysAndReportKeysWithoutValueOnce() {
        // Given a mapping where a key is written without a value
        Settings settings = settings("present: ~\nother: x\n");

        // When absent keys and the key without value are read
        assertThat(settings.has("present")).isFalse();
        assertThat(settings.bool("absent", true)).isTrue();
        assertThat(settings.integer("present", 7, 1, 10)).isEqualTo(7);
        assertThat(settings.duration("absent", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.stringList("absent")).isEmpty();
        assertThat(settings.section("present")).isEmpty();
        assertThat(settings.optionalString("other")).contains("x");

        // Then the defaults apply, and the key without value is reported once: it is a mistake, not a choice
        assertThat(problems.asList())
                .extracting(Problem::toString)
                .containsExactly(
                        "gate.yaml:1:1: checks[0].present: has no value: give it one, or remove the key to keep its default");
    }

    @Test
    void shouldRecordWrongValuesWithTheirPosition() {
        // Given a mapping with wrong values
        Settings settings = settings("""
                enabled: yes please
                count: 42
                word: three
                timeout: soon
                limit: 80
                mode: sometimes
                blank: '  '
                list: {a: b}
                """);

        // When the keys are read
        settings.bool("enabled", false);
        settings.integer("count", 1, 1, 10);
        settings.integer("word", 1, 1, 10);
        settings.duration("timeout", Duration.ZERO);
        settings.optionalQuantity("limit", Unit.PERCENT);
        settings.choice("mode", Mode.class, Mode.ALWAYS);
        settings.requiredString("blank", "a name");
        settings.stringList("list");
        settings.requiredString("missing", "the thing that is missing");

        // Then every problem is recorded with line, column, path and what to do, in file order
        assertThat(problems.asList())
                .extracting(Problem::toString)
                .containsExactly(
                        "gate.yaml:1:1: checks[0].missing: is required: add 'missing:' with the thing that is missing",
                        "gate.yaml:1:10: checks[0].enabled: 'yes please' is not a boolean: write true or false",
                        "gate.yaml:2:8: checks[0].count: 42 is out of range: use a whole number from 1 to 10",
                        "gate.yaml:3:7: checks[0].word: 'three' is not a whole number: use a whole number from 1 to 10",
                        "gate.yaml:4:10: checks[0].timeout: 'soon' is not a duration: write a number with a unit, such as 500ms, 30s, 5m, 4h or 2d",
                        "gate.yaml:5:8: checks[0].limit: '80' is not a percentage: write it with a percent sign, such as 80%",
                        "gate.yaml:6:7: checks[0].mode: 'sometimes' is not allowed: use one of always, onFail, never",
                        "gate.yaml:7:8: checks[0].blank: is empty: give a name",
                        "gate.yaml:8:7: checks[0].list: expected a list of texts, found a mapping");
    }

    @Test
    void shouldReportUnknownKeysWithAHint() {
        // Given a mapping with a misspelt key and an unrelated one, and a nested mapping with a misspelt key
        Settings settings = settings("""
                url: https://example.com
                credentail: db
                colour: blue
                nested:
                  kee: value
                """);

        // When the known keys are read and unknown keys reported
        settings.requiredString("url", "the URL");
        settings.optionalString("credentials");
        settings.section("nested").orElseThrow().optionalString("key");
        settings.reportUnknownKeys();

        // Then each unknown key is an error at the key, with the closest known key or the list of known keys
        assertThat(problems.asList())
                .extracting(Problem::toString)
                .containsExactly(
                        "gate.yaml:2:1: checks[0].credentail: unknown key; did you mean 'credentials'? Remove it or correct its spelling: an unknown key is never ignored.",
                        "gate.yaml:3:1: checks[0].colour: unknown key; known keys here: url, credentials, nested. Remove it or correct its spelling: an unknown key is never ignored.",
                        "gate.yaml:5:3: checks[0].nested.kee: unknown key; did you mean 'key'? Remove it or correct its spelling: an unknown key is never ignored.");
    }

    @Test
    void shouldReportADuplicateKeyOnce() {
        // Given a mapping that names a key twice
        Settings settings = settings("url: a\nurl: b\n");

        // When it is read
        String url = settings.requiredString("url", "the URL");
        settings.reportUnknownKeys();

        // Then the second occurrence is an error and the first one is used
        assertThat(url).isEqualTo("a");
        assertThat(problems.asList())
                .extracting(Problem::toString)
                .containsExactly("gate.yaml:2:1: checks[0].url: 'url' is given twice; keep one");
    }

    @Test
    void shouldReportAWrongValueInAStringMapOnce() {
        // Given a map of texts where one value is a list
        Settings settings = settings("headers:\n  X-One: [a, b]\n  X-Two: two\n");

        // When it is read
        Map<String, String> headers = settings.stringMap("headers");

        // Then the wrong value is reported once, and the others are read
        assertThat(headers).containsExactly(Map.entry("X-Two", "two"));
        assertThat(problems.asList())
                .hasSize(1)
                .first()
                .hasToString("gate.yaml:2:10: checks[0].headers.X-One: expected a single value, found a list");
    }

    @Test
    void shouldReportAnEntryWithoutValueInAMapInsteadOfDroppingIt() {
        // Given a map of texts and a map of mappings, each with an entry that has no value
        Settings settings =
                settings("headers:\n  X-One:\n  X-Two: two\njobs:\n  orderExport:\n  invoiceRun: {status: /a}\n");

        // When they are read
        Map<String, String> headers = settings.stringMap("headers");
        Map<String, Settings> jobs = settings.sectionMap("jobs");

        // Then the entries with values are read, and each entry without one is reported where it is
        assertThat(headers).containsOnlyKeys("X-Two");
        assertThat(jobs).containsOnlyKeys("invoiceRun");
        assertThat(problems.asList())
                .extracting(Problem::toString)
                .containsExactly(
                        "gate.yaml:2:9: checks[0].headers.X-One: is empty: give a value, or remove it",
                        "gate.yaml:5:15: checks[0].jobs.orderExport: is empty: give its settings as a mapping, or remove it");
    }

    @Test
    void shouldRecordAProblemWhenAMappingIsExpected() {
        // Given a list where a mapping is expected
        // When it is read as settings
        Settings.of(new Yaml().compose(new StringReader("- a\n- b\n")), "", problems);

        // Then the problem is recorded at the start of the list
        assertThat(problems.asList())
                .extracting(Problem::toString)
                .containsExactly("gate.yaml:1:1: expected a mapping of keys to values, found a list");
    }

    @Test
    void shouldLocateKeys() {
        // Given a mapping
        Settings settings = settings("a: 1\nb:\n  c: 2\n");

        // When locations are asked for, Then they point at the value, or at the mapping for an absent key
        assertThat(settings.location("a")).isEqualTo("gate.yaml:1:4");
        assertThat(settings.location("b")).isEqualTo("gate.yaml:3:3");
        assertThat(settings.location("absent")).isEqualTo("gate.yaml:1:1");
        assertThat(settings.path("a")).isEqualTo("checks[0].a");
    }

    enum Mode {
        ALWAYS,
        ON_FAIL,
        NEVER
    }
}
