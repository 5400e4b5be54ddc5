/**
 * The {@code release-gate} command line: the same gate outside Jenkins, for dry runs and other CI systems.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
