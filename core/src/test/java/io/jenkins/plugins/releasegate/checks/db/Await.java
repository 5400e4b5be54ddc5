package io.jenkins.plugins.releasegate.checks.db;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition that other sessions bring about, polling; fails the test if it never comes.
 * This bounds a wait, it asserts nothing about timing.
 */
final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Await() {
    }

    static void until(final String description, final Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + description);
            }
            Thread.sleep(50);
        }
    }
}
