package io.percept.console;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.ProcessorStatus;
import io.percept.eventlog.Processors;
import io.percept.ingest.ImportJob;
import io.percept.ingest.ImportJobs;
import io.percept.ingest.IngestCounters;
import io.percept.ingest.Source;
import io.percept.ingest.SourceStats;
import io.percept.ingest.Sources;
import io.percept.insight.EventCounts;
import io.percept.prediction.Predictions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The data page's figures: what each source sends and what is refused and why, how fast events
 * arrive, whether every log processor keeps up, how fresh the models are, recent imports — and
 * what of it needs attention, as findings. Every figure comes from counters, the per-day event
 * counts or in-memory state: nothing here scans the event log.
 */
public final class DataHealth {

    /** Days of per-source volume the page shows. */
    static final int DAYS = 14;
    /** A processor further behind than this is reported. */
    static final Duration BEHIND = Duration.ofSeconds(60);
    /** A source refusing more than this share of what it receives is reported. */
    static final double REJECTS = 0.05;
    /** An enabled source silent for this long, after sending before, is reported. */
    static final int QUIET_DAYS = 7;
    private static final int IMPORTS = 10;
    private static final int RUNS = 5;

    /**
     * A source and its traffic.
     *
     * @param rejectedShare    refused / received, all time (0 when nothing was received)
     * @param daily            events stored per day, oldest first, the page's {@link #DAYS} days
     * @param lastDay          the newest day with events, or null
     */
    public record SourceHealth(String name, String channel, boolean enabled, Instant createdAt, long received, long accepted, long duplicates,
            long rejected, double rejectedShare, Map<String, Long> rejectedByReason, long[] daily, long inPeriod, LocalDate lastDay) {
    }

    /**
     * How fast events arrive.
     *
     * @param logHead      the newest event's sequence number (events ever stored)
     * @param lastMinute   events per second over the last minute, null right after a start
     * @param lastQuarter  events per second over the last 15 minutes, null right after a start
     * @param today        events stored with today's date
     * @param yesterday    events stored with yesterday's date
     */
    public record Ingest(long logHead, Double lastMinute, Double lastQuarter, long today, long yesterday) {
    }

    /**
     * Something that needs attention: {@code code} names the message (the page's
     * {@code data.finding.<code>}), {@code args} fill it in.
     *
     * @param severity {@code bad} (data is not being kept up to date) or {@code warn}
     */
    public record Finding(String severity, String code, List<Object> args) {
    }

    /** The whole page. */
    public record Board(Instant at, LocalDate from, LocalDate to, Ingest ingest, List<SourceHealth> sources, boolean processorsEnabled,
            List<ProcessorStatus> processors, Duration predictionInterval, List<Predictions.Run> runs, List<ImportJob> imports,
            List<Finding> findings) {
    }

    private final Sources sources;
    private final IngestCounters counters;
    private final EventCounts eventCounts;
    private final EventLog eventLog;
    private final Processors processors;
    private final Predictions predictions;
    private final ImportJobs imports;
    private final IngestRate rate;
    private final ConsoleCalendar calendar;
    private final Clock clock;

    DataHealth(Sources sources, IngestCounters counters, EventCounts eventCounts, EventLog eventLog, Processors processors, Predictions predictions,
            ImportJobs imports, IngestRate rate, ConsoleCalendar calendar, Clock clock) {
        this.sources = sources;
        this.counters = counters;
        this.eventCounts = eventCounts;
        this.eventLog = eventLog;
        this.processors = processors;
        this.predictions = predictions;
        this.imports = imports;
        this.rate = rate;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** The page as of now. */
    public Board board() {
        LocalDate to = calendar.today();
        LocalDate from = to.minusDays(DAYS - 1);
        Map<String, long[]> volumes = eventCounts.sourcesByDay(from, to);
        Map<String, LocalDate> lastDays = eventCounts.lastDays();
        List<SourceHealth> sourceRows = new ArrayList<>();
        for (Source source : sources.list()) {
            SourceStats stats = counters.stats(source.name());
            long[] daily = volumes.getOrDefault(source.name().value(), new long[DAYS]);
            sourceRows.add(new SourceHealth(source.name().value(), source.channel().name().toLowerCase(Locale.ROOT), source.enabled(),
                    source.createdAt(), stats.received(), stats.accepted(), stats.duplicates(), stats.rejected(),
                    stats.received() == 0 ? 0 : (double) stats.rejected() / stats.received(), stats.rejectedByReason(), daily,
                    Arrays.stream(daily).sum(), lastDays.get(source.name().value())));
        }
        sourceRows.sort(Comparator.comparingLong(SourceHealth::inPeriod).reversed().thenComparing(SourceHealth::name));
        long[] today = new long[2];
        volumes.values().forEach(daily -> {
            today[0] += daily[DAYS - 1];
            today[1] += daily[DAYS - 2];
        });
        Ingest ingest = new Ingest(eventLog.head(), rate.perSecond(Duration.ofMinutes(1)), rate.perSecond(IngestRate.KEPT), today[0], today[1]);
        List<ProcessorStatus> statuses = processors.statuses();
        List<Predictions.Run> runs = predictions.runs(RUNS);
        List<ImportJob> recentImports = imports.recent(IMPORTS);
        return new Board(clock.instant(), from, to, ingest, sourceRows, processors.isEnabled(), statuses, predictions.settings().interval(), runs,
                recentImports, findings(sourceRows, statuses, runs, recentImports, to));
    }

    private List<Finding> findings(List<SourceHealth> sourceRows, List<ProcessorStatus> statuses, List<Predictions.Run> runs, List<ImportJob> recent,
            LocalDate today) {
        List<Finding> findings = new ArrayList<>();
        for (ProcessorStatus processor : statuses) {
            if (processor.down()) {
                findings.add(new Finding("bad", "processorDown", List.of(processor.name(), String.valueOf(processor.lastError()))));
            } else if (processor.catchingUp()) {
                findings.add(new Finding("warn", "processorCatchingUp", List.of(processor.name(), processor.lagEvents())));
            } else if (processor.lagSeconds() > BEHIND.toSeconds()) {
                findings.add(new Finding("warn", "processorBehind", List.of(processor.name(), processor.lagEvents(), Math.round(processor.lagSeconds()))));
            }
        }
        for (SourceHealth source : sourceRows) {
            if (source.rejectedShare() > REJECTS) {
                String reason = source.rejectedByReason().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
                findings.add(new Finding("warn", "sourceRejects", List.of(source.name(), Math.round(source.rejectedShare() * 1000) / 10.0, reason)));
            }
            if (source.enabled() && source.lastDay() != null && source.lastDay().isBefore(today.minusDays(QUIET_DAYS))) {
                findings.add(new Finding("warn", "sourceQuiet", List.of(source.name(), source.lastDay().toString())));
            }
        }
        Optional<Predictions.Run> latest = runs.stream().findFirst();
        Optional<Predictions.Run> succeeded = runs.stream().filter(run -> "succeeded".equals(run.status())).findFirst();
        if (latest.isEmpty()) {
            findings.add(new Finding("warn", "predictionsNever", List.of()));
        } else if ("failed".equals(latest.get().status())) {
            findings.add(new Finding("bad", "predictionFailed", List.of(latest.get().id(), String.valueOf(latest.get().message()))));
        }
        Duration stale = predictions.settings().interval().multipliedBy(2);
        succeeded.filter(run -> run.finishedAt() != null && run.finishedAt().isBefore(clock.instant().minus(stale)))
                .ifPresent(run -> findings.add(new Finding("warn", "predictionsStale",
                        List.of(Duration.between(run.finishedAt(), clock.instant()).toHours()))));
        recent.stream().filter(job -> job.state() == ImportJob.State.FAILED).findFirst()
                .ifPresent(job -> findings.add(new Finding("warn", "importFailed", List.of(job.id(), String.valueOf(job.error())))));
        findings.sort(Comparator.comparing((Finding finding) -> !"bad".equals(finding.severity())));
        return findings;
    }
}
