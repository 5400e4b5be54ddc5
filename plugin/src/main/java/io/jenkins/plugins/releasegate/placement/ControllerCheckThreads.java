package io.jenkins.plugins.releasegate.placement;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.init.Terminator;
import hudson.security.ACL;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.security.ImpersonatingExecutorService;
import jenkins.util.ErrorLoggingExecutorService;
import jenkins.util.SystemProperties;

/**
 * The controller's threads for release gates: they read definitions, drive the checks (here, or waiting for an
 * agent) and confirm approvals. At most {@link #SIZE} at once (system property
 * {@code io.jenkins.plugins.releasegate.placement.ControllerCheckThreads.size}, 8 by default); further gates
 * wait their turn. Threads are named {@value #NAME}, run as SYSTEM and end when Jenkins stops.
 */
public final class ControllerCheckThreads {
    /** The name of the threads. */
    public static final String NAME = "Release Gate checks";

    /** The most threads at once. */
    static final int SIZE =
            Math.max(1, SystemProperties.getInteger(ControllerCheckThreads.class.getName() + ".size", 8));

    @CheckForNull
    private static ExecutorService executor;

    private ControllerCheckThreads() {}

    /**
     * Runs a task on one of the threads, as SYSTEM.
     *
     * @param task the task
     * @return its future, to cancel it
     */
    public static Future<?> submit(final Runnable task) {
        return get().submit(task);
    }

    private static synchronized ExecutorService get() {
        ExecutorService current = executor;
        if (current == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    SIZE,
                    SIZE,
                    60,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), NAME));
            pool.allowCoreThreadTimeOut(true);
            current = new ImpersonatingExecutorService(new ErrorLoggingExecutorService(pool), ACL.SYSTEM2);
            executor = current;
        }
        return current;
    }

    /** Stops the threads when Jenkins stops: running checks are interrupted. */
    @Terminator
    public static synchronized void shutdown() {
        ExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdownNow();
        }
    }
}
