/**
 * The gate runner: concurrent checks with timeouts, and the verdict.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.runner;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
