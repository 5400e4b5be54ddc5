/**
 * The {@code alerts} check: no alert matching the release's labels fires in Alertmanager, read through its
 * API v2.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.alerts;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
