package io.percept.eventlog.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link LogProcessor} on its own thread: read a batch after the checkpoint, process it
 * and save the checkpoint in one transaction, commit, repeat; wait for new events when caught up;
 * on failure roll back, restore, back off exponentially and retry the same batch.
 */
final class ProcessorWorker {

    /** Where a processor is in its life. */
    enum State {
        /** Loading its checkpoint and state. */
        STARTING,
        /** Catching up with events that were in the log when it started. */
        REPLAYING,
        /** Caught up; following the log. */
        RUNNING,
        /** Its last batches failed; it keeps retrying. */
        FAILING,
        /** Stopped, normally or because it could not start. */
        STOPPED
    }

    /** Consecutive failures after which the processor counts as failing (and health goes DOWN). */
    static final int FAILING_AFTER = 3;

    private static final Logger log = LoggerFactory.getLogger(ProcessorWorker.class);

    private final LogProcessor processor;
    private final EventLog eventLog;
    private final EmbeddedStore store;
    private final EventLogSettings.Processors settings;
    private final Counter processedEvents;
    private final Counter failureCounter;
    private final Timer batchTimer;
    private final Object stopSignal = new Object();
    /** The worker's thread; a new one when the worker is started again after a stop. */
    private Thread thread;
    private long lastBatchNanos = System.nanoTime();
    private long lastCommitNanos = System.nanoTime();
    /** The last position applied in the open transaction but not yet committed; -1 when none. */
    private long uncommitted = -1;
    private volatile State state = State.STARTING;
    private volatile long position;
    private volatile long replayTarget;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile Instant pendingSince;
    private volatile boolean stopRequested;
    /** Set at start and after a failure: reload the checkpoint and the processor's state before the next batch. */
    private boolean needsRestore;

    ProcessorWorker(LogProcessor processor, EventLog eventLog, EmbeddedStore store, EventLogSettings.Processors settings,
            MeterRegistry meters) {
        this.processor = processor;
        this.eventLog = eventLog;
        this.store = store;
        this.settings = settings;
        Tags tags = Tags.of("processor", processor.name());
        this.processedEvents = Counter.builder("percept.processor.events").tags(tags).description("Events applied by the processor").register(meters);
        this.failureCounter = Counter.builder("percept.processor.failures").tags(tags).description("Failed batches (rolled back and retried)").register(meters);
        this.batchTimer = Timer.builder("percept.processor.batch").tags(tags).description("Time to process and commit one batch").register(meters);
        Gauge.builder("percept.processor.position", this, ProcessorWorker::position).tags(tags)
                .description("Sequence number of the last event applied").register(meters);
        Gauge.builder("percept.processor.lag.events", this, ProcessorWorker::lagEvents).tags(tags)
                .description("Durable events not yet applied").register(meters);
        Gauge.builder("percept.processor.lag.seconds", this, ProcessorWorker::lagSeconds).tags(tags)
                .description("Age of the oldest event not yet applied; 0 when caught up").register(meters);
        this.thread = new Thread(this::run, "processor-" + processor.name());
    }

    /**
     * Starts the worker; after a {@link #stop} it starts again on a new thread, which reloads the checkpoint and
     * the processor's state before its first batch (as at the first start).
     */
    synchronized void start() {
        if (thread.getState() != Thread.State.NEW) {
            stopRequested = false;
            state = State.STARTING;
            thread = new Thread(this::run, "processor-" + processor.name());
        }
        thread.start();
    }

    /** Asks the worker to stop after its current batch and waits up to {@code timeout} for it. */
    void stop(Duration timeout) throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        stopRequested = true;
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
        running.join(timeout.toMillis());
        if (running.isAlive()) {
            log.warn("Processor {} did not stop within {}", processor.name(), timeout);
        }
    }

    String name() {
        return processor.name();
    }

    State state() {
        return state;
    }

    long position() {
        return position;
    }

    long replayTarget() {
        return replayTarget;
    }

    long lagEvents() {
        return Math.max(0, eventLog.head() - position);
    }

    double lagSeconds() {
        Instant since = pendingSince;
        if (since == null || position >= eventLog.head()) {
            return 0;
        }
        return Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        try (Connection connection = store.connect(); LogReader reader = eventLog.openReader()) {
            connection.setAutoCommit(false);
            replayTarget = eventLog.head();
            needsRestore = true;
            while (!stopRequested) {
                step(connection, reader);
            }
            if (uncommitted >= 0 && !needsRestore) {
                commit(connection);
            }
            if (!needsRestore) {
                processor.stopping(position);
            }
        } catch (Exception e) {
            lastError = describe(e);
            log.error("Processor {} stopped: {}", processor.name(), lastError);
        } catch (Error e) {
            lastError = describe(e);
            log.error("Processor {} stopped: {}", processor.name(), lastError);
            throw e;
        } finally {
            state = State.STOPPED;
        }
    }

    private void step(Connection connection, LogReader reader) throws Exception {
        if (needsRestore) {
            try {
                long checkpoint = Checkpoints.load(connection, processor.name());
                long resume = restore(connection, checkpoint);
                if (resume < 0 || resume > checkpoint) {
                    throw new IllegalStateException("processor " + processor.name() + " asked to resume after seq " + resume
                            + ", outside 0.." + checkpoint);
                }
                position = resume;
                needsRestore = false;
            } catch (Exception e) {
                failed(connection, e);
                return;
            }
            if (state == State.STARTING && position < replayTarget) {
                log.info("Processor {} replaying from seq {} to {}", processor.name(), position, replayTarget);
            }
        }
        List<LoggedEvent> batch;
        long headBefore = eventLog.head();
        try {
            batch = reader.read(position, settings.batchSize());
        } catch (RuntimeException e) {
            failed(connection, e);
            return;
        }
        if (batch.isEmpty() && headBefore > position) {
            // every event up to that head was committed before the read: the rest were erased
            position = headBefore;
        }
        if (batch.isEmpty() && uncommitted >= 0) {
            long wait = processor.commitInterval().toNanos() - (System.nanoTime() - lastCommitNanos);
            if (wait > 0) {
                // batches share a transaction: follow the log until the interval is up, then commit
                eventLog.awaitHeadAfter(position, java.time.Duration.ofNanos(wait));
                return;
            }
            commit(connection);
            return;
        }
        if (batch.isEmpty()) {
            pendingSince = null;
            succeeded();
            try {
                processor.idle(position);
            } catch (Exception e) {
                log.warn("Processor {} failed its idle work at seq {}: {}", processor.name(), position, describe(e));
            }
            eventLog.awaitHeadAfter(position, settings.idleWait());
            return;
        }
        java.time.Duration linger = processor.linger() != null ? processor.linger() : settings.linger();
        long lingerLeft = linger.toNanos() - (System.nanoTime() - lastBatchNanos);
        if (batch.size() < settings.batchSize() && state == State.RUNNING && lingerLeft > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(lingerLeft) + 1);
            try {
                batch = reader.read(position, settings.batchSize());
            } catch (RuntimeException e) {
                failed(connection, e);
                return;
            }
        }
        lastBatchNanos = System.nanoTime();
        pendingSince = batch.get(0).event().receivedAt();
        long last = batch.get(batch.size() - 1).seq();
        long started = System.nanoTime();
        try {
            processor.process(batch, connection);
        } catch (Exception e) {
            failed(connection, e);
            return;
        }
        position = last;
        uncommitted = last;
        if (processor.commitInterval().toNanos() <= System.nanoTime() - lastCommitNanos && !commit(connection)) {
            return;
        }
        batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        processedEvents.increment(batch.size());
        succeeded();
    }

    /** Stores the checkpoint, commits the open transaction and tells the processor; false (after {@link #failed}) when that failed. */
    private boolean commit(Connection connection) throws InterruptedException {
        long last = uncommitted;
        try {
            processor.beforeCommit(connection);
            Checkpoints.save(connection, processor.name(), last);
            connection.commit();
        } catch (Exception e) {
            failed(connection, e);
            return false;
        }
        uncommitted = -1;
        lastCommitNanos = System.nanoTime();
        try {
            processor.committed(last);
        } catch (Exception e) {
            log.warn("Processor {} could not finish after the batch up to seq {}: {}", processor.name(), last, describe(e));
        }
        return true;
    }

    /** After a step that worked: clears failures and moves to REPLAYING or RUNNING. */
    private void succeeded() {
        if (consecutiveFailures > 0) {
            log.info("Processor {} recovered after {} failed attempts", processor.name(), consecutiveFailures);
            consecutiveFailures = 0;
        }
        State next = position >= replayTarget ? State.RUNNING : State.REPLAYING;
        if (state == State.REPLAYING && next == State.RUNNING) {
            log.info("Processor {} caught up at seq {}", processor.name(), position);
        }
        state = next;
    }

    private void failed(Connection connection, Exception cause) throws InterruptedException {
        store.reportFailure(cause);
        consecutiveFailures++;
        failureCounter.increment();
        lastError = describe(cause);
        log.error("Processor {} failed on the batch after seq {} (attempt {}), retrying: {}",
                processor.name(), position, consecutiveFailures, lastError);
        if (consecutiveFailures >= FAILING_AFTER) {
            state = State.FAILING;
        }
        try {
            EmbeddedStore.rollback(connection);
        } catch (SQLException e) {
            log.error("Processor {} could not roll back: {}", processor.name(), e.getMessage());
        }
        needsRestore = true;
        uncommitted = -1;
        long backoff = Math.min(settings.maxRetryBackoff().toMillis(), 100L << Math.min(20, consecutiveFailures - 1));
        synchronized (stopSignal) {
            if (!stopRequested) {
                stopSignal.wait(backoff);
            }
        }
    }

    private long restore(Connection connection, long checkpoint) throws Exception {
        try {
            return processor.restore(connection, checkpoint);
        } finally {
            EmbeddedStore.rollback(connection);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
