package io.jenkins.plugins.releasegate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RefusalMessagesTest {
    private static final String BUNDLE = "/io/jenkins/plugins/releasegate/approval/Messages";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
    private static final Instant OPENED = Instant.parse("2025-05-01T10:00:00Z");
    private static final Instant SOON = OPENED.plusSeconds(60);
    private static final Person VISITOR = new Person("visitor", "Visitor", Set.of("ops"), false, false);
    private static final Person DAVE = new Person("dave", "Dave Lead", Set.of("ops"), true, true);

    private static Properties bundle(final String suffix) throws IOException {
        Properties properties = new Properties();
        try (InputStream input = Objects.requireNonNull(
                        RefusalMessagesTest.class.getResourceAsStream(BUNDLE + suffix + ".properties"),
                        "Messages" + suffix + ".properties is missing");
                Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> placeholders(final String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static ApprovalLedger ledger(final ApprovalPolicy policy, final Status verdict) {
        return new ApprovalLedger(
                policy, IdentityMatcher.CASE_INSENSITIVE, Set.of(), Set.of(), verdict, "digest", OPENED);
    }

    @Test
    void shouldTranslateEveryRefusalIntoJapanese() throws IOException {
        // Given the English bundle and the Japanese one
        Properties english = bundle("");
        Properties japanese = bundle("_ja");

        // Then they hold the same keys, each translation fills in the same values, and none is left in English
        assertThat(english.stringPropertyNames()).isNotEmpty();
        assertThat(japanese.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            assertThat(placeholders(japanese.getProperty(key)))
                    .as(key)
                    .isEqualTo(placeholders(english.getProperty(key)));
            assertThat(japanese.getProperty(key)).as(key).isNotEqualTo(english.getProperty(key));
        }
    }

    @Test
    void shouldNameNoHostInAnyMessage() throws IOException {
        // Given both bundles, Then no sentence speaks of Jenkins: the core serves every host
        for (Properties bundle : List.of(bundle(""), bundle("_ja"))) {
            assertThat(bundle.values())
                    .allSatisfy(sentence -> assertThat(sentence.toString()).doesNotContainIgnoringCase("jenkins"));
        }
    }

    @Test
    void shouldSayARefusalInTheLanguageAskedFor() {
        // Given a pending gate and a person without the Approve permission
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults(), Status.PASS);

        // When the ledger is asked why she may not approve, in English and in Japanese
        // Then it answers in each language
        String english =
                "Visitor (visitor) lacks the Release Gate/Approve permission: ask an administrator to grant it.";
        String japanese = "Visitor (visitor) には Release Gate/Approve 権限がありません。管理者に権限の付与を依頼してください。";
        assertThat(ledger.whyMayNotApprove(VISITOR, SOON, Locale.ENGLISH)).contains(english);
        assertThat(ledger.whyMayNotApprove(VISITOR, SOON, Locale.ROOT)).contains(english);
        assertThat(ledger.whyMayNotApprove(VISITOR, SOON, Locale.JAPAN)).contains(japanese);
        assertThat(ledger.whyMayNotReject(VISITOR, SOON, Locale.JAPANESE)).contains(japanese);

        // And a refused decision carries the sentence in English, and in any language asked for
        DecisionRefusedException refused = catchThrowableOfType(
                DecisionRefusedException.class, () -> ledger.approve(VISITOR, "ok", null, "web", SOON));
        assertThat(refused).hasMessage(english);
        assertThat(refused.getLocalizedMessage(Locale.JAPANESE)).isEqualTo(japanese);
        assertThat(refused.getLocalizedMessage(Locale.GERMAN))
                .as("a language without a bundle")
                .isEqualTo(english);
    }

    @Test
    void shouldFillInEveryValueInJapanese() {
        // Given a failing gate that only ops-leads may override
        ApprovalLedger ledger = ledger(
                ApprovalPolicy.builder()
                        .onFail(ApprovalPolicy.OnFail.OVERRIDE)
                        .overriders(List.of("group:ops-leads"))
                        .build(),
                Status.FAIL);

        // When dave, who is not among them, overrides, Then the Japanese sentence names the verdict, the overriders and
        // him
        DecisionRefusedException refused = catchThrowableOfType(
                DecisionRefusedException.class, () -> ledger.approve(DAVE, "urgent", null, "web", SOON));
        assertThat(refused)
                .hasMessage(
                        "The checks ended in FAIL; only group:ops-leads may override them, and Dave Lead (dave) is not among them.");
        assertThat(refused.getLocalizedMessage(Locale.JAPANESE))
                .isEqualTo("チェック結果は FAIL です。上書きできるのは group:ops-leads だけで、Dave Lead (dave) は含まれていません。");
    }

    @Test
    void shouldSpeakEnglishWhenNoLanguageIsAskedForWhateverTheDefaultLocale() {
        // Given a machine whose default locale is Japanese
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.JAPAN);
        try {
            ApprovalLedger ledger = ledger(ApprovalPolicy.defaults(), Status.PASS);

            // When a decision is refused, Then its message and the ledger's answer are English, as recorded and logged
            DecisionRefusedException refused = catchThrowableOfType(
                    DecisionRefusedException.class, () -> ledger.approve(VISITOR, "ok", null, "web", SOON));
            assertThat(refused.getMessage()).startsWith("Visitor (visitor) lacks the Release Gate/Approve permission");
            assertThat(ledger.whyMayNotApprove(VISITOR, SOON)).get().asString().startsWith("Visitor (visitor) lacks");
            assertThat(ledger.whyMayNotApprove(VISITOR, SOON, Locale.ENGLISH))
                    .get()
                    .asString()
                    .startsWith("Visitor (visitor) lacks");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
