package io.percept.rules;

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
 * that is refused and the delivery waits in the store.
 */
final class DestinationQueue {

    private final ThreadPoolExecutor workers;
    private final AtomicInteger held = new AtomicInteger();
    private final int capacity;
    private final Consumer<Attempt> work;

    DestinationQueue(String destination, DeliverySettings settings, Consumer<Attempt> work) {
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
        try {
            workers.execute(() -> work.accept(attempt));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
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
