package io.percept.console;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs a page's independent reads side by side, so the page waits for its slowest query rather than
 * for the sum of them (each read is a query or two on the store; DuckDB serves them concurrently).
 * One pool for all console pages, growing with the reads in flight (a read may itself wait for reads it
 * started, which a fixed pool could deadlock on); a read's failure is thrown by {@link #done} as it was
 * thrown.
 */
final class Reads implements AutoCloseable {

    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "console-read");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts a read. */
    <T> CompletableFuture<T> start(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, pool);
    }

    /** A read's result; its failure thrown as it was thrown (a bad request stays a bad request). */
    static <T> T done(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
