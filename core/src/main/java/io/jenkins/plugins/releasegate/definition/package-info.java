/**
 * Gate definitions: YAML loading with precise problem reports, and the merge of an ops-owned profile with a repository definition.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.definition;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
