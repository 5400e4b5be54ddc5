package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a check found: a status, a one-line summary, the measured values beside their thresholds, and
 * bounded details such as the offending sessions or executions. The summary, the details and the measurement
 * names are kept on one line each, with control and format characters replaced (see {@link PrintableText}),
 * since they may quote remote data that would otherwise reach terminals and build logs.
 */
public final class CheckResult implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The most detail lines kept; further lines are counted, not kept. */
    public static final int MAX_DETAILS = 100;
    /** The longest detail line kept; longer lines are cut. */
    public static final int MAX_DETAIL_LENGTH = 500;
    /** The longest summary kept. */
    public static final int MAX_SUMMARY_LENGTH = 300;
    /** What ends a text that was cut. */
    private static final String CUT = "…";

    private final Status status;
    private final String summary;
    private final List<Measurement> measurements;
    private final List<String> details;

    private CheckResult(
            final Status status,
            final String summary,
            final List<Measurement> measurements,
            final List<String> details) {
        this.status = Objects.requireNonNull(status);
        String line = oneLine(summary);
        this.summary = truncate(line, MAX_SUMMARY_LENGTH);
        this.measurements = measurements.stream()
                .map(measurement -> measurement.name().equals(printableLine(measurement.name()))
                        ? measurement
                        : new Measurement(
                                printableLine(measurement.name()),
                                measurement.value(),
                                measurement.unit(),
                                measurement.direction(),
                                measurement.warnAt(),
                                measurement.failAt(),
                                measurement.status()))
                .toList();
        List<String> printableDetails =
                details.stream().map(CheckResult::printableLine).toList();
        if (line.length() > MAX_SUMMARY_LENGTH) {
            List<String> withFullSummary = new ArrayList<>();
            withFullSummary.add(truncate("Summary in full: " + line, MAX_DETAIL_LENGTH));
            withFullSummary.addAll(printableDetails);
            this.details = List.copyOf(withFullSummary);
        } else {
            this.details = printableDetails;
        }
    }

    /**
     * Creates a result without measurements.
     *
     * @param status the status
     * @param summary the one-line summary
     * @return the result
     */
    public static CheckResult of(final Status status, final String summary) {
        return new CheckResult(status, summary, List.of(), List.of());
    }

    /**
     * Creates an ERROR result: nothing could be measured.
     *
     * @param summary what could not be done and what to do about it
     * @return the result
     */
    public static CheckResult error(final String summary) {
        return of(Status.ERROR, summary);
    }

    /**
     * Starts a result.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    public Status getStatus() {
        return status;
    }

    public String getSummary() {
        return summary;
    }

    public List<Measurement> getMeasurements() {
        return measurements;
    }

    public List<String> getDetails() {
        return details;
    }

    /**
     * Returns a copy with every occurrence of the given texts replaced, used to keep secrets out of
     * reports.
     *
     * @param secrets the texts to hide
     * @return the scrubbed result
     */
    public CheckResult redact(final Iterable<String> secrets) {
        return new CheckResult(
                status,
                redactCut(summary, secrets),
                measurements.stream()
                        .map(measurement -> new Measurement(
                                Redaction.redact(measurement.name(), secrets),
                                measurement.value(),
                                measurement.unit(),
                                measurement.direction(),
                                measurement.warnAt(),
                                measurement.failAt(),
                                measurement.status()))
                        .toList(),
                details.stream().map(line -> redactCut(line, secrets)).toList());
    }

    /**
     * Redacts a text that may have been cut to its maximum length: besides every whole secret, the
     * beginning of a secret left just before the cut mark is hidden too.
     */
    private static String redactCut(final String text, final Iterable<String> secrets) {
        String redacted = Redaction.redact(text, secrets);
        if (!redacted.endsWith(CUT)) {
            return redacted;
        }
        String kept = redacted.substring(0, redacted.length() - CUT.length());
        int longest = 0;
        for (String secret : secrets) {
            for (int length = Math.min(secret.length() - 1, kept.length()); length > longest; length--) {
                if (kept.endsWith(secret.substring(0, length))) {
                    longest = length;
                    break;
                }
            }
        }
        return longest == 0 ? redacted : kept.substring(0, kept.length() - longest) + Redaction.MASK + CUT;
    }

    private static String oneLine(final String summary) {
        String line = PrintableText.of(summary).strip().replaceAll("\\s*\\n+\\s*", " ");
        return line.isEmpty() ? "(no summary)" : line;
    }

    /** Returns a text on one line, every control and format character replaced (see {@link PrintableText}). */
    private static String printableLine(final String text) {
        return PrintableText.of(text).replaceAll("\n+", " ");
    }

    private static String truncate(final String text, final int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + CUT;
    }

    @Override
    public String toString() {
        return status + ": " + summary;
    }

    /**
     * Builds a result from measurements and findings. The status is the worst of every measurement and
     * every raised status; a result with neither is ERROR, because nothing was measured.
     */
    public static final class Builder {
        @CheckForNull
        private Status status;

        @CheckForNull
        private String summary;

        private final List<Measurement> measurements = new ArrayList<>();
        private final List<String> details = new ArrayList<>();
        private int droppedDetails;

        private Builder() {}

        /**
         * Adds a measurement; its status raises the result's status.
         *
         * @param measurement the measurement
         * @return this builder
         */
        public Builder measurement(final Measurement measurement) {
            measurements.add(measurement);
            raise(measurement.status());
            return this;
        }

        /**
         * Raises the status to at least the given one.
         *
         * @param atLeast the status
         * @return this builder
         */
        public Builder raise(final Status atLeast) {
            status = status == null ? atLeast : Status.worst(status, atLeast);
            return this;
        }

        /**
         * Sets the one-line summary. Without one, the summary names the worst measurements.
         *
         * @param text the summary
         * @return this builder
         */
        public Builder summary(final String text) {
            summary = text;
            return this;
        }

        /**
         * Adds a detail line, cut to {@value #MAX_DETAIL_LENGTH} characters; past {@value #MAX_DETAILS}
         * lines, lines are only counted.
         *
         * @param line the line
         * @return this builder
         */
        public Builder detail(final String line) {
            if (details.size() < MAX_DETAILS) {
                details.add(truncate(line.replaceAll("[\\r\\n]+", " "), MAX_DETAIL_LENGTH));
            } else {
                droppedDetails++;
            }
            return this;
        }

        /**
         * Returns the status so far, {@code null} if nothing was measured or raised yet.
         *
         * @return the status
         */
        @CheckForNull
        public Status currentStatus() {
            return status;
        }

        /**
         * Builds the result.
         *
         * @return the result
         */
        public CheckResult build() {
            List<String> allDetails = new ArrayList<>(details);
            if (droppedDetails > 0) {
                allDetails.add("… and " + droppedDetails + " more lines not shown");
            }
            if (status == null) {
                return new CheckResult(
                        Status.ERROR, summary == null ? "nothing was measured" : summary, measurements, allDetails);
            }
            return new CheckResult(status, summary == null ? defaultSummary() : summary, measurements, allDetails);
        }

        private String defaultSummary() {
            List<Measurement> offenders = measurements.stream()
                    .filter(measurement -> measurement.status() != Status.PASS)
                    .sorted(Comparator.comparing(Measurement::status).reversed())
                    .toList();
            if (offenders.isEmpty()) {
                return measurements.isEmpty()
                        ? String.valueOf(status)
                        : "all " + measurements.size() + " measurements within limits";
            }
            return String.join(
                    "; ",
                    offenders.stream()
                            .map(measurement -> measurement.name() + " " + measurement.formattedValue() + " ("
                                    + measurement.formattedThresholds() + ")")
                            .toList());
        }
    }
}
