/**
 * What the gates prevented: compact gate records read from {@code report.json}, their statistics over a
 * period (outcomes, the checks that stopped releases, overrides, time to decision, a weekly trend), the
 * headline sentence, and JSON and CSV exports.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.statistics;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
