package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every string of the pending-gates page has its Japanese translation beside it. */
class PendingGatesPageTranslationTest {
    private static final String VIEW = "/io/jenkins/plugins/releasegate/pending/PendingGatesPage/";
    private static final Pattern KEY = Pattern.compile("\\$\\{%([^}(]+)");

    @Test
    void shouldTranslateEveryStringOfThePageIntoJapanese() throws IOException {
        // Given the keys the page's view uses
        Set<String> keys = new LinkedHashSet<>();
        Matcher matcher = KEY.matcher(read(VIEW + "index.jelly"));
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }

        // When the Japanese strings are read
        Properties japanese = properties(VIEW + "index_ja.properties");
        Properties messages = properties("/io/jenkins/plugins/releasegate/pending/Messages_ja.properties");

        // Then every key has a translation, and so has the page's name
        assertThat(keys).contains("Waiting", "Decided recently", "I may decide", "noneWaiting");
        assertThat(japanese.stringPropertyNames()).containsAll(keys);
        assertThat(japanese.getProperty("Waiting")).isEqualTo("承認待ち");
        assertThat(messages.getProperty("PendingGatesPage.displayName")).isEqualTo("リリースゲート一覧");
    }

    private static String read(final String resource) throws IOException {
        try (InputStream input = PendingGatesPageTranslationTest.class.getResourceAsStream(resource)) {
            assertThat(input).as(resource).isNotNull();
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Properties properties(final String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream input = PendingGatesPageTranslationTest.class.getResourceAsStream(resource)) {
            assertThat(input).as(resource).isNotNull();
            properties.load(new InputStreamReader(input, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
