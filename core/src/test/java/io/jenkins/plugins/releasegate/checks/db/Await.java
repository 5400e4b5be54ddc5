package io.jenkins.plugins.releasegate.checks.db;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition that other sessions bring about, polling; fails the test if it never comes.
 * This bounds a wait, it asserts nothing about timing.
 */
final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Await() {}

    static void until(final String description, final Callable<Boolean> condition) throws Exception {
        until(description, condition, () -> "");
    }

    /**
     * Waits, and when giving up says what the state was, so that a failure explains itself.
     */
    static void until(final String description, final Callable<Boolean> condition, final Callable<String> state)
            throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + description + stateOf(state));
            }
            Thread.sleep(50);
        }
    }

    private static String stateOf(final Callable<String> state) {
        try {
            String text = state.call();
            return text.isEmpty() ? "" : "; state then: " + text;
        } catch (Exception exception) {
            return "; the state could not be read: " + exception;
        }
    }
}
