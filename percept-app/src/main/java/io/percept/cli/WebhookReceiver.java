package io.percept.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP receiver for webhook benchmarks: answers 204 to every POST and, for each
 * {@code "sentNanos":<n>} in a body (the sender's {@link System#nanoTime} when the event was sent,
 * in this same JVM; a batched webhook holds several), records the latency from sending to
 * receiving. Thread-safe.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final Pattern SENT = Pattern.compile("\"sentNanos\":(\\d+)");

    private final HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final long[] latencies;
    private final AtomicInteger recorded = new AtomicInteger();
    private volatile long measureFrom = Long.MAX_VALUE;

    WebhookReceiver(int capacity) throws IOException {
        latencies = new long[capacity];
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "bench-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            bytes.addAndGet(body.length());
            Matcher matcher = SENT.matcher(body);
            while (matcher.find()) {
                received.incrementAndGet();
                long sent = Long.parseLong(matcher.group(1));
                if (sent >= measureFrom) {
                    int slot = recorded.getAndIncrement();
                    if (slot < latencies.length) {
                        latencies[slot] = now - sent;
                    }
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL deliveries should go to. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Records only events sent at or after this {@link System#nanoTime} (the end of the warm-up). */
    void measureFrom(long nanos) {
        measureFrom = nanos;
    }

    int received() {
        return received.get();
    }

    int measured() {
        return Math.min(recorded.get(), latencies.length);
    }

    /** The latency quantile {@code q} (0 to 1) of the measured deliveries, in milliseconds; NaN when none. */
    double quantileMillis(double q) {
        int n = measured();
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.floor(q * n))] / 1e6;
    }

    /** Forgets what was measured. */
    void reset() {
        recorded.set(0);
        measureFrom = Long.MAX_VALUE;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
