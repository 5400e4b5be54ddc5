/**
 * Where a gate's checks run: on the agent of the enclosing {@code node} block, as the build's own steps do, or
 * on the controller, on threads of their own and only against the hosts an administrator allows.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.placement;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
