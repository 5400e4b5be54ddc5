/**
 * The {@code releaseGate} Pipeline step and its waiting execution.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
