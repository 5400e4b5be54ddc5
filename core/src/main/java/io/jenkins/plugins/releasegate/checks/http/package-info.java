/**
 * The {@code httpHealth} check: an HTTP endpoint answers in time with the expected status and body.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.http;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
