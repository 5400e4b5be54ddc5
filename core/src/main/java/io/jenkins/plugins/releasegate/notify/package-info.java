/**
 * Notifications about a gate: the events a {@link io.jenkins.plugins.releasegate.gate.GateSession} emits
 * ({@link io.jenkins.plugins.releasegate.notify.GateEvent}), the {@code notifications:} section of an ops profile
 * ({@link io.jenkins.plugins.releasegate.notify.NotificationSettings}), the payloads sent for them, their
 * HMAC signature, and the {@link io.jenkins.plugins.releasegate.notify.Notifier} that delivers them with bounded
 * retries without ever blocking or failing the gate.
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.releasegate.notify;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;
