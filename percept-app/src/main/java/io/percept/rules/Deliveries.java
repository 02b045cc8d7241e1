package io.percept.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.platform.EmbeddedStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the rules' webhooks: at least once, signed, retried with backoff, isolated per
 * destination, with a dead letter that can be replayed. See {@code docs/rules.md} for what a
 * receiver sees.
 *
 * <p>{@link #enqueue} writes the delivery to the store (the outbox) and hands it straight to its
 * destination's queue: the first attempt waits for that one insert, never for a read.
 * {@link #submit} (the rules' hot path) does not even wait for the insert: the first attempt starts
 * at once and the row follows in the next batch of writes; its caller learns from the returned
 * future when the deliveries are stored, and until then keeps what it needs to submit them again
 * after a crash. Attempt
 * outcomes are written to the store in batches every {@code flush-interval}; a periodic sweep of
 * the store picks up what is not held in memory — deliveries due for a retry after a restart,
 * replayed ones, and those a full queue turned away. A crash between a 2xx and the batch that
 * records it means the delivery is sent again: receivers deduplicate by
 * {@value #IDEMPOTENCY_HEADER}.
 *
 * <p>Thread-safe.
 */
public final class Deliveries implements AutoCloseable {

    /** The header carrying a delivery's idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "Percept-Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final DeliveryOutbox outbox;
    private final DeliverySettings settings;
    private final WebhookSender sender;
    private final DeliveryMeters meters;
    private final Backoff backoff;
    private final Clock clock;
    private final AtomicLong ids;
    private final Map<String, DestinationQueue> destinations = new ConcurrentHashMap<>();
    /** Ids held in memory (queued, in flight, waiting for a retry, or with an outcome not yet written): the sweep skips them. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();
    /** Deliveries submitted (their first attempts already queued) whose rows are not yet stored. */
    private final java.util.concurrent.BlockingDeque<Submitted> unstored = new java.util.concurrent.LinkedBlockingDeque<>();
    /** Serialises inserts, so that two callers' equal idempotency keys meet in the store one after the other. */
    private final Object inserting = new Object();
    /** Serialises writing outcomes with reading the store for due deliveries, so a sweep never sees a row whose outcome is in flight. */
    private final Object storeAccess = new Object();
    private final ScheduledExecutorService housekeeping = daemonScheduler("rule-deliveries-store");
    private final ScheduledExecutorService retries = daemonScheduler("rule-deliveries-retries");
    private volatile boolean closed;

    Deliveries(EmbeddedStore store, DeliverySettings settings, MeterRegistry registry, Clock clock) {
        this.outbox = new DeliveryOutbox(store);
        this.settings = settings;
        this.sender = new WebhookSender(settings);
        this.meters = new DeliveryMeters(registry);
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax());
        this.clock = clock;
        this.ids = new AtomicLong(outbox.maxId());
    }

    /** Starts writing outcomes and sweeping the store; the first sweep resumes the pending deliveries at once. */
    void start() {
        housekeeping.scheduleWithFixedDelay(this::flushQuietly, settings.flushInterval().toMillis(), settings.flushInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::sweepQuietly, 0, settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stores a delivery and queues its first attempt.
     *
     * @return its id, or the id stored before for the same idempotency key (then nothing is queued)
     * @throws io.percept.platform.StoreException if the store cannot take it (nothing will be sent)
     */
    public long enqueue(Delivery delivery) {
        return enqueueAll(List.of(delivery)).get(0);
    }

    /**
     * Stores deliveries in one batch (the way to enqueue many: one store write for all) and queues
     * their first attempts.
     *
     * @return their ids, in order; a repeated idempotency key gets the id stored first
     */
    public List<Long> enqueueAll(List<Delivery> deliveries) {
        if (closed) {
            throw new IllegalStateException("webhook deliveries are stopped");
        }
        long nowNanos = System.nanoTime();
        Map<String, Attempt> byKey = new LinkedHashMap<>();
        List<Attempt> fresh = new ArrayList<>();
        List<Long> result = new ArrayList<>(deliveries.size());
        synchronized (inserting) {
            for (Delivery delivery : deliveries) {
                byKey.computeIfAbsent(delivery.idempotencyKey(), key -> Attempt.of(ids.incrementAndGet(), delivery, settings, nowNanos));
            }
            byKey.values().forEach(attempt -> held.add(attempt.id));
            Set<Long> inserted;
            try {
                inserted = outbox.insert(List.copyOf(byKey.values()), clock.instant());
            } catch (RuntimeException e) {
                byKey.values().forEach(attempt -> held.remove(attempt.id));
                throw e;
            }
            List<String> known = new ArrayList<>();
            for (Attempt attempt : byKey.values()) {
                if (inserted.contains(attempt.id)) {
                    fresh.add(attempt);
                } else {
                    held.remove(attempt.id);
                    known.add(attempt.idempotencyKey);
                }
            }
            Map<String, Long> stored = known.isEmpty() ? Map.of() : outbox.idsOf(known);
            for (Delivery delivery : deliveries) {
                Attempt attempt = byKey.get(delivery.idempotencyKey());
                result.add(inserted.contains(attempt.id) ? attempt.id : stored.get(delivery.idempotencyKey()));
            }
        }
        fresh.forEach(this::dispatch);
        return result;
    }

    /** Deliveries whose first attempts went ahead of their rows, and the future of those rows. */
    private record Submitted(List<Attempt> attempts, CompletableFuture<Void> stored) {
    }

    /**
     * Queues the deliveries' first attempts at once and stores them with the next batch of writes
     * (within {@code flush-interval}). A repeated idempotency key is attempted again (receivers
     * drop repeats) but stored once.
     *
     * @return completes when the deliveries are stored (a failed write is tried again at the next
     *         flush; until then outcomes and retries wait in memory)
     */
    public CompletableFuture<Void> submit(List<Delivery> deliveries) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("webhook deliveries are stopped"));
        }
        if (deliveries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long nowNanos = System.nanoTime();
        List<Attempt> attempts = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            Attempt attempt = Attempt.of(ids.incrementAndGet(), delivery, settings, nowNanos);
            held.add(attempt.id);
            attempts.add(attempt);
        }
        Submitted submitted = new Submitted(attempts, new CompletableFuture<>());
        // queued for the store before the first attempt, so an outcome is never written ahead of its row (see flush)
        unstored.add(submitted);
        attempts.forEach(this::dispatch);
        return submitted.stored();
    }

    /**
     * Stored deliveries, newest first.
     *
     * @param ruleId null for every rule
     * @param status {@code pending}, {@code delivered}, {@code dead}, or null for all
     * @param limit  at most this many, 1 to 10 000
     */
    public List<DeliveryRecord> list(String ruleId, String status, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000, was " + limit);
        }
        DeliveryStatus wanted;
        try {
            wanted = status == null ? null : DeliveryStatus.ofColumn(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be pending, delivered or dead, was " + status);
        }
        flush();
        return outbox.list(ruleId, wanted, limit);
    }

    /**
     * Sends a dead delivery again: pending, attempts reset to 0, due now.
     *
     * @return false when there is no dead delivery with this id
     */
    public boolean replay(long id) {
        return replayWhere(id, null) > 0;
    }

    /** Sends every dead delivery of a rule again, as {@link #replay} does; returns how many. */
    public int replayDead(String ruleId) {
        return replayWhere(null, ruleId);
    }

    private int replayWhere(Long id, String ruleId) {
        int replayed;
        synchronized (storeAccess) {
            flush();
            replayed = outbox.replay(id, ruleId, clock.instant());
        }
        if (replayed > 0 && !closed) {
            housekeeping.execute(this::sweepQuietly);
        }
        return replayed;
    }

    /** A rule's stored deliveries by status, and its attempts and latencies since start. */
    public DeliveryStats stats(String ruleId) {
        flush();
        return meters.of(ruleId).stats(ruleId, outbox.counts(ruleId));
    }

    /**
     * Stops the workers (attempts in flight are abandoned) and writes the outcomes gathered so far.
     * Deliveries not yet delivered stay pending in the store and resume at the next start.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        retries.shutdownNow();
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
            for (DestinationQueue queue : destinations.values()) {
                queue.stop(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
        outbox.close();
    }

    private void dispatch(Attempt attempt) {
        if (closed || !queueOf(attempt.destination).offer(attempt)) {
            held.remove(attempt.id);
        }
    }

    private DestinationQueue queueOf(String destination) {
        return destinations.computeIfAbsent(destination, key -> new DestinationQueue(key, settings, this::attempt));
    }

    /** One attempt of one delivery or of a batch sharing a request, on a thread of their destination. */
    private void attempt(List<Attempt> request) {
        Attempt first = request.get(0);
        DestinationQueue queue = queueOf(first.destination);
        if (closed) {
            return;
        }
        request.forEach(attempt -> attempt.attempts++);
        WebhookSender.Outcome outcome;
        try {
            outcome = sender.send(request, clock.instant());
        } catch (InterruptedException e) {
            request.forEach(attempt -> attempt.attempts--);
            Thread.currentThread().interrupt();
            return;
        }
        Instant now = clock.instant();
        for (Attempt attempt : request) {
            settle(queue, attempt, outcome, now);
        }
    }

    /** Records an attempt's outcome: delivered, a retry scheduled, or dead. */
    private void settle(DestinationQueue queue, Attempt attempt, WebhookSender.Outcome outcome, Instant now) {
        DeliveryMeters.RuleMeters rule = meters.of(attempt.ruleId);
        if (outcome.delivered()) {
            rule.delivered(System.nanoTime() - attempt.enqueuedNanos);
            finish(queue, attempt, DeliveryStatus.DELIVERED, now, outcome);
        } else if (outcome.retryable() && attempt.attempts < attempt.maxAttempts) {
            rule.retried();
            Duration delay = backoff.delay(attempt.attempts, outcome.retryAfter(), ThreadLocalRandom.current());
            changes.add(new StatusChange(attempt.id, DeliveryStatus.PENDING, attempt.attempts, now.plus(delay), null, outcome.code(),
                    outcome.error(), false));
            try {
                retries.schedule(() -> {
                    if (!queue.resubmit(attempt)) {
                        giveBack(queue, attempt);
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                giveBack(queue, attempt);
            }
        } else {
            if (outcome.retryable()) {
                rule.dead();
            } else {
                rule.failed();
            }
            finish(queue, attempt, DeliveryStatus.DEAD, now, outcome);
        }
    }

    private void finish(DestinationQueue queue, Attempt attempt, DeliveryStatus status, Instant now, WebhookSender.Outcome outcome) {
        changes.add(new StatusChange(attempt.id, status, attempt.attempts, null, status == DeliveryStatus.DELIVERED ? now : null, outcome.code(),
                outcome.error(), true));
        queue.release();
    }

    /** Leaves a delivery waiting for a retry to the store, whose sweep brings it back when it is due. */
    private void giveBack(DestinationQueue queue, Attempt attempt) {
        changes.add(StatusChange.releaseOnly(attempt.id));
        queue.release();
    }

    /**
     * Stores the submitted deliveries, then writes the outcomes gathered since the last flush in one
     * transaction, then stops holding the finished deliveries. The outcomes are taken before the
     * submitted rows: an outcome exists only after its delivery was submitted, so its row is among
     * those stored first.
     */
    void flush() {
        synchronized (storeAccess) {
            List<StatusChange> batch = new ArrayList<>();
            changes.drainTo(batch);
            try {
                storeSubmitted();
            } catch (RuntimeException e) {
                changes.addAll(batch);
                throw e;
            }
            if (batch.isEmpty()) {
                return;
            }
            Map<Long, StatusChange> latest = new LinkedHashMap<>();
            Set<Long> released = new java.util.HashSet<>();
            for (StatusChange change : batch) {
                if (change.release()) {
                    released.add(change.id());
                }
                if (!change.releasesOnly()) {
                    latest.merge(change.id(), change, (before, after) -> after.attempts() >= before.attempts() ? after : before);
                }
            }
            try {
                outbox.update(List.copyOf(latest.values()));
            } catch (RuntimeException e) {
                changes.addAll(batch);
                throw e;
            }
            held.removeAll(released);
        }
    }

    /** Stores what {@link #submit} queued, in one insert, and completes the callers' futures. */
    private void storeSubmitted() {
        List<Submitted> waiting = new ArrayList<>();
        unstored.drainTo(waiting);
        if (waiting.isEmpty()) {
            return;
        }
        List<Attempt> rows = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        for (Submitted submitted : waiting) {
            for (Attempt attempt : submitted.attempts()) {
                if (keys.add(attempt.idempotencyKey)) {
                    rows.add(attempt);
                }
            }
        }
        Set<Long> inserted;
        try {
            synchronized (inserting) {
                inserted = outbox.insert(rows, clock.instant());
            }
        } catch (RuntimeException e) {
            // kept, in order, for the next flush
            for (int i = waiting.size() - 1; i >= 0; i--) {
                unstored.addFirst(waiting.get(i));
            }
            throw e;
        }
        for (Submitted submitted : waiting) {
            for (Attempt attempt : submitted.attempts()) {
                if (!inserted.contains(attempt.id)) {
                    // stored before under the same key: this attempt's outcomes have no row to go to
                    held.remove(attempt.id);
                }
            }
            submitted.stored().complete(null);
        }
    }

    /**
     * Reads the store for pending deliveries that are due and not held in memory, as many as each
     * destination's queue has room for, and queues them.
     */
    void sweep() {
        synchronized (storeAccess) {
            if (closed) {
                return;
            }
            flush();
            Instant now = clock.instant();
            Map<String, Integer> room = new java.util.HashMap<>();
            List<Long> chosen = new ArrayList<>();
            // a destination holds at most max-queued of the due rows, so twice that many show every free slot a row
            outbox.due(now, 2 * settings.maxQueued()).forEach((id, destination) -> {
                int free = room.computeIfAbsent(destination, key -> queueOf(key).free());
                if (free > 0 && !held.contains(id)) {
                    chosen.add(id);
                    room.put(destination, free - 1);
                }
            });
            if (chosen.isEmpty()) {
                return;
            }
            List<Attempt> attempts = outbox.load(chosen, now, System.nanoTime());
            attempts.forEach(attempt -> held.add(attempt.id));
            attempts.forEach(this::dispatch);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Writing webhook delivery outcomes failed, trying again: {}", e.getMessage());
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Reading due webhook deliveries failed: {}", e.getMessage());
        }
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
