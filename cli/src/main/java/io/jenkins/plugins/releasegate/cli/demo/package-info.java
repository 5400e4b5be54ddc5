/**
 * {@code release-gate demo}: an embedded PostgreSQL with an orders database under load, a Spring Batch job
 * repository, a repository with a rollback plan and migrations, and an HTTP health endpoint, for the real
 * checks to run against.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.cli.demo;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
