/**
 * Ops-owned gate profiles: the global configuration (Manage Jenkins › System › Release Gate), the folder property that
 * overrides it for the jobs inside a folder, and the profile provider that the {@code releaseGate} step asks.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.configuration;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
