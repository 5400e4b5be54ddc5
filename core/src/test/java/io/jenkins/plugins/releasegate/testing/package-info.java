/**
 * Check types and helpers for tests: a scripted check type whose checks are written in Java by the test,
 * and a plain check type that reports the status its definition names.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.testing;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
