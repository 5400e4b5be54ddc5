/**
 * The {@code rollbackPlan} check: a rollback plan file in the repository, validated for required content
 * and freshness; database migrations checked for reversibility (Flyway undo scripts, Liquibase rollbacks);
 * optionally Flyway's schema history and the previous release's artifact.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
