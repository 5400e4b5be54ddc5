/**
 * The {@code dbLoad} check: load, saturation, locks and replication of a PostgreSQL, MySQL or MariaDB
 * server, read over one read-only connection. Readers fetch result rows; snapshots parse them and pure
 * evaluations turn them into measurements, so that the judging can be tested on rows of any server
 * version.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.checks.db;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
