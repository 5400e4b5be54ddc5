/**
 * The pending-gates page: an index of the open gates of every build and of the gates settled recently, kept as the
 * gates' sessions change, and the root page and remote API that list them for the people who may see them.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.pending;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
