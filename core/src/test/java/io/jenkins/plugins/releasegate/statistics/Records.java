package io.jenkins.plugins.releasegate.statistics;

import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Gate records of the shapes statistics meet, as reports would give them. */
final class Records {
    private Records() {}

    /** A checks-only gate whose checks passed. */
    static GateRecord passed(final String job, final Instant startedAt) {
        return new GateRecord(
                job, "1", "release", startedAt, Status.PASS, GateReport.NOT_REQUESTED, List.of(), List.of(), List.of());
    }

    /** A gate that the named checks (type:id) blocked, nobody being allowed to override. */
    static GateRecord blocked(final String job, final Instant startedAt, final String... checks) {
        return new GateRecord(
                job,
                "1",
                "release",
                startedAt,
                Status.FAIL,
                GateReport.NOT_REQUESTED,
                references(checks),
                List.of(),
                List.of());
    }

    /** A blocking gate that a person overrode after a while, with a justification. */
    static GateRecord overridden(
            final String job,
            final Instant startedAt,
            final Duration after,
            final String user,
            final String why,
            final String... checks) {
        return new GateRecord(
                job,
                "1",
                "release",
                startedAt,
                Status.FAIL,
                GateState.APPROVED.name(),
                references(checks),
                List.of(),
                List.of(decision(LedgerEntry.Kind.OVERRIDE, user, startedAt.plus(after), why)));
    }

    /** A gate that passed and a person approved after a while. */
    static GateRecord approved(final String job, final Instant startedAt, final Duration after) {
        return new GateRecord(
                job,
                "1",
                "release",
                startedAt,
                Status.PASS,
                GateState.APPROVED.name(),
                List.of(),
                List.of(),
                List.of(decision(LedgerEntry.Kind.APPROVE, "bob", startedAt.plus(after), "")));
    }

    /** A gate with a warning that a person rejected after a while. */
    static GateRecord rejected(
            final String job, final Instant startedAt, final Duration after, final String... warnings) {
        return new GateRecord(
                job,
                "1",
                "release",
                startedAt,
                Status.WARN,
                GateState.REJECTED.name(),
                List.of(),
                references(warnings),
                List.of(decision(LedgerEntry.Kind.REJECT, "carol", startedAt.plus(after), "not tonight")));
    }

    /** A gate that waited in vain. */
    static GateRecord timedOut(final String job, final Instant startedAt) {
        return new GateRecord(
                job,
                "1",
                "release",
                startedAt,
                Status.PASS,
                GateState.TIMED_OUT.name(),
                List.of(),
                List.of(),
                List.of(decision(LedgerEntry.Kind.TIMEOUT, LedgerEntry.SYSTEM, startedAt.plusSeconds(86400), "")));
    }

    static GateDecision decision(
            final LedgerEntry.Kind kind, final String user, final Instant at, final String comment) {
        return new GateDecision(kind, user, user.toUpperCase(java.util.Locale.ROOT), at, comment);
    }

    private static List<CheckReference> references(final String... checks) {
        return Arrays.stream(checks)
                .map(check -> new CheckReference(
                        check.substring(0, check.indexOf(':')), check.substring(check.indexOf(':') + 1)))
                .toList();
    }
}
