/**
 * Test fixtures shared by the tests of several checks, such as real database servers started for a test class.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.testsupport;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
