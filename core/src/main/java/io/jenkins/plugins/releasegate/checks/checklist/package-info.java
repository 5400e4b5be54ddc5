/**
 * The {@code checklist} check: release checklist items that approvers confirm when they approve.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.checklist;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
