package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the evaluation of one snapshot found: measurements beside their thresholds, findings that are not
 * thresholds, the offending sessions and notes on what was not measured.
 */
public final class Evaluation {
    private final String server;
    private final List<Measurement> measurements;
    private final List<Finding> findings;
    private final List<String> offenders;
    private final List<String> notes;

    private Evaluation(final Builder builder) {
        this.server = builder.server;
        this.measurements = List.copyOf(builder.measurements);
        this.findings = List.copyOf(builder.findings);
        this.offenders = List.copyOf(builder.offenders);
        this.notes = List.copyOf(builder.notes);
    }

    static Builder builder(final String server) {
        return new Builder(server);
    }

    /**
     * Returns what was measured, such as {@code PostgreSQL 15.4 primary}.
     *
     * @return the server description
     */
    public String server() {
        return server;
    }

    public List<Measurement> measurements() {
        return measurements;
    }

    public List<Finding> findings() {
        return findings;
    }

    /**
     * Returns the offending sessions, one line each, worst first.
     *
     * @return the lines
     */
    public List<String> offenders() {
        return offenders;
    }

    /**
     * Returns notes on what was skipped or could not be judged.
     *
     * @return the notes
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * Returns the measurement of a metric.
     *
     * @param metric the metric name
     * @return the measurement, empty if not measured
     */
    public Optional<Measurement> measurement(final String metric) {
        return measurements.stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst();
    }

    /**
     * Returns the worst status of all measurements and findings.
     *
     * @return the status, ERROR if nothing was measured or found
     */
    public Status status() {
        return toResult(List.of()).getStatus();
    }

    /**
     * Builds the check result.
     *
     * @param trailer further detail lines, such as the cost of the measurement
     * @return the result
     */
    public CheckResult toResult(final List<String> trailer) {
        CheckResult.Builder result = CheckResult.builder();
        measurements.forEach(result::measurement);
        findings.forEach(finding -> result.raise(finding.status()));
        result.summary(summary());
        findings.stream()
                .sorted(Comparator.comparing(Finding::status).reversed())
                .forEach(finding -> result.detail(finding.status() + ": " + finding.message()));
        offenders.forEach(result::detail);
        notes.forEach(note -> result.detail("note: " + note));
        trailer.forEach(result::detail);
        return result.build();
    }

    private String summary() {
        List<String> parts = new ArrayList<>();
        findings.stream()
                .filter(finding -> finding.status() != Status.PASS)
                .sorted(Comparator.comparing(Finding::status).reversed())
                .forEach(finding -> parts.add(finding.message()));
        measurements.stream()
                .filter(measurement -> measurement.status() != Status.PASS)
                .sorted(Comparator.comparing(Measurement::status).reversed())
                .forEach(measurement -> parts.add(measurement.name() + " " + measurement.formattedValue() + " ("
                        + measurement.formattedThresholds() + ")"));
        if (parts.isEmpty()) {
            return server + ": all " + measurements.size() + " measurements within limits";
        }
        return server + ": " + String.join("; ", parts);
    }

    /**
     * Collects an evaluation.
     */
    static final class Builder {
        private String server;
        private final List<Measurement> measurements = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<String> offenders = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(final String server) {
            this.server = server;
        }

        Builder server(final String value) {
            server = value;
            return this;
        }

        Builder measurement(final Measurement measurement) {
            measurements.add(measurement);
            return this;
        }

        Builder finding(final Status status, final String message) {
            findings.add(new Finding(status, message));
            return this;
        }

        Builder offender(final String line) {
            offenders.add(line);
            return this;
        }

        Builder note(final String note) {
            notes.add(note);
            return this;
        }

        Evaluation build() {
            return new Evaluation(this);
        }
    }
}
