package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.gate.GateSession;

/**
 * The running step behind a gate page, which holds the gate's session; the page hands it the decisions
 * people make, and the session judges them.
 */
public interface GateSessionHolder {
    /** Returns the gate's id within the build, {@code null} while the definition is being read. */
    @CheckForNull
    String getGateId();

    /** Returns the gate's session, {@code null} while the definition is being read. */
    @CheckForNull
    GateSession getSession();

    /** Returns the name of the ops profile the gate runs under, {@code null} if none applied. */
    @CheckForNull
    String getProfileName();
}
