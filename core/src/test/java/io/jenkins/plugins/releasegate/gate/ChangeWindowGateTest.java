package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate with the built-in {@code changeWindow} check (found through the service loader, as hosts find it) waits
 * for approval while the clock moves: the run that confirms the approval repeats the check, so an approval that
 * arrives after the window closed is void.
 */
class ChangeWindowGateTest {
    /** Tuesday 2026-12-01, 15:00 in Berlin: one hour before the window closes. */
    private static final Instant START = Instant.parse("2026-12-01T14:00:00Z");

    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, true);
    private static final String CHECK = """
            version: 1
            name: orders
            checks:
              - id: change-window
                type: changeWindow
                timeZone: Europe/Berlin
                windows: [mon-thu 10:00-16:00]
                warnBeforeEnd: 30m
            """;
    private static final String WITH_CALENDAR = CHECK + "    holidays: {calendar: ops/holidays.ics}\n";
    private static Locale previous;

    private final TestHost host = new TestHost(START);

    @TempDir
    Path workspace;

    @BeforeAll
    static void english() {
        previous = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterAll
    static void restoreLocale() {
        Locale.setDefault(previous);
    }

    @Test
    void shouldVoidAnApprovalThatArrivesAfterTheWindowClosed() throws Exception {
        // Given a gate whose change window is open for another hour, waiting for approval
        GateSession session = session(CHECK + "approval:\n  timeout: 8h\n");
        session.runChecks();
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(session.getLedger().orElseThrow().getVerdict()).isEqualTo(Status.PASS);

        // When the clock moves past the window's end and only then the approval arrives
        host.advance(Duration.ofMinutes(90));
        GateState state = session.approve(ALICE, "looks good", null, "web");
        assertThat(state).isEqualTo(GateState.APPROVED);
        host.runBackground();

        // Then the confirming run repeats the check, finds the window closed, voids the approval and the gate fails
        assertThat(host.workspaceRequests()).containsExactly(true, false);
        assertThat(host.lines())
                .contains("Worse than what the approvers saw: change-window: PASS → FAIL (Closed: outside the windows "
                        + "(mon-thu 10:00-16:00); the window opens next at 2026-12-02T10:00+01:00 (Wednesday))");
        assertThat(session.getPhase()).isEqualTo(GatePhase.EVIDENCE_WORSENED);
        ApprovalLedger ledger = session.getLedger().orElseThrow();
        assertThat(ledger.getApprovers()).isEmpty();
        assertThat(ledger.getVerdict()).isEqualTo(Status.FAIL);
        assertThat(host.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.FAIL);
            assertThat(ending.message()).contains("the checks got worse after approval");
        });
    }

    @Test
    void shouldLetAnApprovalInsideTheWindowStand() throws Exception {
        // Given the same gate, waiting
        GateSession session = session(CHECK + "approval:\n  timeout: 8h\n");
        session.runChecks();

        // When the approval arrives while the window is still open
        host.advance(Duration.ofMinutes(20));
        session.approve(ALICE, "", null, "web");
        host.runBackground();

        // Then the repeated check still passes and the release proceeds
        assertThat(session.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.PROCEED);
    }

    @Test
    void shouldJudgeTheConfirmingRunWithTheHolidaysTheFirstRunReadFromTheWorkspace() throws Exception {
        // Given a gate with a holiday calendar in the workspace that makes tomorrow a holiday, and a policy that
        // lets a failure be approved again by overriders
        writeCalendar();
        host.giveWorkspace(new LocalWorkspaceFiles(workspace));
        GateSession session = session(WITH_CALENDAR + "approval:\n  timeout: 24h\n  onFail: override\n");
        session.runChecks();
        assertThat(session.getLedger().orElseThrow().getVerdict()).isEqualTo(Status.PASS);

        // When the approval arrives the next morning, inside the window's hours but on the holiday; the confirming
        // run has no workspace
        host.advance(Duration.ofHours(20));
        session.approve(ALICE, "", null, "web");
        host.runBackground();

        // Then the check used the calendar the first run read, the approval is void and the gate waits again
        assertThat(host.workspaceRequests()).containsExactly(true, false);
        assertThat(host.lines())
                .anyMatch(line -> line.startsWith("Worse than what the approvers saw: change-window: PASS → FAIL "
                        + "(Closed: holiday 'Company day' (2026-12-02, ops/holidays.ics)"));
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(session.getLedger().orElseThrow().getApprovers()).isEmpty();
        assertThat(host.endings()).isEmpty();
    }

    @Test
    void shouldNotPassAfterARestartThatLostTheCalendar() throws Exception {
        // Given a gate that read its holiday calendar, was approved inside the window, and is confirming
        writeCalendar();
        host.giveWorkspace(new LocalWorkspaceFiles(workspace));
        GateSession session = session(WITH_CALENDAR + "approval:\n  timeout: 8h\n");
        session.runChecks();
        session.approve(ALICE, "", null, "web");
        assertThat(session.getPhase()).isEqualTo(GatePhase.CONFIRMING);

        // When the host restarts: the session is restored and the definition loaded again, and the confirming run
        // has no workspace and no calendar read by this definition
        GateSession restored = (GateSession) SavedState.read(SavedState.write(session, "definition texts"))[0];
        TestHost restarted = new TestHost(START.plus(Duration.ofMinutes(5)));
        restored.resume(restarted, definition(WITH_CALENDAR + "approval:\n  timeout: 8h\n"));
        restarted.runBackground();

        // Then the check is ERROR, never PASS, the approval is void and the release does not proceed
        assertThat(restarted.lines())
                .anyMatch(line -> line.startsWith("Worse than what the approvers saw: change-window: PASS → ERROR "
                        + "(The holiday calendar ops/holidays.ics is in the workspace, which this run does not have, "
                        + "and no earlier run of this gate read it"));
        assertThat(restored.getPhase()).isEqualTo(GatePhase.EVIDENCE_WORSENED);
        assertThat(restarted.endings())
                .singleElement()
                .extracting(GateEnding::kind)
                .isEqualTo(GateEnding.Kind.FAIL);
    }

    private GateSession session(final String yaml) throws InvalidDefinitionException {
        return new GateSession(
                "orders",
                definition(yaml),
                true,
                "2.8.0",
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("bob"),
                Set.of(),
                host);
    }

    private static GateDefinition definition(final String yaml) throws InvalidDefinitionException {
        return new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "release-gate.yaml");
    }

    private void writeCalendar() throws IOException {
        Files.createDirectories(workspace.resolve("ops"));
        Files.writeString(workspace.resolve("ops/holidays.ics"), """
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//Holidays//EN
                BEGIN:VEVENT
                UID:company-day@example.com
                DTSTART;VALUE=DATE:20261202
                SUMMARY:Company day
                END:VEVENT
                END:VCALENDAR
                """, StandardCharsets.UTF_8);
    }
}
