/**
 * Translations between Jenkins objects (workspace, credentials, build log, users) and the Jenkins-free core.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.integration;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
