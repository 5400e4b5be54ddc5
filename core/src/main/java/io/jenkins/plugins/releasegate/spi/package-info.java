/**
 * The check SPI: check types, their settings, the context they run in, and the results they return.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
