package io.percept.cli;

import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogBenchmark;
import io.percept.platform.Directories;
import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code percept bench}: load runs that measure Percept against a raw baseline on this machine. */
@Command(name = "bench", description = "Benchmarks against a raw baseline on this machine.",
        subcommands = {BenchCommand.LogCommand.class, BenchCommand.HttpCommand.class, BenchCommand.ProfilesCommand.class,
            BenchCommand.ProfilesRestartCommand.class, TextBench.class, RecommendBench.class, KMeansBench.class, ForecastBench.class,
            PropensityBench.class, PredictionBench.class, RulesBench.class, ConsoleBench.class, ClusterBench.class})
final class BenchCommand {

    @ParentCommand
    PerceptCli cli;

    /** Starts Percept in this JVM on a free port with the data in {@code data}, logging warnings only, plus {@code settings}. */
    /** A benchmark measures the server's capacity, which the per-source and per-user rate limits would cap (docs/access.md). */
    static final List<String> RATE_LIMITS_OFF = List.of("--percept.ingest.rate-limit.requests-per-second=0",
            "--percept.access.rate-limit.requests-per-second=0", "--percept.access.rate-limit.admin-token-requests-per-second=0");

    ConfigurableApplicationContext startServer(Path data, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--percept.platform.data-dir=" + data, "--server.port=0",
                "--logging.level.io.percept=WARN", "--logging.level.percept=WARN"));
        arguments.addAll(RATE_LIMITS_OFF);
        arguments.addAll(List.of(settings));
        return new SpringApplication(cli.application).run(arguments.toArray(String[]::new));
    }

    /** {@code percept bench log}: group-committed log appends against the raw DuckDB Appender. */
    @Command(name = "log", description = "Append rate of the event log (concurrent producers, durable acknowledgements, "
            + "group commit) and of the raw DuckDB Appender on the same rows, in the same run; also the replay rate from the store.")
    static final class LogCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--events", defaultValue = "500000", description = "Events per round (default: ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--event-bytes", defaultValue = "300", description = "Average event JSON size (default: ${DEFAULT-VALUE})")
        int eventBytes;

        @Option(names = "--producers", defaultValue = "16", description = "Concurrent appending threads (default: ${DEFAULT-VALUE})")
        int producers;

        @Option(names = "--batch", defaultValue = "100", description = "Events per append (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--rounds", defaultValue = "3", description = "Alternating raw/log rounds; medians reported (default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--max-commit-events", defaultValue = "10000", description = "Group commit: most events per commit (default: ${DEFAULT-VALUE})")
        int maxCommitEvents;

        @Option(names = "--max-commit-delay-ms", defaultValue = "2", description = "Group commit: longest wait for more requests (default: ${DEFAULT-VALUE})")
        long maxCommitDelayMillis;

        @Option(names = "--dir", description = "Scratch directory (default: a new temporary directory)")
        Path directory;

        @Option(names = "--encrypt", description = "Also run every round with encryption at rest (a random key) and report both rates")
        boolean encrypt;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.percept")).setLevel(Level.WARN);
            Path scratch = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("percept-bench-");
            EventLogSettings defaults = EventLogSettings.defaults();
            EventLogSettings settings = new EventLogSettings(
                    new EventLogSettings.GroupCommit(maxCommitEvents, Duration.ofMillis(maxCommitDelayMillis)),
                    Math.max(defaults.maxPendingEvents(), producers * batch), defaults.tailCacheEvents(), defaults.processors());
            out.printf(Locale.ROOT, "Log append benchmark: %,d events of ~%d bytes, %d producers x %d events per append, %d rounds (%s)%n",
                    events, eventBytes, producers, batch, rounds, scratch);
            LogBenchmark.Result result = LogBenchmark.run(
                    new LogBenchmark.Options(events, eventBytes, producers, batch, rounds, scratch, settings, encrypt),
                    round -> out.printf(Locale.ROOT, "  round %d of %d...%n", round, rounds));
            if (directory == null) {
                Files.deleteIfExists(scratch);
            }
            out.printf(Locale.ROOT, "  average event JSON      %.0f bytes%n", result.averageEventBytes());
            out.printf(Locale.ROOT, "  raw DuckDB Appender     %,.0f events/s  (rounds: %s)%n", result.rawEventsPerSecond(), rates(result.rawRounds()));
            out.printf(Locale.ROOT, "  event log, durable ack  %,.0f events/s  (rounds: %s)%n", result.logEventsPerSecond(), rates(result.logRounds()));
            out.printf(Locale.ROOT, "  ratio                   %.2f%n", result.ratio());
            out.printf(Locale.ROOT, "  append latency          p50 %.2f ms, p99 %.2f ms; %.0f events per commit%n",
                    result.appendP50Millis(), result.appendP99Millis(), result.averageCommitEvents());
            out.printf(Locale.ROOT, "  replay from the store   %,.0f events/s (read and decode, as a replaying processor)%n",
                    result.replayEventsPerSecond());
            LogBenchmark.Encrypted encrypted = result.encrypted();
            if (encrypted != null) {
                out.printf(Locale.ROOT, "  encrypted at rest       %,.0f events/s  (rounds: %s; %.0f %% of the events carry sealed traits), "
                        + "%.2f of the plain log; replay %,.0f events/s%n", encrypted.logEventsPerSecond(), rates(encrypted.logRounds()),
                        100 * result.sealedShare(), encrypted.logEventsPerSecond() / result.logEventsPerSecond(),
                        encrypted.replayEventsPerSecond());
                out.printf(Locale.ROOT, "  sealing + opening       %.2f us of CPU per event with personal traits (encode and decode, one thread)%n",
                        encrypted.sealOpenMicros());
            }
            out.printf(Locale.ROOT, "log_events_per_s=%.0f raw_events_per_s=%.0f ratio=%.3f p50_ms=%.2f p99_ms=%.2f events_per_commit=%.0f"
                    + " replay_events_per_s=%.0f%s%n", result.logEventsPerSecond(), result.rawEventsPerSecond(), result.ratio(),
                    result.appendP50Millis(), result.appendP99Millis(), result.averageCommitEvents(), result.replayEventsPerSecond(),
                    encrypted == null ? "" : String.format(Locale.ROOT, " encrypted_events_per_s=%.0f encrypted_ratio=%.3f "
                            + "encrypted_replay_events_per_s=%.0f sealed_share=%.3f seal_open_us=%.2f", encrypted.logEventsPerSecond(),
                            encrypted.logEventsPerSecond() / result.logEventsPerSecond(), encrypted.replayEventsPerSecond(),
                            result.sealedShare(), encrypted.sealOpenMicros()));
            return 0;
        }

        private static String rates(double[] rates) {
            return Arrays.stream(rates).mapToObj(rate -> String.format(Locale.ROOT, "%,.0f", rate)).collect(Collectors.joining(", "));
        }
    }

    /**
     * {@code percept bench http}: {@code /v1/batch} under load from concurrent connections, with
     * durable acknowledgements, against the log's own append rate in the same run.
     */
    @Command(name = "http", description = {"Ingest rate of POST /v1/batch (durable acknowledgements) from a load generator in this process, "
            + "next to the in-process log append rate for the same events and concurrency, measured in the same run.",
        "Without --url it starts Percept on a free port with a new data directory and stops it afterwards."})
    static final class HttpCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        BenchCommand bench;

        @Option(names = "--url", description = "Benchmark a running server instead (needs --write-key; no log baseline)")
        String url;

        @Option(names = "--write-key", description = "The source's write key, with --url")
        String writeKey;

        @Option(names = "--connections", defaultValue = "16", description = "Concurrent connections (default: ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--batch", defaultValue = "100", description = "Events per request (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--event-bytes", defaultValue = "300", description = "Average event JSON size (default: ${DEFAULT-VALUE})")
        int eventBytes;

        @Option(names = "--warmup", defaultValue = "60", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Option(names = "--duration", defaultValue = "30", description = "Seconds measured (default: ${DEFAULT-VALUE})")
        int durationSeconds;

        @Option(names = "--baseline-events", defaultValue = "300000", description = "Events per round of the log baseline; 0 skips it "
                + "(default: ${DEFAULT-VALUE})")
        int baselineEvents;

        @Option(names = "--dir", description = "Data directory of the started server (default: a new temporary directory, deleted afterwards)")
        Path directory;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (connections < 1 || batch < 1 || batch > 2500 || durationSeconds < 1 || warmupSeconds < 0) {
                throw new IllegalArgumentException("--connections and --duration must be positive, --batch 1 to 2500");
            }
            if (url != null && (writeKey == null || writeKey.isBlank())) {
                throw new IllegalArgumentException("--url needs the --write-key of a source on that server");
            }
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.percept")).setLevel(Level.WARN);
            LogBenchmark.Result baseline = null;
            if (url == null && baselineEvents > 0) {
                Path scratch = Files.createTempDirectory("percept-bench-log-");
                out.printf(Locale.ROOT, "Log append baseline: %,d events, %d producers x %d events, 3 rounds...%n", baselineEvents, connections, batch);
                EventLogSettings defaults = EventLogSettings.defaults();
                baseline = LogBenchmark.run(new LogBenchmark.Options(baselineEvents, eventBytes, connections, batch, 3, scratch,
                        new EventLogSettings(defaults.groupCommit(), Math.max(defaults.maxPendingEvents(), connections * batch),
                                defaults.tailCacheEvents(), defaults.processors()), false), round -> { });
                Files.deleteIfExists(scratch);
            }
            ConfigurableApplicationContext server = null;
            Path data = null;
            String target = url;
            String key = writeKey;
            try {
                if (url == null) {
                    data = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("percept-bench-http-");
                    key = "bench-" + Long.toHexString(System.nanoTime());
                    server = bench.startServer(data, "--percept.ingest.write-keys=bench:web:" + key);
                    target = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
                }
                out.printf(Locale.ROOT, "HTTP ingest benchmark: POST %s/v1/batch, %d connections x %d events of ~%d bytes, durable acks%n",
                        target, connections, batch, eventBytes);
                HttpLoad.Result result = HttpLoad.run(new HttpLoad.Options(target, key, connections, batch, eventBytes,
                        Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds)), out::println);
                out.printf(Locale.ROOT, "  requests                %,d answered 200 in %.0f s (%,d failed)%n", result.requests(), result.seconds(),
                        result.failures());
                out.printf(Locale.ROOT, "  request body            %,.0f bytes on average%n", result.requestBytes());
                out.printf(Locale.ROOT, "  HTTP /v1/batch          %,.0f events/s (%,.0f requests/s)%n", result.eventsPerSecond(),
                        result.requests() / result.seconds());
                out.printf(Locale.ROOT, "  request latency         p50 %.1f ms, p99 %.1f ms%n", result.p50Millis(), result.p99Millis());
                if (server != null) {
                    io.micrometer.core.instrument.MeterRegistry meters = server.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    io.micrometer.core.instrument.Timer commits = meters.find("percept.log.commit").timer();
                    io.micrometer.core.instrument.DistributionSummary sizes = meters.find("percept.log.commit.batch.events").summary();
                    io.micrometer.core.instrument.Timer appends = meters.find("percept.log.append.latency").timer();
                    if (commits != null && sizes != null && appends != null) {
                        out.printf(Locale.ROOT, "  server: log commits     %,d, %.0f events and %.1f ms each on average; append to durable ack %.1f ms on average%n",
                                commits.count(), sizes.mean(), commits.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                                appends.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
                    }
                    long stored = server.getBean(io.percept.eventlog.EventLog.class).head();
                    out.printf(Locale.ROOT, "  stored in the log       %,d events (acknowledged: %,d)%n", stored, result.sentTotal());
                    if (stored != result.sentTotal()) {
                        out.println("  MISMATCH: the log does not hold exactly the acknowledged events");
                        return 1;
                    }
                }
                if (baseline != null) {
                    out.printf(Locale.ROOT, "  log append, in-process  %,.0f events/s (raw DuckDB Appender %,.0f events/s)%n",
                            baseline.logEventsPerSecond(), baseline.rawEventsPerSecond());
                    out.printf(Locale.ROOT, "  ratio HTTP / log        %.2f (HTTP / raw Appender %.2f)%n", result.eventsPerSecond() / baseline.logEventsPerSecond(),
                            result.eventsPerSecond() / baseline.rawEventsPerSecond());
                }
                out.printf(Locale.ROOT, "http_events_per_s=%.0f p50_ms=%.1f p99_ms=%.1f failures=%d log_events_per_s=%.0f raw_events_per_s=%.0f%n",
                        result.eventsPerSecond(), result.p50Millis(), result.p99Millis(), result.failures(),
                        baseline == null ? Double.NaN : baseline.logEventsPerSecond(), baseline == null ? Double.NaN : baseline.rawEventsPerSecond());
                if (result.failures() > 0) {
                    out.println("  first failure: " + result.firstFailure());
                    return 1;
                }
                return 0;
            } finally {
                if (server != null) {
                    server.close();
                }
                if (data != null && directory == null) {
                    Directories.delete(data);
                }
            }
        }

    }

    /**
     * {@code percept bench profiles}: the unify processor at scale (issue 4): catch-up rate, live
     * lag, memory per profile, and lookups over HTTP against in-process and DuckDB baselines.
     */
    @Command(name = "profiles", description = {"Unify at scale: appends a synthetic population's history (with processors off), restarts "
            + "with processors on and times the catch-up, measures heap per profile, lag under a steady live rate, and profile "
            + "lookups by email over HTTP next to the same lookup in-process and a DuckDB point query on the mirrored table."})
    static final class ProfilesCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        BenchCommand bench;

        @Option(names = "--profiles", defaultValue = "1000000", description = "People in the population (default: ${DEFAULT-VALUE})")
        int profiles;

        @Option(names = "--live-rate", defaultValue = "50000", description = "Events/s appended in the live phase (default: ${DEFAULT-VALUE}, "
                + "about the measured HTTP ingest rate)")
        int liveRate;

        @Option(names = "--live-seconds", defaultValue = "30", description = "Length of the live phase (default: ${DEFAULT-VALUE})")
        int liveSeconds;

        @Option(names = "--lookup-seconds", defaultValue = "20", description = "Length of each lookup phase (default: ${DEFAULT-VALUE})")
        int lookupSeconds;

        @Option(names = "--connections", defaultValue = "2", description = "Concurrent HTTP lookup clients, in this JVM (default: ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--lookup-rate", defaultValue = "1000", description = "Requests/s of the steady-rate lookup run (default: "
                + "${DEFAULT-VALUE}, ten times Segment's Profile API cap)")
        int lookupRate;

        @Option(names = "--dir", description = "Data directory (default: a new temporary directory, deleted afterwards)")
        Path directory;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (lookupRate < 1 || lookupRate > 100_000) {
                throw new IllegalArgumentException("--lookup-rate must be 1 to 100000");
            }
            if (profiles < 1000 || liveRate < 50 || liveSeconds < 1 || lookupSeconds < 1 || connections < 1) {
                throw new IllegalArgumentException("--profiles at least 1000, --live-rate at least 50, the others positive");
            }
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.percept")).setLevel(Level.WARN);
            Path data = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("percept-bench-profiles-");
            String token = "bench-token-" + Long.toHexString(System.nanoTime());
            ProfileBench run = new ProfileBench(new ProfileBench.Options(profiles, liveRate, liveSeconds, lookupSeconds, connections, lookupRate), out);
            out.printf(Locale.ROOT, "Unify benchmark: %,d people, data in %s%n", profiles, data);
            try {
                long events;
                long heapBefore;
                try (ConfigurableApplicationContext server = bench.startServer(data, "--percept.eventlog.processors.enabled=false")) {
                    // the heap of a server without profile state: the baseline of the memory per profile
                    heapBefore = ProfileBench.usedHeapAfterGc();
                    events = run.populate(server);
                }
                try (ConfigurableApplicationContext server = bench.startServer(data, "--percept.platform.admin-token=" + token,
                        "--management.metrics.distribution.percentiles.http.server.requests=0.5,0.99")) {
                    run.catchUp(server, events);
                    run.segments(server);
                    run.live(server);
                    run.lookups(server, "http://localhost:" + server.getEnvironment().getProperty("local.server.port"), token);
                }
                out.printf(Locale.ROOT, "  snapshot written at stop: %,d MB%n", ProfileBench.snapshotBytes(data) >> 20);
                run.restart(data, heapBefore);
                return 0;
            } finally {
                if (directory == null) {
                    Directories.delete(data);
                }
            }
        }
    }

    /** The second half of {@code bench profiles}, run in a fresh JVM: restore from the snapshot and report the heap. */
    @Command(name = "profiles-restart", hidden = true, description = "Internal: the restart phase of 'bench profiles'.")
    static final class ProfilesRestartCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        BenchCommand bench;

        @Option(names = "--dir", required = true)
        Path directory;

        @Override
        public Integer call() throws Exception {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.percept")).setLevel(Level.WARN);
            long started = System.nanoTime();
            try (ConfigurableApplicationContext server = bench.startServer(directory)) {
                ProfileBench.restartChild(server, started, spec.commandLine().getOut());
            }
            return 0;
        }
    }
}
