package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.notify.GateEvent;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A host whose time, timer and background thread the test drives: nothing happens unless the test says so,
 * so every interleaving of decisions, timeouts, cancellations and confirming runs can be played in order.
 */
final class TestHost implements GateHost {
    private Instant now;
    private volatile boolean gone;
    private final List<Timer> timers = new ArrayList<>();
    private final Deque<Runnable> background = new ArrayDeque<>();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<GatePhase> persisted = Collections.synchronizedList(new ArrayList<>());
    private final List<GateEnding> endings = Collections.synchronizedList(new ArrayList<>());
    private final List<Boolean> workspaceRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<GateEvent> events = Collections.synchronizedList(new ArrayList<>());

    @CheckForNull
    private volatile Consumer<GateEvent> listener;

    @CheckForNull
    private volatile WorkspaceFiles workspace;

    TestHost(final Instant start) {
        now = start;
    }

    @Override
    public GateEnvironment environment(final boolean withWorkspace) {
        workspaceRequests.add(withWorkspace);
        if (gone) {
            throw new IllegalStateException("the build is gone");
        }
        return GateEnvironment.builder()
                .clock(clock())
                .workspace(withWorkspace ? workspace : null)
                .build();
    }

    /** Gives the workspace to the runs that ask for one, as a host whose build has a workspace does. */
    void giveWorkspace(final WorkspaceFiles files) {
        workspace = files;
    }

    /** Makes the host fail to give an environment, as a host whose build was deleted does. */
    void loseTheBuild() {
        gone = true;
    }

    @Override
    public synchronized Clock clock() {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    @Override
    public void log(final String line) {
        lines.add(line);
    }

    @Override
    public void persist(final GateSession session) {
        persisted.add(session.getPhase());
    }

    @Override
    public synchronized Scheduled schedule(final Duration delay, final Runnable task) {
        Timer timer = new Timer(now.plus(delay), task);
        timers.add(timer);
        return () -> timer.cancelled = true;
    }

    @Override
    public synchronized void execute(final Runnable task) {
        background.add(task);
    }

    @Override
    public void onEvent(final GateEvent event) {
        events.add(event);
        Consumer<GateEvent> heard = listener;
        if (heard != null) {
            heard.accept(event);
        }
    }

    @Override
    public Optional<String> buildUrl() {
        return Optional.of("https://jenkins.example.com/job/orders/42/");
    }

    @Override
    public Optional<String> gateUrl() {
        return Optional.of("https://jenkins.example.com/job/orders/42/release-gate-orders/");
    }

    /** Hands every event to a listener too, such as a notifier. */
    void tellEventsTo(final Consumer<GateEvent> heard) {
        listener = heard;
    }

    List<GateEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void end(final GateEnding ending) {
        endings.add(ending);
    }

    /** Moves the clock on and runs the timers that are due, in the order of their due times. */
    void advance(final Duration duration) {
        List<Timer> due;
        synchronized (this) {
            now = now.plus(duration);
            due = timers.stream()
                    .filter(timer -> !timer.cancelled && !timer.due.isAfter(now))
                    .sorted(Comparator.comparing(timer -> timer.due))
                    .toList();
            timers.removeAll(due);
        }
        due.forEach(timer -> timer.task.run());
    }

    /** Runs the tasks handed to the background thread, such as a confirming run, until none is left. */
    void runBackground() {
        Runnable task;
        while ((task = nextBackgroundTask()) != null) {
            task.run();
        }
    }

    private synchronized Runnable nextBackgroundTask() {
        return background.poll();
    }

    synchronized int backgroundTasks() {
        return background.size();
    }

    synchronized long armedTimers() {
        return timers.stream().filter(timer -> !timer.cancelled).count();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<GatePhase> persisted() {
        return List.copyOf(persisted);
    }

    List<GateEnding> endings() {
        return List.copyOf(endings);
    }

    List<Boolean> workspaceRequests() {
        return List.copyOf(workspaceRequests);
    }

    private static final class Timer {
        private final Instant due;
        private final Runnable task;
        private volatile boolean cancelled;

        Timer(final Instant due, final Runnable task) {
            this.due = due;
            this.task = task;
        }
    }
}
