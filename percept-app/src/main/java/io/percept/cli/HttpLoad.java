package io.percept.cli;

import io.percept.analytics.stats.Quantiles;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogBenchmark;
import io.percept.platform.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A load generator for {@code /v1/batch}: connections each send a batch, wait for the answer
 * (200 only once the events are durable) and send the next, for a fixed time. Every message has a
 * fresh {@code messageId}, so none is a duplicate; every answer is checked.
 */
final class HttpLoad {

    /**
     * @param url            the server, e.g. {@code http://localhost:8080}
     * @param writeKey       the source's write key
     * @param connections    concurrent senders
     * @param batchSize      messages per request
     * @param eventBytes     approximate size of one message's JSON
     * @param warmup         time sent before measuring
     * @param duration       time measured
     * @param eventsPerSecond the pace of all connections together; 0 sends as fast as the server answers
     */
    record Options(String url, String writeKey, int connections, int batchSize, int eventBytes, Duration warmup, Duration duration,
            double eventsPerSecond) {

        /** As fast as the server answers. */
        Options(String url, String writeKey, int connections, int batchSize, int eventBytes, Duration warmup, Duration duration) {
            this(url, writeKey, connections, batchSize, eventBytes, warmup, duration, 0);
        }
    }

    /**
     * @param events        events acknowledged in the measured time
     * @param requests      requests answered 200 in the measured time
     * @param failures      requests answered otherwise (the first is in {@code firstFailure})
     * @param seconds       the measured time
     * @param p50Millis     median request latency
     * @param p99Millis     99th percentile request latency
     * @param requestBytes  average request body size
     * @param firstFailure  the first failure's status and body, or {@code null}
     * @param sentTotal     messages acknowledged including the warm-up
     */
    record Result(long events, long requests, long failures, double seconds, double p50Millis, double p99Millis, double requestBytes,
            String firstFailure, long sentTotal) {

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private HttpLoad() {
    }

    static Result run(Options options, Consumer<String> progress) throws InterruptedException, IOException {
        List<byte[][]> messages = templates(options);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(2, daemon("bench-http-io"))).build();
        String authorization = "Basic " + Base64.getEncoder().encodeToString((options.writeKey() + ":").getBytes(StandardCharsets.UTF_8));
        URI batch = URI.create(options.url().replaceAll("/+$", "") + "/v1/batch");
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long end = measureFrom + options.duration().toNanos();
        AtomicLong events = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong sentTotal = new AtomicLong();
        AtomicLong bodyBytes = new AtomicLong();
        String[] firstFailure = new String[1];
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<long[]> latencies = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(options.connections(), daemon("bench-http-sender"));
        List<Future<long[]>> running = new ArrayList<>();
        progress.accept(String.format(java.util.Locale.ROOT, "warming up for %d s, then measuring for %d s...", options.warmup().toSeconds(),
                options.duration().toSeconds()));
        for (int c = 0; c < options.connections(); c++) {
            int connection = c;
            running.add(senders.submit(() -> {
                long[] own = new long[1 << 16];
                int count = 0;
                long sequence = 0;
                int next = connection * 7919 % messages.size();
                // a paced connection sends a batch every interval, from a start spread over the first interval
                long interval = options.eventsPerSecond() > 0
                        ? (long) (1e9 * options.batchSize() * options.connections() / options.eventsPerSecond()) : 0;
                long due = start + (interval == 0 ? 0 : interval * connection / options.connections());
                while (true) {
                    long now = System.nanoTime();
                    if (interval > 0 && due > now) {
                        Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
                        now = System.nanoTime();
                    }
                    due += interval;
                    if (now >= end) {
                        break;
                    }
                    ByteArrayOutputStream body = new ByteArrayOutputStream(options.batchSize() * (options.eventBytes() + 64) + 16);
                    byte[] timestamp = ("\",\"timestamp\":\"" + java.time.Instant.now() + "\"").getBytes(StandardCharsets.US_ASCII);
                    body.writeBytes("{\"batch\":[".getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < options.batchSize(); i++) {
                        byte[][] message = messages.get(next);
                        next = (next + 1) % messages.size();
                        if (i > 0) {
                            body.write(',');
                        }
                        body.writeBytes(message[0]);
                        body.writeBytes((run + "-" + connection + "-" + sequence++).getBytes(StandardCharsets.US_ASCII));
                        body.writeBytes(timestamp);
                        body.writeBytes(message[1]);
                    }
                    body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
                    byte[] bytes = body.toByteArray();
                    HttpRequest request = HttpRequest.newBuilder(batch).timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long answered = System.nanoTime();
                    boolean ok = response.statusCode() == 200 && response.body().contains("\"accepted\":" + options.batchSize());
                    if (ok) {
                        sentTotal.addAndGet(options.batchSize());
                    }
                    if (sent < measureFrom || answered > end) {
                        continue;
                    }
                    if (!ok) {
                        failures.incrementAndGet();
                        synchronized (firstFailure) {
                            if (firstFailure[0] == null) {
                                firstFailure[0] = response.statusCode() + " " + response.body();
                            }
                        }
                        continue;
                    }
                    events.addAndGet(options.batchSize());
                    requests.incrementAndGet();
                    bodyBytes.addAndGet(bytes.length);
                    if (count == own.length) {
                        own = java.util.Arrays.copyOf(own, count * 2);
                    }
                    own[count++] = answered - sent;
                }
                return java.util.Arrays.copyOf(own, count);
            }));
        }
        long reportEvery = 5_000_000_000L;
        long nextReport = measureFrom + reportEvery;
        while (System.nanoTime() < end) {
            Thread.sleep(200);
            if (System.nanoTime() >= nextReport) {
                double elapsed = (System.nanoTime() - measureFrom) / 1e9;
                progress.accept(String.format(java.util.Locale.ROOT, "  %3.0f s: %,.0f events/s so far", elapsed, events.get() / elapsed));
                nextReport += reportEvery;
            }
        }
        for (Future<long[]> sender : running) {
            try {
                latencies.add(sender.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("a sender failed: " + Launcher.describe(e.getCause()), e.getCause());
            }
        }
        senders.shutdown();
        long total = latencies.stream().mapToLong(array -> array.length).sum();
        long[] all = new long[(int) total];
        int offset = 0;
        for (long[] own : latencies) {
            System.arraycopy(own, 0, all, offset, own.length);
            offset += own.length;
        }
        double[] quantiles = all.length == 0 ? new double[] {Double.NaN, Double.NaN} : Quantiles.of(all, 0.5, 0.99);
        return new Result(events.get(), requests.get(), failures.get(), options.duration().toNanos() / 1e9, quantiles[0] / 1e6,
                quantiles[1] / 1e6, requests.get() == 0 ? 0 : (double) bodyBytes.get() / requests.get(), firstFailure[0], sentTotal.get());
    }

    /**
     * The generated messages as JSON split around the {@code messageId} value, so each request
     * gives them fresh ids and the current time (as live clients send) without serialising again.
     */
    private static List<byte[][]> templates(Options options) {
        List<Event> events = LogBenchmark.generate(20_000, options.eventBytes(), 11);
        List<byte[][]> templates = new ArrayList<>(events.size());
        String marker = "\u0000id\u0000";
        for (Event event : events) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", event.type().wireName());
            message.put("messageId", marker);
            message.put("userId", event.userId());
            message.put("anonymousId", event.anonymousId());
            if (event.type() == EventType.TRACK) {
                message.put("event", event.name());
            } else if (event.type() == EventType.PAGE) {
                message.put("name", event.name());
            }
            if (!event.properties().isEmpty()) {
                message.put("properties", event.properties().asMap());
            }
            if (!event.traits().isEmpty()) {
                message.put("traits", event.traits().asMap());
            }
            message.put("context", Map.of("library", Map.of("name", "percept-bench", "version", "1")));
            String json = JsonValues.toJson(message);
            String quoted = JsonValues.toJson(marker);
            int at = json.indexOf(quoted);
            templates.add(new byte[][] {(json.substring(0, at) + "\"").getBytes(StandardCharsets.UTF_8),
                    json.substring(at + quoted.length()).getBytes(StandardCharsets.UTF_8)});
        }
        return templates;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong counter = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
