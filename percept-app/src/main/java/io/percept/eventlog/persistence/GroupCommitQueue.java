package io.percept.eventlog.persistence;

import io.percept.eventlog.LogOverloadedException;
import io.percept.eventlog.LogUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Where a group-committing log's append requests wait for its one writer thread, shared by the embedded and
 * the Kafka log. The writer takes them as groups: a group closes when it holds {@code maxEvents} events or
 * {@code maxDelay} after its first request was queued, whichever comes first, and never splits a request.
 * Appends are refused at once while more than {@code maxPendingEvents} events wait (a request alone may
 * exceed the limit, so no request is refused forever). Thread-safe; {@link #nextGroup} is for the writer.
 *
 * @param <R> the log's request
 */
public final class GroupCommitQueue<R extends GroupCommitQueue.Request> {

    /** A queued append: how many events it holds and when it was queued ({@link System#nanoTime()}). */
    public interface Request {

        int eventCount();

        long enqueuedNanos();
    }

    /** Queued by {@link #close()} so a writer waiting for more requests commits its group at once. */
    private static final Object WAKE = new Object();
    /** How long the writer waits for a first request before it checks whether the log closed. */
    private static final long IDLE_POLL_MILLIS = 50;

    private final int maxEvents;
    private final long maxDelayNanos;
    private final int maxPendingEvents;
    private final IntConsumer refused;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pendingEvents = new AtomicLong();
    /** Held shared by appends while they check {@link #accepting} and enqueue, exclusively by close. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private volatile boolean accepting = true;

    public GroupCommitQueue(int maxEvents, Duration maxDelay, int maxPendingEvents) {
        this(maxEvents, maxDelay, maxPendingEvents, refused -> { });
    }

    /**
     * @param refused told how many events each refused request held (for a metric)
     */
    public GroupCommitQueue(int maxEvents, Duration maxDelay, int maxPendingEvents, IntConsumer refused) {
        this.maxEvents = maxEvents;
        this.maxDelayNanos = maxDelay.toNanos();
        this.maxPendingEvents = maxPendingEvents;
        this.refused = refused;
    }

    /**
     * Queues the request that {@code build} makes of {@code events} events (on the caller's thread, only if
     * there is room for them).
     *
     * @param result the future the caller gets for the queued request
     * @return {@code result} of the queued request; or a future failed with {@link LogOverloadedException} when
     *         too many events wait, or with {@link LogUnavailableException} once the log closes
     */
    public <T> CompletableFuture<T> submit(int events, Supplier<R> build, Function<R, CompletableFuture<T>> result) {
        long pending = pendingEvents.addAndGet(events);
        if (pending > maxPendingEvents && pending != events) {
            pendingEvents.addAndGet(-events);
            refused.accept(events);
            return CompletableFuture.failedFuture(new LogOverloadedException("the event log has " + (pending - events)
                    + " events waiting to be committed (limit " + maxPendingEvents + "); retry shortly"));
        }
        boolean queued = false;
        try {
            R request = build.get();
            admission.readLock().lock();
            try {
                if (!accepting) {
                    return CompletableFuture.failedFuture(new LogUnavailableException("the event log is shutting down"));
                }
                queue.add(request);
                queued = true;
            } finally {
                admission.readLock().unlock();
            }
            return result.apply(request);
        } finally {
            if (!queued) {
                pendingEvents.addAndGet(-events);
            }
        }
    }

    /**
     * Takes the next group into {@code group}, waiting briefly for its first request.
     *
     * @return the group's events; 0 when no request came
     */
    @SuppressWarnings("unchecked")
    public int nextGroup(List<R> group) throws InterruptedException {
        Object first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null || first == WAKE) {
            return 0;
        }
        R request = (R) first;
        group.add(request);
        int events = request.eventCount();
        long deadline = request.enqueuedNanos() + maxDelayNanos;
        while (events < maxEvents) {
            Object next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || !accepting) {
                    break;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
            if (next == WAKE) {
                break;
            }
            group.add((R) next);
            events += ((R) next).eventCount();
        }
        return events;
    }

    /** Whether requests are still queued. */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Events of committed or failed requests leave the count of pending ones. */
    public void release(int events) {
        pendingEvents.addAndGet(-events);
    }

    /** Events queued but not yet committed or failed. */
    public long pendingEvents() {
        return pendingEvents.get();
    }

    /**
     * Refuses further appends (after those being queued now) and wakes the writer, so it commits what is
     * queued without waiting for more.
     *
     * @return whether this call closed the queue (false if it was closed before)
     */
    public boolean close() {
        admission.writeLock().lock();
        try {
            if (!accepting) {
                return false;
            }
            accepting = false;
        } finally {
            admission.writeLock().unlock();
        }
        queue.add(WAKE);
        return true;
    }

    /** The requests still queued, removed (for the log to fail them once its writer stopped). */
    @SuppressWarnings("unchecked")
    public List<R> drain() {
        List<Object> left = new ArrayList<>();
        queue.drainTo(left);
        List<R> requests = new ArrayList<>(left.size());
        for (Object request : left) {
            if (request != WAKE) {
                requests.add((R) request);
            }
        }
        return requests;
    }
}
