package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.testing.Fuzz;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.InputSource;

/**
 * Text from databases, HTTP bodies and definitions (markup, control characters, lone surrogates, unicode)
 * in gate names, summaries, details, notes, release names and approval comments: report.json parses,
 * junit.xml parses with external entities off, and report.html holds no element or event handler that
 * came from the text.
 */
class ReportFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>");
    private static final Pattern EVENT_HANDLER = Pattern.compile("(?i)(^|[\\s\"'/])on[a-z]+\\s*=");
    private static final List<String> FORBIDDEN_ELEMENTS =
            List.of("script", "img", "iframe", "svg", "object", "embed", "math", "base", "form");

    static Stream<Arguments> batches() {
        return Fuzz.batches();
    }

    @ParameterizedTest(name = "seeds from {0}")
    @MethodSource("batches")
    void shouldWriteWellFormedReportsWithoutElementsFromTheInput(final int firstSeed) throws Exception {
        for (int seed : Fuzz.seeds(firstSeed).toArray()) {
            Random random = new Random(seed);
            String text = Fuzz.hostileText(random);
            String note = Fuzz.hostileText(random);
            String comment = "accepted because " + Fuzz.hostileText(random);
            String release = Fuzz.hostileText(random);
            GateResult result = ReportFixtures.result(text, note);
            GateReport report;
            if (random.nextBoolean()) {
                report = GateReport.withoutApproval(result, ApprovalPolicy.defaults(), release, text);
            } else {
                ApprovalLedger ledger = ReportFixtures.eventfulLedger(result, comment);
                report = GateReport.withApproval(result, ledger, release, text);
            }

            String json;
            String junit;
            String html;
            try {
                json = new JsonReportWriter().write(report);
                junit = new JunitReportWriter().write(result);
                html = new HtmlReportWriter().write(report);
            } catch (RuntimeException exception) {
                fail("seed " + seed + " threw " + exception + " for " + text, exception);
                return;
            }

            assertThat(JSON.readTree(json)).as("seed %d", seed).isNotNull();
            assertThat(new JsonReportReader().read(new StringReader(json)))
                    .as("seed %d", seed)
                    .isNotNull();
            assertThat(parseXml(junit, seed)).as("seed %d", seed).isTrue();
            assertNoElementFromInput(html, seed);
        }
    }

    private static boolean parseXml(final String xml, final int seed) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setExpandEntityReferences(false);
            factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            return true;
        } catch (Exception exception) {
            fail("seed " + seed + ": junit.xml does not parse: " + exception + "\n" + xml, exception);
            return false;
        }
    }

    private static void assertNoElementFromInput(final String html, final int seed) {
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            String name = tag.group(1).toLowerCase(Locale.ROOT);
            assertThat(FORBIDDEN_ELEMENTS)
                    .as("seed %d: element <%s> in report.html", seed, name)
                    .doesNotContain(name);
            assertThat(EVENT_HANDLER.matcher(tag.group(2)).find())
                    .as("seed %d: event handler in %s", seed, tag.group())
                    .isFalse();
        }
    }
}
