package io.percept.cli;

import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.LogBenchmark;
import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code percept bench}: load runs that measure Percept against a raw baseline on this machine. */
@Command(name = "bench", description = "Benchmarks against a raw baseline on this machine.",
        subcommands = BenchCommand.LogCommand.class)
final class BenchCommand {

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
                    new LogBenchmark.Options(events, eventBytes, producers, batch, rounds, scratch, settings),
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
            out.printf(Locale.ROOT, "log_events_per_s=%.0f raw_events_per_s=%.0f ratio=%.3f p50_ms=%.2f p99_ms=%.2f events_per_commit=%.0f"
                    + " replay_events_per_s=%.0f%n", result.logEventsPerSecond(), result.rawEventsPerSecond(), result.ratio(),
                    result.appendP50Millis(), result.appendP99Millis(), result.averageCommitEvents(), result.replayEventsPerSecond());
            return 0;
        }

        private static String rates(double[] rates) {
            return Arrays.stream(rates).mapToObj(rate -> String.format(Locale.ROOT, "%,.0f", rate)).collect(Collectors.joining(", "));
        }
    }
}
