package io.jenkins.plugins.releasegate.report;

import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code junit.xml}: one test case per check, so that Jenkins' JUnit plugin can trend checks. FAIL
 * is a failure, ERROR an error, WARN passes with its summary in {@code system-out}.
 */
public final class JunitReportWriter {
    /**
     * Renders a gate result as JUnit XML.
     *
     * @param result the result
     * @return the XML text
     */
    public String write(final GateResult result) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", xmlText("release-gate." + result.getGate()));
            xml.writeAttribute("tests", String.valueOf(result.getChecks().size()));
            xml.writeAttribute("failures", String.valueOf(count(result, Status.FAIL)));
            xml.writeAttribute("errors", String.valueOf(count(result, Status.ERROR)));
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("timestamp", result.getStartedAt().toString());
            xml.writeAttribute(
                    "time",
                    seconds(Duration.between(result.getStartedAt(), result.getFinishedAt())
                            .toMillis()));
            xml.writeCharacters("\n");
            for (CheckOutcome outcome : result.getChecks()) {
                writeCase(xml, result, outcome);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException exception) {
            throw new IllegalStateException("Writing XML to a string cannot fail", exception);
        }
        return text.toString();
    }

    private static void writeCase(final XMLStreamWriter xml, final GateResult result, final CheckOutcome outcome)
            throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", xmlText("release-gate." + result.getGate() + "." + outcome.type()));
        xml.writeAttribute("name", xmlText(outcome.id()));
        xml.writeAttribute("time", seconds(outcome.duration().toMillis()));
        String body = body(outcome);
        if (outcome.status() == Status.FAIL || outcome.status() == Status.ERROR) {
            xml.writeStartElement(outcome.status() == Status.FAIL ? "failure" : "error");
            xml.writeAttribute("message", xmlText(outcome.result().getSummary()));
            xml.writeAttribute("type", outcome.status().name());
            xml.writeCharacters(xmlText(body));
            xml.writeEndElement();
        } else {
            xml.writeStartElement("system-out");
            xml.writeCharacters(
                    xmlText(outcome.status() + ": " + outcome.result().getSummary() + "\n" + body));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static String body(final CheckOutcome outcome) {
        StringBuilder text = new StringBuilder();
        for (Measurement measurement : outcome.result().getMeasurements()) {
            text.append(measurement.name()).append(' ').append(measurement.formattedValue());
            if (!measurement.formattedThresholds().isEmpty()) {
                text.append(" (").append(measurement.formattedThresholds()).append(')');
            }
            text.append(' ').append(measurement.status()).append('\n');
        }
        outcome.result().getDetails().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /**
     * Replaces the characters XML 1.0 cannot hold (control characters other than tab and line breaks, such
     * as the escape sequences of coloured terminal output, and unpaired surrogates) with U+FFFD, so that the
     * file stays readable by every JUnit parser.
     */
    static String xmlText(final String text) {
        StringBuilder clean = null;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            boolean valid;
            if (Character.isHighSurrogate(character)) {
                valid = index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1));
                if (valid) {
                    if (clean != null) {
                        clean.append(character).append(text.charAt(index + 1));
                    }
                    index++;
                    continue;
                }
            } else {
                valid = character == '\t'
                        || character == '\n'
                        || character == '\r'
                        || character >= 0x20 && character <= 0xD7FF
                        || character >= 0xE000 && character <= 0xFFFD;
            }
            if (!valid && clean == null) {
                clean = new StringBuilder(text.length()).append(text, 0, index);
            }
            if (clean != null) {
                clean.append(valid ? character : '\uFFFD');
            }
        }
        return clean == null ? text : clean.toString();
    }

    private static long count(final GateResult result, final Status status) {
        return result.getChecks().stream()
                .filter(outcome -> outcome.status() == status)
                .count();
    }

    private static String seconds(final long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
