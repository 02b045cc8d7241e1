package io.percept.cli;

import ch.qos.logback.classic.Level;
import io.percept.eventlog.ClusterBaselines;
import io.percept.platform.ClusterDatabase;
import io.percept.platform.ClusterDatabaseSettings;
import io.percept.platform.Directories;
import io.percept.platform.JsonValues;
import io.percept.prediction.PredictionBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench cluster}: cluster mode end to end on a running Kafka and PostgreSQL. For each
 * instance count it starts that many {@code percept serve --mode cluster} processes on a new topic
 * and a new database, sends events through the tracking API of all of them at once (the HTTP load
 * of {@code bench http}), and measures what the instances acknowledge, what their processors apply
 * (events reaching the event store, with profiles, in the same transaction), the end-to-end lag of
 * probe customers (from the tracking API's acknowledgement until another instance's profile API
 * shows them) and the time to drain the backlog. The raw engines are measured in the same run:
 * Kafka appends without Percept's HTTP, and PostgreSQL COPY into the event store.
 */
@Command(name = "cluster", description = "Cluster mode on Kafka and PostgreSQL: throughput and end-to-end lag with 1 and 2 instances, "
        + "against the raw Kafka append and PostgreSQL COPY rates on this machine.")
final class ClusterBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers, host:port,...")
    String bootstrapServers;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "A PostgreSQL server (any database on it): the benchmark creates and drops its own databases (default: ${DEFAULT-VALUE})")
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "A user allowed to create databases (default: ${DEFAULT-VALUE})")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "", description = "Its password")
    String postgresPassword;

    @Option(names = "--instances", split = ",", defaultValue = "1,2", description = "Instance counts to run, in order; 0 runs none "
            + "(only the baselines and the prediction runs) (default: ${DEFAULT-VALUE})")
    List<Integer> instances;

    @Option(names = "--partitions", defaultValue = "12", description = "Partitions of each run's topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--connections", defaultValue = "8", description = "HTTP connections in all, spread over the instances (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--batch", defaultValue = "100", description = "Events per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--event-bytes", defaultValue = "300", description = "Average event JSON size (default: ${DEFAULT-VALUE})")
    int eventBytes;

    @Option(names = "--warmup", defaultValue = "20", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "40", description = "Seconds measured (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--steady-rate", defaultValue = "1000", description = "Events/s of the steady phase, in which the lag is measured "
            + "(default: ${DEFAULT-VALUE})")
    double steadyRate;

    @Option(names = "--steady", defaultValue = "30", description = "Seconds of the steady phase (default: ${DEFAULT-VALUE})")
    int steadySeconds;

    @Option(names = "--heap", defaultValue = "1g", description = "Heap of each instance, -Xmx (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--baseline-events", defaultValue = "200000", description = "Events of the raw baselines; 0 skips them (default: ${DEFAULT-VALUE})")
    int baselineEvents;

    @Option(names = "--prediction-customers", defaultValue = "50000", description = "Customers of the prediction-run comparison: a year of "
            + "their orders goes through the tracking API of one cluster instance and of one embedded instance, and each runs the models; "
            + "0 skips it (default: ${DEFAULT-VALUE})")
    int predictionCustomers;

    @Option(names = "--prediction-heap", defaultValue = "3g", description = "Heap of the instances that run the models, -Xmx (default: ${DEFAULT-VALUE})")
    String predictionHeap;

    /** A prediction run as its instance reported it: the whole run, and the models' own steps within it. */
    record ModelRunTimes(int customers, int orders, double seconds, double modelSeconds) {

        /** What the run spent outside the models: reading orders and profiles, storing scores and documents. */
        double storeSeconds() {
            return seconds - modelSeconds;
        }
    }

    /**
     * What one instance count measured: under saturation what the instances acknowledged and applied while also
     * serving HTTP, then the rate at which they applied the backlog with no HTTP load ({@code drainPerSecond}), and
     * the end-to-end lag at the steady rate.
     */
    record Run(int instances, double ingestPerSecond, double appliedPerSecond, double lagP50Millis, double lagP95Millis, double lagMaxMillis,
            int probes, double drainSeconds, double drainPerSecond, long acknowledged, double cpuBusy, double requestP99Millis) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (connections < 1 || batch < 1 || durationSeconds < 1 || warmupSeconds < 0 || instances.isEmpty() || instances.stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("--connections, --batch and --duration must be positive, and --instances counts 0 or more");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.percept")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
        String run = HexFormat.of().formatHex(SecureRandom.getSeed(4));
        out.printf(Locale.ROOT, "Cluster benchmark %s: Kafka %s, PostgreSQL %s, %d cores, %d partitions, %d connections x %d events of ~%d bytes%n",
                run, bootstrapServers, postgresUrl, Runtime.getRuntime().availableProcessors(), partitions, connections, batch, eventBytes);
        double kafkaBaseline = 0;
        ClusterBaselines.StoreRates storeBaseline = null;
        if (baselineEvents > 0) {
            String topic = "percept-bench-baseline-" + run;
            kafkaBaseline = ClusterBaselines.kafkaAppends(bootstrapServers, topic, partitions, baselineEvents, eventBytes, connections, batch);
            deleteTopic(topic);
            out.printf(Locale.ROOT, "  raw Kafka appends        %,.0f events/s (%d threads x %d events per transaction group, no HTTP)%n", kafkaBaseline,
                    connections, batch);
            String database = createDatabase("percept_bench_baseline_" + run);
            try (ClusterDatabase store = ClusterDatabase.open(settings(database, 2))) {
                storeBaseline = ClusterBaselines.eventStore(store.dataSource(), Math.min(baselineEvents, 100_000));
            } finally {
                dropDatabase(database);
            }
            out.printf(Locale.ROOT, "  raw PostgreSQL COPY      %,.0f events/s into the event store (batched INSERT %,.0f)%n", storeBaseline.copy(),
                    storeBaseline.insert());
        }
        List<Run> runs = new ArrayList<>();
        for (int count : instances.stream().filter(n -> n > 0).toList()) {
            Run result = measure(count, run, out);
            runs.add(result);
            out.printf(Locale.ROOT, "  %d instance%s, saturated: acknowledged %,.0f events/s (request p99 %.0f ms), applied %,.0f events/s, backlog "
                    + "drained %.1f s after the load (%,.0f events/s), machine CPU busy %.0f %%; at %,.0f events/s: end-to-end lag p50 %.0f ms, p95 %.0f ms, max %.0f ms "
                    + "(%d probes)%n", count, count == 1 ? "" : "s", result.ingestPerSecond(), result.requestP99Millis(), result.appliedPerSecond(),
                    result.drainSeconds(), result.drainPerSecond(), result.cpuBusy() * 100, steadyRate, result.lagP50Millis(), result.lagP95Millis(), result.lagMaxMillis(),
                    result.probes());
        }
        for (Run result : runs) {
            out.printf(Locale.ROOT, "cluster_result instances=%d ingest=%.0f applied=%.0f lag_p50_ms=%.0f lag_p95_ms=%.0f drain_s=%.1f drain_rate=%.0f cpu=%.2f"
                    + " kafka_baseline=%.0f copy_baseline=%.0f%n", result.instances(), result.ingestPerSecond(), result.appliedPerSecond(),
                    result.lagP50Millis(), result.lagP95Millis(), result.drainSeconds(), result.drainPerSecond(), result.cpuBusy(), kafkaBaseline,
                    storeBaseline == null ? 0 : storeBaseline.copy());
        }
        if (predictionCustomers > 0) {
            ModelRunTimes[] times = measurePredictions(run, out);
            out.printf(Locale.ROOT, "prediction_result customers=%d orders=%d embedded_s=%.1f embedded_models_s=%.1f cluster_s=%.1f cluster_models_s=%.1f"
                    + " ratio=%.2f%n", times[1].customers(), times[1].orders(), times[0].seconds(), times[0].modelSeconds(), times[1].seconds(),
                    times[1].modelSeconds(), times[1].seconds() / times[0].seconds());
        }
        if (kafkaBaseline > 0 && !runs.isEmpty()) {
            for (Run result : runs) {
                out.printf(Locale.ROOT, "  ratios (%d instance%s): acknowledged / raw Kafka appends %.2f, backlog applied / raw COPY %.2f%n",
                        result.instances(), result.instances() == 1 ? "" : "s", result.ingestPerSecond() / kafkaBaseline,
                        result.drainPerSecond() / storeBaseline.copy());
            }
        }
        return 0;
    }

    private Run measure(int count, String run, PrintWriter out) throws Exception {
        String topic = "percept-bench-" + count + "-" + run;
        String database = createDatabase("percept_bench_" + count + "_" + run);
        String token = "bench-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));
        String writeKey = "bench-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));
        Path scratch = Files.createTempDirectory("percept-bench-cluster-");
        List<Process> children = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        boolean measured = false;
        try {
            for (int i = 0; i < count; i++) {
                int port = freePort();
                children.add(instance(heap, port, scratch, "instance-" + i, token, writeKey, clusterProperties("bench-" + run + "-" + i, topic, database)));
                urls.add("http://localhost:" + port);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < count; i++) {
                awaitHealthy(http, urls.get(i), children.get(i), scratch.resolve("instance-" + i + ".log"));
            }
            out.printf(Locale.ROOT, "  %d instance%s up; saturating for %d s + %d s measured, then %,.0f events/s for %d s with probes...%n", count,
                    count == 1 ? "" : "s", warmupSeconds, durationSeconds, steadyRate, steadySeconds);
            // phase 1, saturation: as fast as the instances acknowledge; what do they acknowledge and apply?
            long measureFrom = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
            long measureTo = measureFrom + Duration.ofSeconds(durationSeconds).toNanos();
            List<CompletableFuture<HttpLoad.Result>> loads = load(urls, writeKey, warmupSeconds, durationSeconds, 0);
            sleepUntil(measureFrom);
            long appliedBefore = storedEvents(database);
            long[] cpuBefore = cpuTicks();
            long startedAt = System.nanoTime();
            sleepUntil(measureTo);
            long appliedAfter = storedEvents(database);
            long[] cpuAfter = cpuTicks();
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            double ingest = 0;
            double p99 = 0;
            long acknowledged = 0;
            for (CompletableFuture<HttpLoad.Result> load : loads) {
                HttpLoad.Result result = load.join();
                if (result.failures() > 0) {
                    out.println("  (some requests failed: " + result.firstFailure() + ")");
                }
                ingest += result.eventsPerSecond();
                p99 = Math.max(p99, result.p99Millis());
                acknowledged += result.sentTotal();
            }
            long loadEnded = System.nanoTime();
            long backlog = acknowledged - storedEvents(database);
            long drainDeadline = loadEnded + Duration.ofMinutes(10).toNanos();
            while (storedEvents(database) < acknowledged && System.nanoTime() < drainDeadline) {
                Thread.sleep(100);
            }
            double drain = (System.nanoTime() - loadEnded) / 1e9;
            double drainRate = backlog / Math.max(drain, 1e-3);
            // phase 2, a steady rate below saturation: the lag a customer sees
            AtomicBoolean stop = new AtomicBoolean();
            List<Double> lags = Collections.synchronizedList(new ArrayList<>());
            long steadyFrom = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            long steadyTo = steadyFrom + Duration.ofSeconds(steadySeconds).toNanos();
            CompletableFuture<Integer> probes = CompletableFuture.supplyAsync(() -> probe(http, urls, token, writeKey, stop, lags, steadyFrom, steadyTo));
            long steadyBefore = storedEvents(database);
            List<CompletableFuture<HttpLoad.Result>> steady = load(urls, writeKey, 3, steadySeconds, steadyRate);
            long steadyAcknowledged = 0;
            for (CompletableFuture<HttpLoad.Result> load : steady) {
                steadyAcknowledged += load.join().sentTotal();
            }
            stop.set(true);
            int probeCount = probes.join();
            long total = acknowledged + steadyAcknowledged + probeCount;
            while (storedEvents(database) < total && System.nanoTime() < drainDeadline) {
                Thread.sleep(100);
            }
            measured = storedEvents(database) - steadyBefore >= steadyAcknowledged;
            double[] sorted = lags.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double busy = (cpuAfter[0] - cpuBefore[0]) / (double) Math.max(1, cpuAfter[1] - cpuBefore[1]);
            boolean probed = sorted.length > 0;
            return new Run(count, ingest, (appliedAfter - appliedBefore) / seconds, probed ? ConsoleBench.quantile(sorted, 0.5) : 0,
                    probed ? ConsoleBench.quantile(sorted, 0.95) : 0, probed ? sorted[sorted.length - 1] : 0, sorted.length, drain, drainRate, total,
                    busy, p99);
        } finally {
            stop(children);
            deleteTopic(topic);
            dropDatabase(database);
            if (measured) {
                try {
                    Directories.delete(scratch);
                } catch (IOException e) {
                    LoggerFactory.getLogger(ClusterBench.class).warn("Could not delete {}: {}", scratch, e.getMessage());
                }
            }
        }
    }

    /**
     * Starts {@code percept serve} in a child process on {@code port} with its data and log under
     * {@code scratch}/{@code name}; {@code properties} are Spring properties (as system properties: the
     * command line takes only percept's own options), with {@code percept.mode=cluster} among them for cluster mode.
     */
    private static Process instance(String heap, int port, Path scratch, String name, String token, String writeKey, List<String> properties)
            throws IOException {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseParallelGC", "-Dpercept.platform.admin-token=" + token,
                "-Dpercept.ingest.write-keys=bench:web:" + writeKey, "-Dlogging.level.io.percept=WARN"));
        BenchCommand.RATE_LIMITS_OFF.forEach(setting -> options.add("-D" + setting.substring(2)));
        options.addAll(properties);
        List<String> command = new ArrayList<>(Launcher.javaCommand(options.toArray(String[]::new)));
        command.addAll(List.of("serve", "--port", Integer.toString(port), "--data-dir", scratch.resolve(name).toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(scratch.resolve(name + ".log").toFile()).start();
    }

    /** The system properties of a cluster instance on {@code topic} and the database at {@code database}. */
    private List<String> clusterProperties(String instanceId, String topic, String database) {
        return List.of("-Dpercept.mode=cluster", "-Dpercept.cluster.instance-id=" + instanceId, "-Dpercept.cluster.kafka.bootstrap-servers=" + bootstrapServers,
                "-Dpercept.cluster.kafka.topic=" + topic, "-Dpercept.cluster.kafka.partitions=" + partitions,
                "-Dpercept.cluster.postgres.url=" + database, "-Dpercept.cluster.postgres.user=" + postgresUser,
                "-Dpercept.cluster.postgres.password=" + postgresPassword);
    }

    /**
     * The same year of orders ({@link PredictionBenchmark#orderMessages}) through the tracking API of one
     * embedded instance and of one cluster instance; once each has applied them, a prediction run is
     * requested and timed. Returns the embedded run's times, then the cluster run's.
     */
    private ModelRunTimes[] measurePredictions(String run, PrintWriter out) throws Exception {
        List<Map<String, Object>> orders = PredictionBenchmark.orderMessages(predictionCustomers, 5_000, 42, java.time.Instant.now());
        out.printf(Locale.ROOT, "  prediction runs: %,d customers with %,d orders, sent to an embedded and to a cluster instance...%n",
                predictionCustomers, orders.size());
        out.flush();
        String token = "bench-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));
        String writeKey = "bench-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));
        Path scratch = Files.createTempDirectory("percept-bench-predictions-");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ModelRunTimes[] times = new ModelRunTimes[2];
        List<String> disabled = List.of("-Dpercept.prediction.enabled=false", "-Dpercept.segmentation.recompute-interval=0s");
        int port = freePort();
        Process embedded = instance(predictionHeap, port, scratch, "embedded", token, writeKey, disabled);
        try {
            String url = "http://localhost:" + port;
            awaitHealthy(http, url, embedded, scratch.resolve("embedded.log"));
            send(http, url, writeKey, orders);
            // every processor (unify, and the embedded mode's order and activity tables) done, so none competes with the run
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!processorsCaughtUp(http, url, token)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the embedded instance did not apply the orders within 10 minutes");
                }
                Thread.sleep(200);
            }
            times[0] = runModels(http, url, token);
            out.printf(Locale.ROOT, "  embedded: run over %,d customers took %.1f s (models %.1f s, reads and writes %.1f s)%n", times[0].customers(),
                    times[0].seconds(), times[0].modelSeconds(), times[0].storeSeconds());
        } finally {
            stop(List.of(embedded));
        }
        String topic = "percept-bench-predictions-" + run;
        String database = createDatabase("percept_bench_predictions_" + run);
        port = freePort();
        List<String> properties = new ArrayList<>(clusterProperties("bench-predictions-" + run, topic, database));
        properties.addAll(disabled);
        Process cluster = instance(predictionHeap, port, scratch, "cluster", token, writeKey, properties);
        try {
            String url = "http://localhost:" + port;
            awaitHealthy(http, url, cluster, scratch.resolve("cluster.log"));
            send(http, url, writeKey, orders);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (storedEvents(database) < orders.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster instance did not apply the orders within 10 minutes");
                }
                Thread.sleep(100);
            }
            times[1] = runModels(http, url, token);
            out.printf(Locale.ROOT, "  cluster: run over %,d customers took %.1f s (models %.1f s, reads and writes %.1f s)%n", times[1].customers(),
                    times[1].seconds(), times[1].modelSeconds(), times[1].storeSeconds());
        } finally {
            stop(List.of(cluster));
            deleteTopic(topic);
            dropDatabase(database);
        }
        Directories.delete(scratch);
        return times;
    }

    /** Sends {@code messages} through the tracking API in batches of 500, on four connections. */
    private static void send(HttpClient http, String url, String writeKey, List<Map<String, Object>> messages) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int from = 0; from < messages.size(); from += 500) {
                String body = JsonValues.toJson(Map.of("batch", messages.subList(from, Math.min(messages.size(), from + 500))));
                sent.add(CompletableFuture.runAsync(() -> {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/batch")).header("Authorization", basic)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("a batch was refused: " + response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException("sending a batch failed: " + e.getMessage(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }, senders));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } finally {
            senders.shutdownNow();
        }
    }

    /** Whether the instance's health shows every log processor without lag (the embedded mode's processors). */
    private static boolean processorsCaughtUp(HttpClient http, String url, String token) throws Exception {
        Map<String, Object> health = JsonValues.parseObject(http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        return health.get("components") instanceof Map<?, ?> components && components.get("processors") instanceof Map<?, ?> processors
                && processors.get("details") instanceof Map<?, ?> details && !details.isEmpty()
                && details.values().stream().allMatch(detail -> detail instanceof Map<?, ?> d && d.get("lagEvents") instanceof Number lag
                        && lag.longValue() == 0);
    }

    /** Requests a prediction run and waits for it; its times from the run's summary. */
    private static ModelRunTimes runModels(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "/api/predictions/runs")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("the run was not started: " + started.statusCode() + " " + started.body());
        }
        long id = ((Number) JsonValues.parseObject(started.body()).get("run")).longValue();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> status = JsonValues.parseObject(http.send(HttpRequest.newBuilder(URI.create(url + "/api/predictions/status"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (((Number) status.get("id")).longValue() == id && status.get("finishedAt") != null) {
                if (!"succeeded".equals(status.get("status")) || !(status.get("summary") instanceof Map<?, ?> summary)) {
                    throw new IllegalStateException("the run did not succeed: " + status);
                }
                double models = 0;
                for (String step : List.of("clvSeconds", "propensitySeconds", "clusterSeconds", "recommendSeconds", "bundleSeconds", "forecastSeconds")) {
                    models += summary.get(step) instanceof Number number ? number.doubleValue() : 0;
                }
                return new ModelRunTimes(((Number) summary.get("customers")).intValue(), ((Number) summary.get("orders")).intValue(),
                        ((Number) summary.get("seconds")).doubleValue(), models);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the run did not finish within 30 minutes");
    }

    private static void stop(List<Process> children) throws InterruptedException {
        for (Process child : children) {
            child.destroy();
        }
        for (Process child : children) {
            if (!child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** HTTP load on every instance at once, the connections spread over them; {@code rate} 0 is as fast as they answer. */
    private List<CompletableFuture<HttpLoad.Result>> load(List<String> urls, String writeKey, int warmup, int duration, double rate) {
        List<CompletableFuture<HttpLoad.Result>> loads = new ArrayList<>();
        int count = urls.size();
        for (int i = 0; i < count; i++) {
            int share = Math.max(1, connections / count + (i < connections % count ? 1 : 0));
            HttpLoad.Options options = new HttpLoad.Options(urls.get(i), writeKey, share, batch, eventBytes, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(duration), rate / count);
            loads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return HttpLoad.run(options, line -> { });
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return loads;
    }

    /**
     * Every 250 ms a new customer identifies through one instance; once acknowledged, another instance's
     * profile API is asked for them every 5 ms until it answers. Lags of probes started in the measured
     * window are kept. Returns the probes sent.
     */
    private static int probe(HttpClient http, List<String> urls, String token, String writeKey, AtomicBoolean stop, List<Double> lags,
            long measureFrom, long measureTo) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        int sent = 0;
        try {
            while (!stop.get()) {
                String user = "probe-" + sent;
                String body = JsonValues.toJson(Map.of("userId", user, "messageId", "probe-message-" + sent, "traits", Map.of("probe", true)));
                HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create(urls.get(sent % urls.size()) + "/v1/identify"))
                        .header("Authorization", basic).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long acknowledgedAt = System.nanoTime();
                sent++;
                if (ack.statusCode() != 200) {
                    throw new IllegalStateException("a probe was refused: " + ack.statusCode() + " " + ack.body());
                }
                String reader = urls.get(sent % urls.size());
                while (!stop.get() || System.nanoTime() - acknowledgedAt < Duration.ofSeconds(60).toNanos()) {
                    HttpResponse<Void> found = http.send(HttpRequest.newBuilder(URI.create(reader + "/api/profiles/by-identifier/user_id/" + user))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
                    if (found.statusCode() == 200) {
                        if (acknowledgedAt >= measureFrom && acknowledgedAt <= measureTo) {
                            lags.add((System.nanoTime() - acknowledgedAt) / 1e6);
                        }
                        break;
                    }
                    Thread.sleep(5);
                }
                Thread.sleep(250);
            }
        } catch (IOException e) {
            throw new IllegalStateException("probing failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sent;
    }

    /** Busy and total CPU ticks of the machine (/proc/stat), or zeros where there is none. */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    private void awaitHealthy(HttpClient http, String url, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("an instance exited at start; its log: " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("an instance did not become healthy within 2 minutes; its log: " + log);
    }

    private ClusterDatabaseSettings settings(String url, int pool) {
        return new ClusterDatabaseSettings(url, postgresUser, postgresPassword, pool, Map.of());
    }

    /** A connection to the database at {@code url} as the benchmark's user. */
    private Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", postgresUser);
        properties.setProperty("password", postgresPassword);
        return DriverManager.getConnection(url, properties);
    }

    /** Creates a database on the server; returns its JDBC URL. */
    private String createDatabase(String name) throws SQLException {
        try (Connection connection = connect(postgresUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        URI server = URI.create(postgresUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://" + server.getAuthority() + "/" + name + (server.getQuery() == null ? "" : "?" + server.getQuery());
    }

    private void dropDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection connection = connect(postgresUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            LoggerFactory.getLogger(ClusterBench.class).warn("Could not drop the benchmark database {}: {}", name, e.getMessage());
        }
    }

    private long storedEvents(String url) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void deleteTopic(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (Exception e) {
            LoggerFactory.getLogger(ClusterBench.class).warn("Could not delete the benchmark topic {}: {}", topic, e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
