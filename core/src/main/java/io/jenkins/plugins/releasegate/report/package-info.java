/**
 * Reports written with every gate run: JSON, standalone HTML and JUnit XML.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.report;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
