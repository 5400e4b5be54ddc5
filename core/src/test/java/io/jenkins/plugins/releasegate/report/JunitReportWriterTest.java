package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JunitReportWriterTest {
    private static Document parse(final String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static Element testcase(final Document document, final String name) {
        NodeList cases = document.getElementsByTagName("testcase");
        for (int index = 0; index < cases.getLength(); index++) {
            Element element = (Element) cases.item(index);
            if (element.getAttribute("name").equals(name)) {
                return element;
            }
        }
        throw new AssertionError("no test case " + name);
    }

    private static Element child(final Element parent, final String tag) {
        NodeList children = parent.getElementsByTagName(tag);
        assertThat(children.getLength())
                .as("<%s> in <%s name=%s>", tag, parent.getTagName(), parent.getAttribute("name"))
                .isEqualTo(1);
        return (Element) children.item(0);
    }

    @Test
    void shouldWriteATestCasePerCheck() throws Exception {
        // Given a result with a check of every status
        GateResult result = ReportFixtures.result();

        // When it is written as JUnit XML and parsed
        String xml = new JunitReportWriter().write(result);
        Document document = parse(xml);

        // Then the suite counts the checks, FAIL is a failure, ERROR an error, and WARN and PASS pass with their
        // summary
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element suite = document.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("release-gate.orders release");
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("0");
        assertThat(suite.getAttribute("timestamp")).isEqualTo(ReportFixtures.STARTED.toString());
        assertThat(suite.getAttribute("time")).isEqualTo("2.345");
        assertThat(document.getElementsByTagName("testcase").getLength()).isEqualTo(4);

        Element database = testcase(document, "orders-db");
        assertThat(database.getAttribute("classname")).isEqualTo("release-gate.orders release.dbLoad");
        assertThat(database.getAttribute("time")).isEqualTo("1.500");
        assertThat(database.getElementsByTagName("failure").getLength()).isZero();
        assertThat(child(database, "system-out").getTextContent())
                .startsWith("PASS: all 3 measurements within limits\n")
                .contains("connectionsUsed 42.5% (warn ≥ 70%, fail ≥ 85%) PASS");

        Element health = testcase(document, "orders-health");
        assertThat(health.getElementsByTagName("failure").getLength()).isZero();
        assertThat(health.getElementsByTagName("error").getLength()).isZero();
        assertThat(child(health, "system-out").getTextContent())
                .startsWith("WARN: Slow: orders release\n")
                .contains("latency 800ms (warn ≥ 500ms, fail ≥ 2s) WARN");

        Element batch = testcase(document, "orders-batch");
        Element failure = child(batch, "failure");
        assertThat(failure.getAttribute("message")).isEqualTo("orders release is overloaded");
        assertThat(failure.getAttribute("type")).isEqualTo("FAIL");
        assertThat(failure.getTextContent()).contains("session 4711 of orders release idle in transaction for 2h\n");

        Element cache = testcase(document, "orders-cache");
        Element error = child(cache, "error");
        assertThat(error.getAttribute("message")).isEqualTo("could not reach orders release");
        assertThat(error.getAttribute("type")).isEqualTo("ERROR");
    }

    @Test
    void shouldKeepSpecialCharactersIntact() throws Exception {
        // Given texts with XML's special characters, markup, non-ASCII, and control characters from a terminal
        String special = "a < b && c > \"d\" 'e' ]]> <!-- x --> ≥ 80% 日本語";
        String control = "exit \u001b[31mred\u001b[0m\u0007 bell\u0000 nul";
        CheckResult failed = CheckResult.builder()
                .raise(Status.FAIL)
                .summary(special)
                .detail(special)
                .detail(control)
                .build();
        CheckResult warned =
                CheckResult.builder().raise(Status.WARN).summary(control).build();
        GateResult result = new GateResult(
                special,
                ReportFixtures.STARTED,
                ReportFixtures.FINISHED,
                ErrorPolicy.FAIL,
                List.of(
                        new CheckOutcome(
                                "special", "plain", true, null, failed, ReportFixtures.STARTED, Duration.ofMillis(1)),
                        new CheckOutcome(
                                "control", "plain", true, null, warned, ReportFixtures.STARTED, Duration.ofMillis(1))),
                List.of());

        // When it is written and parsed
        Document document = parse(new JunitReportWriter().write(result));

        // Then the special characters read back unchanged, and the control characters do not break the file
        assertThat(document.getDocumentElement().getAttribute("name")).isEqualTo("release-gate." + special);
        Element failure = child(testcase(document, "special"), "failure");
        assertThat(failure.getAttribute("message")).isEqualTo(special);
        assertThat(failure.getTextContent()).contains(special + "\n");
        assertThat(failure.getTextContent())
                .contains("exit ")
                .contains("[31mred")
                .contains(" bell")
                .contains(" nul");
        assertThat(child(testcase(document, "control"), "system-out").getTextContent())
                .startsWith("WARN: exit ");
    }

    @Test
    void shouldReplaceOnlyWhatXmlCannotHold() {
        // Given texts with characters XML 1.0 can and cannot hold
        // When they are cleaned, Then only the impossible ones are replaced
        assertThat(JunitReportWriter.xmlText("tab\tline\r\nemoji \uD83D\uDE00 ≥"))
                .isEqualTo("tab\tline\r\nemoji \uD83D\uDE00 ≥");
        assertThat(JunitReportWriter.xmlText("a\u0000b\u001bc\uD800d\uDC00e\uFFFE"))
                .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFD");
    }
}
