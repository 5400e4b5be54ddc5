/**
 * Approval policy and ledger: who may decide, quorum, self-approval, override, timeout, evidence freshness.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.approval;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
