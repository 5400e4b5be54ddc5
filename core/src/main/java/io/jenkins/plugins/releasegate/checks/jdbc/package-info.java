/**
 * What the checks that read a database share: the JDBC URL of a gate definition and its validation, the
 * driver loaded by class name, the login from credentials, timeouts fitted inside the check's timeout, a
 * session marked read-only with statement and lock timeouts, and SQL errors turned into FAIL or ERROR
 * with a message that says what to do and holds no secret.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.jdbc;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
