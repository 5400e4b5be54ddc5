/**
 * The {@code batchHealth} check: failed, stuck, running and overdue batch jobs, read from a Spring Batch
 * job repository, a SQL status query or an HTTP status endpoint, and judged by one set of rules.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
