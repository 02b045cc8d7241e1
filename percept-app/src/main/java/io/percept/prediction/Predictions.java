package io.percept.prediction;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.SourceName;
import io.percept.platform.JsonValues;
import io.percept.platform.StoreException;
import io.percept.profile.ProfileScores;
import io.percept.profile.ProfileSettings;
import io.percept.profile.ScoredProfiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs the behaviour models over the profiles and the order history (on a schedule and on
 * request), stores what they produced with the run that produced it, puts the scores on the
 * profiles and raises recent anomalies as {@value #ANOMALY} events. Reads serve the newest
 * successful run. The same in both modes: {@link PredictionStore} holds what differs (in cluster
 * mode one instance runs at a time, and every instance shows the newest stored scores).
 * Thread-safe; one run at a time.
 */
public final class Predictions {

    /** The alert event's name. */
    public static final String ANOMALY = "Anomaly Detected";
    static final SourceName SOURCE = new SourceName("percept-prediction");
    private static final Logger logger = LoggerFactory.getLogger(Predictions.class);

    /** A run as the API shows it; {@code step} is what a running run is doing. */
    public record Run(long id, Instant startedAt, Instant finishedAt, String status, Instant asOf, String message, String step,
            Map<String, Object> summary) {
    }

    private final JdbcClient jdbc;
    private final PredictionStore store;
    private final ScoredProfiles profiles;
    private final PartitionedLog log;
    private final ProfileSettings profileSettings;
    private final PredictionSettings settings;
    private final Clock clock;
    private final io.percept.segmentation.Segments segments;
    private final Object running = new Object();
    private final Object reloading = new Object();
    private volatile ScoreBoard scores = ScoreBoard.EMPTY;
    private volatile Run current;
    private final Instant createdAt;
    private volatile long caughtUpHead = -1;
    /** A history load asked for a run once the profiles reach this log position; -1 when none is pending. */
    private volatile long pendingAt = -1;
    /** Bulk loads of history in progress: scheduled runs wait for them. */
    private final java.util.concurrent.atomic.AtomicInteger loading = new java.util.concurrent.atomic.AtomicInteger();

    Predictions(JdbcClient jdbc, PredictionStore store, ScoredProfiles profiles, PartitionedLog log, ProfileSettings profileSettings,
            PredictionSettings settings, io.percept.segmentation.Segments segments, Clock clock) {
        this.segments = segments;
        this.jdbc = jdbc;
        this.store = store;
        this.profiles = profiles;
        this.log = log;
        this.profileSettings = profileSettings;
        this.settings = settings;
        this.clock = clock;
        this.createdAt = clock.instant();
    }

    /** The settings runs use. */
    public PredictionSettings settings() {
        return settings;
    }

    // ---- running

    /**
     * Starts a run on {@code executor} unless one is running (here or, in cluster mode, on another instance).
     *
     * @return the run's id, or empty when a run is already in progress
     */
    public Optional<Long> start(ExecutorService executor) {
        return start(executor, false);
    }

    /** As {@link #start(ExecutorService)}; {@code scheduled}: only if a run is still due once the right to run is held. */
    private Optional<Long> start(ExecutorService executor, boolean scheduled) {
        synchronized (running) {
            if (current != null && current.finishedAt() == null) {
                return Optional.empty();
            }
            Optional<AutoCloseable> exclusive = store.exclusiveRun();
            if (exclusive.isEmpty()) {
                return Optional.empty();
            }
            if (scheduled && !due(clock.instant())) {
                release(exclusive.get());
                return Optional.empty();
            }
            long id = nextId();
            current = new Run(id, clock.instant(), null, "running", null, null, "queued", Map.of());
            try {
                executor.submit(() -> {
                    try {
                        run(id);
                    } catch (RuntimeException e) {
                        logger.warn("Prediction run {} failed: {}", id, e.toString());
                    } finally {
                        release(exclusive.get());
                    }
                });
            } catch (RuntimeException e) {
                release(exclusive.get());
                current = null;
                throw e;
            }
            return Optional.of(id);
        }
    }

    /** Runs the models now on the caller's thread and returns the finished run. */
    public Run runNow() {
        long id;
        AutoCloseable exclusive;
        synchronized (running) {
            if (current != null && current.finishedAt() == null) {
                throw new IllegalStateException("run " + current.id() + " is in progress");
            }
            exclusive = store.exclusiveRun().orElseThrow(() -> new IllegalStateException("a run is in progress on another instance"));
            id = nextId();
            current = new Run(id, clock.instant(), null, "running", null, null, "queued", Map.of());
        }
        try {
            return run(id);
        } finally {
            release(exclusive);
        }
    }

    private static void release(AutoCloseable exclusive) {
        try {
            exclusive.close();
        } catch (Exception e) {
            logger.warn("Releasing the right to run the models: {}", e.toString());
        }
    }

    private long nextId() {
        long stored = jdbc.sql("SELECT coalesce(max(run_id), 0) FROM prediction_runs").query(Long.class).single();
        return Math.max(stored, current == null ? 0 : current.id()) + 1;
    }

    private Run run(long id) {
        Instant started = current.startedAt();
        jdbc.sql("INSERT INTO prediction_runs (run_id, started_at, status) VALUES (?, ?, 'running')").params(id, utc(started)).update();
        logger.info("Prediction run {} started", id);
        try {
            step(id, started, "reading orders");
            Purchases purchases = Purchases.read(store, profiles, profileSettings.orderEvents(), settings.viewEvents(),
                    settings.triggerEvents());
            long now = micros(clock.instant());
            long asOf = Math.min(now, purchases.newestMicros(now));
            long offset = profileSettings.zone().getRules().getOffset(Instant.EPOCH.plus(asOf, ChronoUnit.MICROS)).getTotalSeconds() * 1_000_000L;
            CustomerHistory history = new CustomerHistory(purchases, offset);
            step(id, started, "reading profiles");
            ModelRun.Facts facts = facts(history);
            // profiles without profiling consent are neither scored nor learnt from; aggregate demand still counts their orders
            long[] withheld = profileSettings.consent().withoutProfiling(profiles);
            CustomerHistory scored = withheld.length == 0 ? history : new CustomerHistory(purchases.without(withheld), offset);
            ModelRun models = new ModelRun(settings, scored, scored == history ? facts : facts(scored), asOf, profileSettings.zone(),
                    what -> step(id, started, what));
            ModelRun.Output output = models.run(id);
            step(id, started, "forecasts and anomalies");
            long forecastStarted = System.nanoTime();
            DemandForecasts demand = new DemandForecasts(settings);
            long endDay = history.day(asOf);
            demand.run(history, facts.region(), endDay, store.textDays(endDay - settings.historyDays(), endDay, offset));
            Map<String, Object> summary = new LinkedHashMap<>(output.summary());
            summary.put("forecastSeconds", Math.round((System.nanoTime() - forecastStarted) / 1e6) / 1e3);
            summary.put("unattributedEvents", purchases.unattributed);
            summary.put("withoutProfilingConsent", withheld.length);
            summary.put("views", purchases.viewProfile.length);
            summary.put("targets", output.scores().targets());
            List<ModelRun.Document> documents = new ArrayList<>(output.documents());
            documents.addAll(demand.documents());
            step(id, started, "storing");
            store(id, output.scores(), documents);
            int alerts = alert(id, demand.anomalies(), LocalDate.ofEpochDay(endDay));
            summary.put("anomalies", demand.anomalies().size());
            summary.put("alertsRaised", alerts);
            publish(output.scores());
            step(id, started, "segment patterns");
            storeDocuments(id, models.segmentPatterns(segmentMembers()));
            Instant finished = clock.instant();
            summary.put("seconds", java.time.Duration.between(started, finished).toMillis() / 1000.0);
            jdbc.sql("UPDATE prediction_runs SET finished_at = ?, status = 'succeeded', as_of = ?, summary = ? WHERE run_id = ?")
                    .params(utc(finished), utc(Instant.EPOCH.plus(asOf, ChronoUnit.MICROS)), JsonValues.toJson(summary), id).update();
            jdbc.sql("DELETE FROM prediction_results WHERE run_id <= ?").param(id - settings.keepRuns()).update();
            current = new Run(id, started, finished, "succeeded", Instant.EPOCH.plus(asOf, ChronoUnit.MICROS), null, null, summary);
            logger.info("Prediction run {} succeeded in {} s: {} customers, {} orders, {} anomalies, {} alerts", id, summary.get("seconds"),
                    summary.get("customers"), summary.get("orders"), demand.anomalies().size(), alerts);
            return current;
        } catch (RuntimeException e) {
            Instant finished = clock.instant();
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            jdbc.sql("UPDATE prediction_runs SET finished_at = ?, status = 'failed', message = ? WHERE run_id = ?")
                    .params(utc(finished), message, id).update();
            current = new Run(id, started, finished, "failed", null, message, null, Map.of());
            logger.warn("Prediction run {} failed", id, e);
            return current;
        }
    }

    private void step(long id, Instant started, String what) {
        current = new Run(id, started, null, "running", null, null, what, Map.of());
    }

    /** Every saved segment's members now; a segment whose definition no longer parses is left out. */
    private Map<String, long[]> segmentMembers() {
        Map<String, long[]> members = new LinkedHashMap<>();
        for (io.percept.segmentation.Segments.Segment segment : segments.list()) {
            try {
                members.put(segment.name(), segments.members(segment));
            } catch (IllegalArgumentException e) {
                logger.warn("Segment {} is left out of the shopping patterns: {}", segment.name(), e.getMessage());
            }
        }
        return members;
    }

    private ModelRun.Facts facts(CustomerHistory history) {
        ModelRun.Facts known = ModelRun.Facts.of(history.customers());
        profiles.forEach(history.profiles, (id, facts) -> {
            int c = history.customer(id);
            known.region()[c] = facts.value("region") instanceof String text ? text : null;
            known.events()[c] = number(facts.value("events"));
            known.refunds()[c] = number(facts.value("refunds"));
            known.complaints()[c] = number(facts.value("complaints"));
            known.sentiment()[c] = number(facts.value("averageSentiment"));
            known.appUser()[c] = "app".equals(facts.value("preferredChannel"));
        });
        return known;
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    /**
     * Replaces the scores and stores the documents in one transaction, with the targets in the run's
     * summary, so that another instance reading the new scores ({@link #loadLatest}) knows their names.
     */
    private void store(long id, ScoreBoard board, List<ModelRun.Document> documents) {
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            try {
                store.replaceScores(connection, id, board);
                insertDocuments(connection, id, documents);
                try (var summary = connection.prepareStatement("UPDATE prediction_runs SET summary = ? WHERE run_id = ?")) {
                    summary.setString(1, JsonValues.toJson(Map.of("targets", board.targets())));
                    summary.setLong(2, id);
                    summary.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("storing prediction run " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** Stores documents computed after the scores were published (those over segments of scores). */
    private void storeDocuments(long id, List<ModelRun.Document> documents) {
        try (Connection connection = store.connect()) {
            insertDocuments(connection, id, documents);
        } catch (SQLException e) {
            throw new StoreException("storing prediction run " + id + " failed: " + e.getMessage(), e);
        }
    }

    private static void insertDocuments(Connection connection, long id, List<ModelRun.Document> documents) throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO prediction_results (run_id, kind, series, document) VALUES (?, ?, ?, ?)")) {
            for (ModelRun.Document document : documents) {
                insert.setLong(1, id);
                insert.setString(2, document.kind());
                insert.setString(3, document.series());
                insert.setString(4, JsonValues.toJson(document.body()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Raises each anomaly of the last {@code alert-window} days not raised before as an event; returns how many. */
    private int alert(long runId, List<DemandForecasts.Anomaly> anomalies, LocalDate endDay) {
        LocalDate since = endDay.minusDays(settings.alertWindow().toDays());
        Set<String> raised = new HashSet<>(jdbc.sql("SELECT alert_key FROM prediction_alerts").query(String.class).list());
        List<Event> events = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Instant now = clock.instant();
        for (DemandForecasts.Anomaly anomaly : anomalies) {
            if (anomaly.day().isBefore(since) || raised.contains(anomaly.key())) {
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("series", anomaly.series());
            properties.put("metric", anomaly.metric());
            properties.put("day", anomaly.day().toString());
            properties.put("value", ModelRun.round(anomaly.value(), 10_000));
            properties.put("expected", ModelRun.round(anomaly.expected(), 10_000));
            properties.put("lower", ModelRun.round(anomaly.lower(), 10_000));
            properties.put("upper", ModelRun.round(anomaly.upper(), 10_000));
            properties.put("score", ModelRun.round(anomaly.score(), 1_000));
            properties.put("direction", anomaly.value() > anomaly.expected() ? "up" : "down");
            properties.put("run", runId);
            events.add(Event.builder(EventType.TRACK, new MessageId(UUID.randomUUID().toString()), SOURCE, Channel.SYSTEM).name(ANOMALY)
                    .anonymousId(SOURCE.value()).properties(Attributes.copyOf(properties)).timestamp(now).receivedAt(now).build());
            keys.add(anomaly.key());
        }
        if (events.isEmpty()) {
            return 0;
        }
        try {
            log.appendAll(events).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while raising alerts", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the alerts could not be written to the log: " + e.getMessage(), e);
        }
        for (String key : keys) {
            jdbc.sql("INSERT INTO prediction_alerts (alert_key, run_id, raised_at) VALUES (?, ?, ?)").params(key, runId, utc(now)).update();
        }
        return events.size();
    }

    /** Makes {@code board} the profiles' scores and tells segments which profiles' scores changed. */
    private void publish(ScoreBoard board) {
        long[] before = scores.profiles();
        long[] after = board.profiles();
        long[] changed = new long[before.length + after.length];
        System.arraycopy(before, 0, changed, 0, before.length);
        System.arraycopy(after, 0, changed, before.length, after.length);
        scores = board;
        profiles.useScores(board, Arrays.stream(changed).distinct().toArray());
    }

    /**
     * Reads the newest run's scores back (at start), so profiles carry them before the next run; in
     * the embedded mode every scored profile counts as changed (segments over scores follow).
     */
    void loadLatest() {
        synchronized (reloading) {
            long runId = store.newestScoredRun();
            if (runId == 0) {
                return;
            }
            List<String> targets = new ArrayList<>();
            jdbc.sql("SELECT summary FROM prediction_runs WHERE run_id = ?").param(runId).query(String.class).optional().ifPresent(json -> {
                if (JsonValues.parseObject(json).get("targets") instanceof List<?> names) {
                    names.forEach(name -> targets.add(String.valueOf(name)));
                }
            });
            ScoreRows rows = new ScoreRows(targets);
            // the rows of that run only: another instance may replace them meanwhile, and then the next read loads the newer run
            jdbc.sql("""
                    SELECT profile_id, expected_purchases, p_alive, clv, churn_risk, cluster, cluster_name, cluster_name_zh, propensities, recommended,
                           churn_drivers
                    FROM profile_scores WHERE run_id = ? ORDER BY profile_id""").param(runId).query(rows::add);
            ScoreBoard board = rows.board(runId);
            scores = board;
            profiles.useScores(board, store.shared() ? new long[0] : board.profiles());
            logger.info("Loaded the scores of {} profiles from prediction run {}", board.size(), runId);
        }
    }

    /**
     * The newest scores. In cluster mode another instance may have stored a newer run since this one
     * last looked: then it is read first (one indexed query per call when nothing changed).
     */
    ProfileScores currentScores() {
        if (store.shared() && store.newestScoredRun() > scores.runId()) {
            loadLatest();
        }
        return scores;
    }

    /** Collects stored score rows into a board. */
    private static final class ScoreRows {
        private final List<String> targets;
        private final List<Long> ids = new ArrayList<>();
        private final List<float[]> numbers = new ArrayList<>();
        private final List<Integer> clusters = new ArrayList<>();
        private final Map<Integer, String[]> names = new java.util.TreeMap<>();
        private final List<float[]> propensities = new ArrayList<>();
        private final List<String[]> recommended = new ArrayList<>();
        private final List<String> drivers = new ArrayList<>();

        ScoreRows(List<String> targets) {
            this.targets = targets;
        }

        void add(java.sql.ResultSet row) throws SQLException {
            ids.add(row.getLong(1));
            float[] values = new float[4];
            for (int i = 0; i < 4; i++) {
                double value = row.getDouble(i + 2);
                values[i] = row.wasNull() ? Float.NaN : (float) value;
            }
            numbers.add(values);
            int cluster = row.getInt(6);
            if (row.wasNull()) {
                cluster = -1;
            } else {
                names.putIfAbsent(cluster, new String[] {row.getString(8), row.getString(7)});
            }
            clusters.add(cluster);
            Map<String, Object> byTarget = JsonValues.parseObject(row.getString(9));
            float[] p = new float[targets.size()];
            for (int t = 0; t < p.length; t++) {
                p[t] = byTarget.get(targets.get(t)) instanceof Number number ? number.floatValue() : Float.NaN;
            }
            propensities.add(p);
            List<String> products = new ArrayList<>();
            if (JsonValues.parse(row.getString(10).getBytes(java.nio.charset.StandardCharsets.UTF_8)) instanceof List<?> list) {
                list.forEach(item -> products.add(String.valueOf(item)));
            }
            recommended.add(products.toArray(String[]::new));
            drivers.add(row.getString(11));
        }

        ScoreBoard board(long runId) {
            int n = ids.size();
            long[] profiles = new long[n];
            float[][] columns = new float[4][n];
            int[] cluster = new int[n];
            float[][] byTarget = new float[targets.size()][n];
            for (int i = 0; i < n; i++) {
                profiles[i] = ids.get(i);
                for (int c = 0; c < 4; c++) {
                    columns[c][i] = numbers.get(i)[c];
                }
                cluster[i] = clusters.get(i);
                for (int t = 0; t < targets.size(); t++) {
                    byTarget[t][i] = propensities.get(i)[t];
                }
            }
            List<String[]> clusterNames = new ArrayList<>();
            int k = names.isEmpty() ? 0 : ((java.util.TreeMap<Integer, String[]>) names).lastKey() + 1;
            for (int c = 0; c < k; c++) {
                clusterNames.add(names.getOrDefault(c, new String[] {"", ""}));
            }
            return new ScoreBoard(runId, profiles, columns[0], columns[1], columns[2], columns[3], cluster, clusterNames, targets, byTarget,
                    recommended.toArray(String[][]::new), drivers.toArray(String[]::new));
        }
    }

    /**
     * Called every few seconds by the scheduler: starts the first run once the profiles have caught
     * up with the log and {@code first-run} has passed, then one every {@code interval} (counted from
     * the newest stored run, so a restart does not run again at once).
     */
    void tick(ExecutorService executor) {
        if (!settings.enabled() || (current != null && current.finishedAt() == null) || loading.get() > 0) {
            return;
        }
        Instant now = clock.instant();
        long pending = pendingAt;
        if (pending >= 0) {
            if (store.applied() >= pending) {
                pendingAt = -1;
                start(executor);
            }
            return;
        }
        if (current == null) {
            if (now.isBefore(createdAt.plus(settings.firstRun()))) {
                return;
            }
            if (caughtUpHead < 0) {
                caughtUpHead = store.head();
            }
            if (store.applied() < caughtUpHead - 1) {
                return;
            }
        }
        if (!due(now)) {
            if (current == null) {
                current = latestStored().orElse(null);
            }
            return;
        }
        start(executor, true);
    }

    /**
     * Whether the newest stored run (by whichever instance) started {@code interval} or more before
     * {@code now}, or there is none.
     */
    private boolean due(Instant now) {
        Optional<LocalDateTime> last = jdbc.sql("SELECT max(started_at) FROM prediction_runs").query(LocalDateTime.class).optional();
        return last.isEmpty() || !now.isBefore(last.get().toInstant(ZoneOffset.UTC).plus(settings.interval()));
    }

    /** A bulk load of history started: scheduled runs wait until it ends. */
    void historyLoading(io.percept.platform.HistoryLoading started) {
        loading.incrementAndGet();
    }

    /** A bulk load of history ended: if it stored events, run once the profiles have applied them (if runs are scheduled). */
    void historyLoaded(io.percept.platform.HistoryLoaded loaded) {
        loading.updateAndGet(count -> Math.max(0, count - 1));
        if (loaded.events() > 0) {
            pendingAt = store.head();
            logger.info("{} loaded ({} events): the models run once the profiles reach log position {}", loaded.what(), loaded.events(), pendingAt);
        }
    }

    // ---- reading

    /** The run in progress here, else the newest one (in cluster mode, of any instance). */
    public Optional<Run> status() {
        Run run = current;
        return run != null && (run.finishedAt() == null || !store.shared()) ? Optional.of(run) : latestStored();
    }

    private Optional<Run> latestStored() {
        List<Run> runs = runs(1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** The newest runs, newest first. */
    public List<Run> runs(int limit) {
        return jdbc.sql("SELECT run_id, started_at, finished_at, status, as_of, message, summary FROM prediction_runs ORDER BY run_id DESC LIMIT ?")
                .param(limit)
                .query((row, i) -> new Run(row.getLong(1), instant(row.getObject(2, LocalDateTime.class)),
                        instant(row.getObject(3, LocalDateTime.class)), row.getString(4), instant(row.getObject(5, LocalDateTime.class)),
                        row.getString(6), null, row.getString(7) == null ? Map.of() : JsonValues.parseObject(row.getString(7))))
                .list();
    }

    /** The newest successful run's id, if any. */
    public Optional<Long> latestSucceeded() {
        return jdbc.sql("SELECT max(run_id) FROM prediction_runs WHERE status = 'succeeded'").query(Long.class).optional();
    }

    /** The documents of one kind ({@code clv}, {@code propensity}, {@code clusters}, ...) of the newest successful run, by series. */
    public Map<String, Map<String, Object>> documents(String kind) {
        Optional<Long> run = latestSucceeded();
        Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
        if (run.isEmpty()) {
            return documents;
        }
        jdbc.sql("SELECT series, document FROM prediction_results WHERE run_id = ? AND kind = ? ORDER BY series").params(run.get(), kind)
                .query(row -> {
                    documents.put(row.getString(1), JsonValues.parseObject(row.getString(2)));
                });
        return documents;
    }

    /** A profile's scores from the newest run (empty when it was not scored). */
    public Map<String, Object> scoresOf(long profileId) {
        // a withdrawal of profiling consent hides the scores at once; the next run leaves the profile out
        return profileSettings.consent().allowsProfiling(profiles, profileId) ? currentScores().all(profileId) : Map.of();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
