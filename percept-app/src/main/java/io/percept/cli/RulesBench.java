package io.percept.cli;

import ch.qos.logback.classic.Level;
import io.percept.platform.Directories;
import io.percept.rules.RuleDocuments;
import io.percept.rules.Rules;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench rules}: the latency from an event accepted by {@code POST /v1/batch} to the
 * webhook a rule sends for it arriving at a local receiver, at steady rates (open loop: batches
 * every 10 ms whatever the answers), next to the raw baseline of posting the same bodies straight
 * to the receiver at the same rate from as many threads as Percept's deliveries use (blocking sends
 * on one HTTP/1.1 client, as the webhook sender does). Each event carries its send time
 * ({@link System#nanoTime}, same JVM), the receiver subtracts it. The answer time of the batch
 * posts (the durable acknowledgement of ingest) is reported next to it.
 */
@Command(name = "rules", description = {"Event accepted by POST /v1/batch -> webhook of a rule received by a local receiver: p50/p99 latency "
        + "at steady rates, next to posting straight to the receiver (raw baseline). Starts Percept on a free port with a new data directory."})
final class RulesBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--rates", defaultValue = "1000,10000", split = ",", description = "Events per second, one run each (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds before measuring, per rate (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds measured per rate (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--users", defaultValue = "10000", description = "Distinct users the events come from (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--matching", defaultValue = "100", description = "Percent of the events the rule fires on; the others are "
            + "other events through the same pipeline (default: ${DEFAULT-VALUE})")
    int matching;

    @Option(names = "--batch", defaultValue = "1", description = "Firings one webhook request may carry, the rule's webhook batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--purpose", defaultValue = "marketing", description = "The rule's purpose: marketing (each firing checks the "
            + "profile's marketing consent, as of the event) or service (no check) (default: ${DEFAULT-VALUE})")
    String purpose;

    @Option(names = "--workers", defaultValue = "16", description = "Delivery threads for the receiver's destination (default: ${DEFAULT-VALUE})")
    int workers;

    private static final long TICK_MILLIS = 10;

    /** What one rate gave. */
    record Run(int rate, long sent, int failures, int received, int measured, double p50, double p99, double p999, double max, double ackP50,
            double ackP99) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rates.isEmpty() || rates.stream().anyMatch(rate -> rate < 100 || rate > 100_000) || durationSeconds < 1 || warmupSeconds < 0
                || matching < 1 || matching > 100) {
            throw new IllegalArgumentException("--rates 100 to 100000 events/s, --duration at least 1, --warmup 0 or more, --matching 1 to 100");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.percept")).setLevel(Level.WARN);
        int capacity = rates.stream().mapToInt(Integer::intValue).max().orElse(0) * (durationSeconds + warmupSeconds + 5);
        Path data = Files.createTempDirectory("percept-bench-rules-");
        String key = "bench-" + Long.toHexString(System.nanoTime());
        ConfigurableApplicationContext server = null;
        try (WebhookReceiver receiver = new WebhookReceiver(capacity)) {
            server = bench.startServer(data, "--percept.ingest.write-keys=bench:web:" + key, "--percept.rules.delivery.worker-threads=" + workers);
            String target = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
            server.getBean(Rules.class).save(RuleDocuments.parse("""
                    {"id": "bench-webhook", "name": "Benchmark: every Bench Event to a webhook", "purpose": "%s",
                     "when": {"event": {"name": "Bench Event"}},
                     "actions": [{"webhook": {"url": "%s", "secret": "bench-secret", "timeout": "5s", "maxAttempts": 3, "batch": %d}}]}
                    """.formatted(purpose, receiver.url(), batch), "the benchmark rule"));
            out.printf(Locale.ROOT, "Rules benchmark: POST %s/v1/batch (batches every %d ms) -> rule bench-webhook -> webhook to %s "
                    + "(up to %d firings per request, %d delivery threads; the rule fires on %d %% of the events)%n", target, TICK_MILLIS,
                    receiver.url(), batch, workers, matching);
            List<Run> runs = new ArrayList<>();
            List<Run> baselines = new ArrayList<>();
            Map<String, String> names = new LinkedHashMap<>();
            names.put("percept.log.append.latency", "ingest append -> durable");
            names.put("percept.log.commit", "log group commit");
            names.put("percept.rule.fire.latency", "event arrival -> firing");
            names.put("percept.rule.delivery", "firing -> receiver's 2xx");
            StageTimes stages = new StageTimes(server.getBean(io.micrometer.core.instrument.MeterRegistry.class), names);
            for (int rate : rates) {
                baselines.add(drive(out, receiver, rate, true, receiver.url(), null));
                stages.mark();
                runs.add(drive(out, receiver, rate, false, target, key));
                out.println("    stages (server histograms, warm-up included): " + stages.describe());
            }
            out.println("  the rule's own statistics: " + server.getBean(io.percept.rules.RuleOperations.class).stats("bench-webhook"));
            out.println();
            out.println("| rate (events/s) | path | sent | delivered | p50 ms | p99 ms | p99.9 ms | max ms | /v1/batch answer p50 / p99 ms |");
            out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i < runs.size(); i++) {
                row(out, baselines.get(i), "raw: POST straight to the receiver");
                row(out, runs.get(i), "event -> /v1/batch -> log -> rules -> webhook");
            }
            StringBuilder last = new StringBuilder();
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                last.append(String.format(Locale.ROOT, "rate_%d_p50_ms=%.2f rate_%d_p99_ms=%.2f rate_%d_delivered=%d/%d raw_%d_p99_ms=%.2f ", run.rate(),
                        run.p50(), run.rate(), run.p99(), run.rate(), run.measured(), run.sent(), run.rate(), baselines.get(i).p99()));
            }
            out.println(last.toString().strip());
            return runs.stream().allMatch(run -> run.failures() == 0) ? 0 : 1;
        } finally {
            if (server != null) {
                server.close();
            }
            Directories.delete(data);
        }
    }

    private static void row(PrintWriter out, Run run, String path) {
        out.printf(Locale.ROOT, "| %,d | %s | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %s |%n", run.rate(), path, run.sent(), run.measured(), run.p50(),
                run.p99(), run.p999(), run.max(), Double.isNaN(run.ackP50()) ? "" : String.format(Locale.ROOT, "%.2f / %.2f", run.ackP50(), run.ackP99()));
    }

    /**
     * Sends {@code rate} events per second for the warm-up and the measured seconds, then waits for
     * the receiver to get what was sent in the measured part (at most 30 s more).
     *
     * @param raw posts each event's body straight to {@code url} instead of through Percept
     */
    private Run drive(PrintWriter out, WebhookReceiver receiver, int rate, boolean raw, String url, String writeKey) throws Exception {
        receiver.reset();
        AtomicInteger failures = new AtomicInteger();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        java.util.concurrent.BlockingQueue<String> rawBodies = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Thread> senders = new ArrayList<>();
        if (raw) {
            for (int i = 0; i < workers; i++) {
                Thread sender = new Thread(() -> {
                    try {
                        while (true) {
                            String body = rawBodies.take();
                            try {
                                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                                if (response.statusCode() >= 300) {
                                    failures.incrementAndGet();
                                }
                            } catch (java.io.IOException e) {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "bench-raw-sender");
                sender.setDaemon(true);
                sender.start();
                senders.add(sender);
            }
        }
        long[] acks = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) (warmupSeconds + durationSeconds) * 1000 / TICK_MILLIS + 16)];
        AtomicInteger ackCount = new AtomicInteger();
        String authorization = writeKey == null ? null : "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sequence = new AtomicLong();
        AtomicLong measuredSent = new AtomicLong();
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long stopAt = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        double perTick = rate * TICK_MILLIS / 1000.0;
        double[] owed = {0};
        receiver.measureFrom(measureFrom);
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now >= stopAt) {
                return;
            }
            owed[0] += perTick;
            int count = (int) owed[0];
            owed[0] -= count;
            if (count == 0) {
                return;
            }
            if (raw) {
                for (int i = 0; i < count; i++) {
                    if (sequence.incrementAndGet() % 100 >= matching) {
                        continue;
                    }
                    if (now >= measureFrom) {
                        measuredSent.incrementAndGet();
                    }
                    rawBodies.add("{\"event\":{\"properties\":{\"sentNanos\":" + System.nanoTime() + "}}}");
                }
                return;
            }
            StringBuilder body = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < count; i++) {
                long n = sequence.incrementAndGet();
                boolean fires = n % 100 < matching;
                if (fires && now >= measureFrom) {
                    measuredSent.incrementAndGet();
                }
                body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"").append(fires ? "Bench Event" : "Bench Other")
                        .append("\",\"userId\":\"u").append(n % users)
                        .append("\",\"messageId\":\"bench-").append(rate).append('-').append(n).append("\",\"properties\":{\"sentNanos\":")
                        .append(System.nanoTime()).append("}}");
            }
            body.append("]}");
            long posted = System.nanoTime();
            boolean measured = posted >= measureFrom;
            client.sendAsync(HttpRequest.newBuilder(URI.create(url + "/v1/batch")).header("Authorization", authorization)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 200) {
                            failures.incrementAndGet();
                        } else if (measured) {
                            int slot = ackCount.getAndIncrement();
                            if (slot < acks.length) {
                                acks[slot] = System.nanoTime() - posted;
                            }
                        }
                    });
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        out.printf(Locale.ROOT, "  %s at %,d events/s: %d s warm-up, %d s measured...%n", raw ? "raw baseline" : "rules", rate, warmupSeconds,
                durationSeconds);
        out.flush();
        while (System.nanoTime() < stopAt) {
            Thread.sleep(100);
        }
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receiver.measured() < measuredSent.get() && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        senders.forEach(Thread::interrupt);
        long[] answered = java.util.Arrays.copyOf(acks, Math.min(ackCount.get(), acks.length));
        java.util.Arrays.sort(answered);
        Run run = new Run(rate, measuredSent.get(), failures.get(), receiver.received(), receiver.measured(), receiver.quantileMillis(0.5),
                receiver.quantileMillis(0.99), receiver.quantileMillis(0.999), receiver.quantileMillis(1.0), quantileMillis(answered, 0.5),
                quantileMillis(answered, 0.99));
        out.printf(Locale.ROOT, "    sent %,d, delivered %,d (%,d received in all), p50 %.2f ms, p99 %.2f ms, failures %d%s%n", run.sent(), run.measured(),
                run.received(), run.p50(), run.p99(), run.failures(),
                raw ? "" : String.format(Locale.ROOT, "; /v1/batch answered p50 %.2f ms, p99 %.2f ms", run.ackP50(), run.ackP99()));
        return run;
    }

    private static double quantileMillis(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }
}
