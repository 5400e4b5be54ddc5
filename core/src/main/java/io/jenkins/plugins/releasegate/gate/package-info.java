/**
 * The life of one gate, whoever hosts it: {@link io.jenkins.plugins.releasegate.gate.GateSession} runs the
 * checks, waits for decisions, confirms the evidence after the last approval, voids, times out, cancels and
 * settles; a {@link io.jenkins.plugins.releasegate.gate.GateHost} (the Jenkins step, the command line) gives
 * it threads, a timer, a place to persist and a way to end.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
