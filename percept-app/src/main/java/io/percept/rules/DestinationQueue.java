package io.percept.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One destination's queue and its own small pool of threads (started on demand, stopped when
 * idle), so a slow or dead receiver only ever holds up its own deliveries. At most
 * {@code maxQueued} deliveries are held (queued, in flight or waiting for a retry); an offer beyond
 * that is refused and the delivery waits in the store. A thread that becomes free takes the oldest
 * waiting delivery and, when that one allows batches, the deliveries right behind it that may share
 * its request, up to its batch size: batches form from what is already waiting, never by waiting.
 */
final class DestinationQueue {

    private final ThreadPoolExecutor workers;
    private final AtomicInteger held = new AtomicInteger();
    private final int capacity;
    private final Consumer<List<Attempt>> work;
    /** Deliveries waiting for a thread, oldest first; guarded by itself. */
    private final Deque<Attempt> waiting = new ArrayDeque<>();

    DestinationQueue(String destination, DeliverySettings settings, Consumer<List<Attempt>> work) {
        this.capacity = settings.maxQueued();
        this.work = work;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), settings.idleTimeout().toMillis(),
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "rule-delivery " + destination + " #" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** Takes a delivery unless the queue is full or stopped. */
    boolean offer(Attempt attempt) {
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            return false;
        }
        if (!resubmit(attempt)) {
            held.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Queues again a delivery this queue holds (a retry that is due). */
    boolean resubmit(Attempt attempt) {
        synchronized (waiting) {
            waiting.addLast(attempt);
        }
        try {
            // one task per delivery: a task that finds its delivery taken by another's batch has nothing to do
            workers.execute(this::sendNext);
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (waiting) {
                waiting.removeLastOccurrence(attempt);
            }
            return false;
        }
    }

    private void sendNext() {
        List<Attempt> request = new ArrayList<>(1);
        synchronized (waiting) {
            Attempt first = waiting.pollFirst();
            if (first == null) {
                return;
            }
            request.add(first);
            while (request.size() < first.batch && !waiting.isEmpty() && first.batchesWith(waiting.peekFirst())) {
                request.add(waiting.pollFirst());
            }
        }
        work.accept(request);
    }

    /** The queue no longer holds a delivery: it succeeded, died, or went back to the store. */
    void release() {
        held.decrementAndGet();
    }

    /** How many more deliveries it takes now. */
    int free() {
        return Math.max(0, capacity - held.get());
    }

    /** Stops the threads, interrupting attempts in flight. */
    void stop(long waitMillis) throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    }
}
