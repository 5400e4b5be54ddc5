/**
 * What the checks that call HTTP endpoints share: a client whose exchanges, response bodies included, end
 * by the check's deadline, read at most a byte limit, stop at once when the check's thread is interrupted,
 * and leave no thread or connection behind when it is closed.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.httpclient;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
