/**
 * The {@code prometheus} check: PromQL queries against a Prometheus-compatible HTTP API, each judged
 * against its own thresholds, per series.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.prometheus;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
