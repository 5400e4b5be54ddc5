package io.jenkins.plugins.releasegate.notify;

import java.time.Duration;

/** Runs the deliveries of notifications on a host's threads, never on the gate's. */
@FunctionalInterface
public interface NotificationScheduler {
    /**
     * Runs a task once after a delay, on another thread; the task may block on the network.
     *
     * @param delay how long to wait, zero or more
     * @param task the task
     */
    void schedule(Duration delay, Runnable task);
}
