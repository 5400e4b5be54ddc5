/**
 * The per-build record of a gate: its action, gate page, decision endpoints and evidence files.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
