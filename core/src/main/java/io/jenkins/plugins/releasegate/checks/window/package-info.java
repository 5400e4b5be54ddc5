/**
 * The {@code changeWindow} check: whether a release may happen now, judged by weekly windows, freezes and
 * holidays (inline or from an iCalendar file in the workspace) in an explicit time zone.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.window;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
