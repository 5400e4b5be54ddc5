package io.jenkins.plugins.releasegate.build;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.report.GateReport;
import java.util.Optional;

/**
 * The open gate behind a gate page: the waiting step execution, which holds the approval ledger. The
 * gate page hands it the decisions people make; the ledger judges them.
 */
public interface GateDecisions {
    /**
     * Returns the gate's id within the build.
     *
     * @return the id, {@code null} while the definition is being read
     */
    @CheckForNull
    String getGateId();

    /**
     * Records an approval.
     *
     * @param person who approves
     * @param comment the comment or justification, empty if none
     * @param digestSeen the digest of the evidence the person looked at, {@code null} if unknown
     * @param channel {@code web} or {@code api}
     * @return the state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the approval is not taken
     */
    GateState approve(Person person, String comment, @CheckForNull String digestSeen, String channel)
            throws DecisionRefusedException;

    /**
     * Records a rejection.
     *
     * @param person who rejects
     * @param comment the reason
     * @param channel {@code web} or {@code api}
     * @return the state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the rejection is not taken
     */
    GateState reject(Person person, String comment, String channel) throws DecisionRefusedException;

    /**
     * Says why a person may not approve now.
     *
     * @param person the person
     * @return the sentence, empty if they may
     */
    Optional<String> whyMayNotApprove(Person person);

    /**
     * Says why a person may not reject now.
     *
     * @param person the person
     * @return the sentence, empty if they may
     */
    Optional<String> whyMayNotReject(Person person);

    /**
     * Returns the report of the gate as it stands.
     *
     * @return the report, empty while the checks run
     */
    Optional<GateReport> currentReport();
}
