package io.percept.ingest;

import io.percept.eventlog.SourceName;
import io.percept.platform.JsonValues;
import io.percept.platform.PersonalData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Imports run in the background for the API, one at a time in the order submitted. A job's
 * uploaded files live in {@code <data-dir>/imports/<id>/} until it ends; its rejects file stays
 * there. Ended jobs are kept in table {@code import_jobs}; a job cut short by a restart is marked
 * failed (running it again stores nothing twice).
 */
public class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    static final String REJECTS = "rejects.jsonl";

    private final EventImports imports;
    private final Sources sources;
    private final JdbcClient jdbc;
    private final Path root;
    private final Clock clock;
    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "import-jobs");
        thread.setDaemon(true);
        return thread;
    });

    private final org.springframework.context.ApplicationEventPublisher events;

    ImportJobs(EventImports imports, Sources sources, JdbcClient jdbc, Path dataDir, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.imports = imports;
        this.sources = sources;
        this.jdbc = jdbc;
        this.root = dataDir.resolve("imports");
        this.clock = clock;
        int interrupted = jdbc.sql("UPDATE import_jobs SET state = 'FAILED', finished_at = ?, error = ? WHERE state IN ('QUEUED', 'RUNNING')")
                .params(utc(clock.instant()), "interrupted by a restart; submit it again (rows already stored are not stored twice)").update();
        if (interrupted > 0) {
            log.warn("{} import job(s) were cut short by the last stop and are marked failed", interrupted);
        }
    }

    /** The directory a new job's files go to, with the job's id as its name. */
    public Path newJobDirectory() throws IOException {
        return Files.createDirectories(root.resolve(UUID.randomUUID().toString()));
    }

    /**
     * Queues an import of files already placed in {@code directory} (from {@link #newJobDirectory()}).
     *
     * @param mapping a template name or the path of a mapping file in the directory, or {@code null}
     * @throws IllegalArgumentException if the source does not exist
     */
    public ImportJob submit(Path directory, SourceName sourceName, List<Path> files, String mapping, String format) {
        Source source = sources.find(sourceName).orElseThrow(() ->
                new IllegalArgumentException("there is no source named '" + sourceName + "'; create it first (POST /api/sources)"));
        String id = directory.getFileName().toString();
        String mappingName = mapping == null ? null : Path.of(mapping).getFileName().toString();
        ImportJob job = new ImportJob(id, source.name().value(), ImportJob.State.QUEUED,
                files.stream().map(file -> file.getFileName().toString()).toList(), mappingName, clock.instant(), null, null,
                ImportJob.Progress.NONE, null, null);
        jobs.put(id, job);
        jdbc.sql("INSERT INTO import_jobs (id, source, state, files, mapping, submitted_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, job.source(), job.state().name(), String.join(",", job.files()), mappingName, utc(job.submittedAt())).update();
        runner.submit(() -> run(job, source, directory, files, mapping, format));
        return job;
    }

    private void run(ImportJob queued, Source source, Path directory, List<Path> files, String mapping, String format) {
        ImportJob running = change(queued.id(), job -> new ImportJob(job.id(), job.source(), ImportJob.State.RUNNING, job.files(), job.mapping(),
                job.submittedAt(), clock.instant(), null, ImportJob.Progress.NONE, null, null));
        jdbc.sql("UPDATE import_jobs SET state = 'RUNNING', started_at = ? WHERE id = ?").params(utc(running.startedAt()), running.id()).update();
        events.publishEvent(new io.percept.platform.HistoryLoading("import " + queued.id()));
        ImportJob ended;
        try {
            ImportReport report = imports.importFiles(new ImportRequest(files, source, mapping, format, directory.resolve(REJECTS)),
                    (fraction, rows, accepted, rejected) -> change(queued.id(), job -> new ImportJob(job.id(), job.source(), job.state(),
                            job.files(), job.mapping(), job.submittedAt(), job.startedAt(), null,
                            new ImportJob.Progress(fraction, rows, accepted, rejected), null, null)));
            ended = change(queued.id(), job -> new ImportJob(job.id(), job.source(), ImportJob.State.SUCCEEDED, job.files(), job.mapping(),
                    job.submittedAt(), job.startedAt(), clock.instant(),
                    new ImportJob.Progress(1, report.rows(), report.accepted(), report.rejected()), report, null));
            log.info("Import {} into {}: {} rows, {} stored, {} duplicates, {} rejected", queued.id(), source.name(), report.rows(),
                    report.accepted(), report.duplicates(), report.rejected());

        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            ended = change(queued.id(), job -> new ImportJob(job.id(), job.source(), ImportJob.State.FAILED, job.files(), job.mapping(),
                    job.submittedAt(), job.startedAt(), clock.instant(), job.progress(), null, error));
            log.error("Import {} into {} failed: {}", queued.id(), source.name(), error);
        } finally {
            deleteInputs(directory);
        }
        events.publishEvent(new io.percept.platform.HistoryLoaded("import " + ended.id(), ended.report() == null ? 0 : ended.report().accepted()));
        jdbc.sql("UPDATE import_jobs SET state = ?, finished_at = ?, report = ?, error = ? WHERE id = ?")
                .params(ended.state().name(), utc(ended.finishedAt()), ended.report() == null ? null : JsonValues.toJson(ended.report().summary()),
                        ended.error(), ended.id())
                .update();
    }

    private synchronized ImportJob change(String id, java.util.function.UnaryOperator<ImportJob> update) {
        return jobs.compute(id, (key, job) -> update.apply(job));
    }

    /** A job by id: running or recent from memory, older from the store. */
    public Optional<ImportJob> find(String id) {
        ImportJob job = jobs.get(id);
        if (job != null) {
            return Optional.of(job);
        }
        return jdbc.sql("SELECT id, source, state, files, mapping, submitted_at, started_at, finished_at, report, error FROM import_jobs WHERE id = ?")
                .param(id).query((row, index) -> fromRow(row)).optional();
    }

    /** The newest jobs, newest first. */
    public List<ImportJob> recent(int limit) {
        List<ImportJob> stored = jdbc.sql("SELECT id, source, state, files, mapping, submitted_at, started_at, finished_at, report, error"
                + " FROM import_jobs ORDER BY submitted_at DESC LIMIT ?").param(limit).query((row, index) -> fromRow(row)).list();
        List<ImportJob> merged = new ArrayList<>();
        for (ImportJob job : stored) {
            merged.add(jobs.getOrDefault(job.id(), job));
        }
        merged.sort(Comparator.comparing(ImportJob::submittedAt).reversed());
        return merged;
    }

    /** The job's rejects file, if it has one. */
    public Optional<Path> rejects(String id) {
        if (!id.matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        Path file = root.resolve(id).resolve(REJECTS);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Removes the import jobs that finished before {@code cutoff}: their folder (the rejected rows
     * with their input) and their record (the retention job; docs/deploy.md, Data retention). Queued
     * and running jobs stay.
     *
     * @return how many jobs were removed
     */
    long removeFinishedBefore(java.time.Instant cutoff) {
        List<String> old = jdbc.sql("SELECT id FROM import_jobs WHERE finished_at < ? AND state NOT IN ('QUEUED', 'RUNNING')")
                .param(utc(cutoff)).query(String.class).list();
        long removed = 0;
        for (String id : old) {
            Path directory = root.resolve(id).normalize();
            try {
                if (directory.startsWith(root) && Files.isDirectory(directory)) {
                    try (Stream<Path> files = Files.walk(directory)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            } catch (IOException e) {
                log.warn("Could not delete the folder of import job {}: {}", id, e.getMessage());
                continue;
            }
            jdbc.sql("DELETE FROM import_jobs WHERE id = ?").param(id).update();
            jobs.remove(id);
            removed++;
        }
        return removed;
    }

    /**
     * The rejected rows of every job's rejects file that name {@code person} ({@link PersonalData.Person#mentionedIn}),
     * by file ({@code imports/<job>/rejects.jsonl}); rows of running jobs are read as far as written.
     */
    public Map<String, List<Object>> rejectsAbout(PersonalData.Person person) {
        Map<String, List<Object>> found = new java.util.TreeMap<>();
        for (Path file : rejectsFiles()) {
            try (Stream<String> lines = Files.lines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                List<Object> rows = lines.filter(person::mentionedIn).<Object>map(JsonValues::parseObject).toList();
                if (!rows.isEmpty()) {
                    found.put(root.getParent().relativize(file).toString(), rows);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                log.warn("Could not read {}: {}", file, e.getMessage());
            }
        }
        return found;
    }

    /**
     * Rewrites the rejects files of ended jobs without the rows that name {@code person} (a new file
     * moved over the old one); returns how many rows went. A running job's file is left to it.
     */
    public int eraseRejects(PersonalData.Person person) {
        int erased = 0;
        for (Path file : rejectsFiles()) {
            ImportJob job = jobs.get(file.getParent().getFileName().toString());
            if (job != null && (job.state() == ImportJob.State.QUEUED || job.state() == ImportJob.State.RUNNING)) {
                log.warn("Import {} is running: its rejects file is not searched for the erased profile {}", job.id(), person.profileId());
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
                List<String> kept = lines.stream().filter(line -> !person.mentionedIn(line)).toList();
                if (kept.size() < lines.size()) {
                    Path rewritten = file.resolveSibling(REJECTS + ".erasing");
                    Files.write(rewritten, kept, java.nio.charset.StandardCharsets.UTF_8);
                    Files.move(rewritten, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    erased += lines.size() - kept.size();
                }
            } catch (IOException e) {
                log.error("Could not erase profile {} from {}: {}", person.profileId(), file, e.getMessage());
            }
        }
        return erased;
    }

    private List<Path> rejectsFiles() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> directories = Files.list(root)) {
            return directories.map(directory -> directory.resolve(REJECTS)).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            log.warn("Could not list {}: {}", root, e.getMessage());
            return List.of();
        }
    }

    /** Stops taking jobs; a running one is abandoned and will be marked failed at the next start. */
    void close() {
        runner.shutdownNow();
    }

    private static void deleteInputs(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(REJECTS)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            log.warn("Could not delete the uploaded files in {}: {}", directory, e.getMessage());
        }
    }

    private static ImportJob fromRow(java.sql.ResultSet row) throws java.sql.SQLException {
        String reportJson = row.getString(9);
        ImportReport report = null;
        ImportJob.Progress progress = ImportJob.Progress.NONE;
        if (reportJson != null) {
            Map<String, Object> map = JsonValues.parseObject(reportJson);
            report = new ImportReport(number(map, "rows"), number(map, "messages"), number(map, "accepted"), number(map, "duplicates"),
                    number(map, "rejected"), number(map, "skipped"), java.time.Duration.ofMillis(number(map, "millis")), null,
                    ((List<?>) map.getOrDefault("firstErrors", List.of())).stream().map(String::valueOf).toList());
            progress = new ImportJob.Progress(1, report.rows(), report.accepted(), report.rejected());
        }
        String files = row.getString(4);
        return new ImportJob(row.getString(1), row.getString(2), ImportJob.State.valueOf(row.getString(3)),
                files.isEmpty() ? List.of() : List.of(files.split(",")), row.getString(5), instant(row, 6), instant(row, 7), instant(row, 8),
                progress, report, row.getString(10));
    }

    private static long number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static Instant instant(java.sql.ResultSet row, int column) throws java.sql.SQLException {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
