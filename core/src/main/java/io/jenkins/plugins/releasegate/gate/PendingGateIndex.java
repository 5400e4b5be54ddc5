package io.jenkins.plugins.releasegate.gate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The open gates of a host and the ones settled most recently, by key ({@link PendingGateView#getKey()}), so that a
 * list of pending gates reads what the sessions reported instead of every build. A host hands it every change of a
 * session ({@link #update}): a gate that waits or confirms is open; a gate that settles after it waited leaves the
 * open gates and joins the recently settled ones, of which the index keeps at most a bounded number, the latest;
 * a gate that settles without ever waiting (checks only, blocked at once) is not listed. Thread-safe; its memory
 * is bounded by the open gates plus the capacity.
 */
public final class PendingGateIndex {
    /** How many settled gates an index keeps unless told otherwise. */
    public static final int DEFAULT_RECENT_CAPACITY = 100;

    private final int recentCapacity;
    private final Map<String, PendingGateView> open = new LinkedHashMap<>();
    private final Deque<PendingGateView> recent = new ArrayDeque<>();

    /** Creates an index that keeps the {@value #DEFAULT_RECENT_CAPACITY} gates settled last. */
    public PendingGateIndex() {
        this(DEFAULT_RECENT_CAPACITY);
    }

    /**
     * Creates an index.
     *
     * @param recentCapacity how many settled gates to keep, at least 0
     */
    public PendingGateIndex(final int recentCapacity) {
        if (recentCapacity < 0) {
            throw new IllegalArgumentException(
                    "the capacity for recently settled gates is negative: " + recentCapacity);
        }
        this.recentCapacity = recentCapacity;
    }

    /**
     * Records a gate as its session stands now.
     *
     * @param view the gate's latest view
     */
    public synchronized void update(final PendingGateView view) {
        Objects.requireNonNull(view);
        String key = view.getKey();
        if (view.isOpen()) {
            if (recent.stream().noneMatch(settled -> settled.getKey().equals(key))) {
                open.put(key, view); // a settled gate never opens again: a late view of it changes nothing
            }
        } else if (view.getPhase().isSettled()) {
            open.remove(key);
            recent.removeIf(settled -> settled.getKey().equals(key));
            if (view.hasWaited() && recentCapacity > 0) {
                recent.addFirst(view);
                while (recent.size() > recentCapacity) {
                    recent.removeLast();
                }
            }
        }
    }

    /**
     * Forgets an open gate whose host no longer holds it, such as one whose build is gone; settled gates stay.
     *
     * @param key the gate's key
     */
    public synchronized void forgetOpen(final String key) {
        open.remove(key);
    }

    /**
     * Returns the open gates, in the order they were first recorded.
     *
     * @return a snapshot
     */
    public synchronized List<PendingGateView> open() {
        return List.copyOf(open.values());
    }

    /**
     * Returns the gates settled recently, the latest first.
     *
     * @return a snapshot of at most the capacity
     */
    public synchronized List<PendingGateView> recent() {
        return List.copyOf(recent);
    }
}
