package io.jenkins.plugins.releasegate.testsupport;

import io.jenkins.plugins.releasegate.notify.NotificationScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A host's threads as a test needs them: every task runs at once on one thread of its own, whatever its delay, and
 * the delays asked for are kept, so that backoffs are checked without waiting for them.
 */
public final class RecordingScheduler implements NotificationScheduler, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final List<Duration> delays = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void schedule(final Duration delay, final Runnable task) {
        delays.add(delay);
        thread.execute(task);
    }

    /** Returns the delays asked for that were not zero: the waits between attempts. */
    public List<Duration> waits() {
        return delays.stream().filter(delay -> !delay.isZero()).toList();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
