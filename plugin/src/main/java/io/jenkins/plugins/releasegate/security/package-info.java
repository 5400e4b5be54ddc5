/**
 * The Release Gate permissions.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.security;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
