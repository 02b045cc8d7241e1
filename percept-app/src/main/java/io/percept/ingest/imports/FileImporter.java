package io.percept.ingest.imports;

import io.percept.analytics.hash.FingerprintSet;
import io.percept.analytics.hash.Murmur3;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventStore;
import io.percept.eventlog.PartitionedLog;
import io.percept.ingest.ImportFailedException;
import io.percept.ingest.ImportProgress;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.dedup.RecentMessageIds;
import io.percept.ingest.domain.Decoded;
import io.percept.ingest.domain.MessageDefaults;
import io.percept.ingest.domain.SegmentMessages;
import io.percept.ingest.domain.mapping.GroupAccumulator;
import io.percept.ingest.domain.mapping.ImportMapping;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.ingest.domain.mapping.Row;
import io.percept.ingest.domain.mapping.RowEvaluator;
import io.percept.ingest.domain.mapping.RowOutcome;
import io.percept.platform.JsonValues;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;

/**
 * Imports files into the log. Without a mapping each line of a JSONL file is a Segment-spec
 * message; with one, each record of a CSV, JSONL or Parquet file is mapped (and, if the mapping
 * groups, rows are combined). Every message goes through the same validation as live traffic.
 * Rows that cannot be read, break a rule or make an invalid message go to the rejects file with
 * file, line, field and reason. A message without an id gets one derived from the source and the
 * record (or group key), and ids the source already has are not stored again: importing the same
 * file twice stores nothing the second time.
 */
public final class FileImporter {

    private static final int MAX_REJECT_INPUT_CHARS = 10_000;
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    /**
     * Hands batches to the log (which encodes them in the calling thread) off the reading thread,
     * in order, so reading and mapping go on while the previous batch is encoded: on two cores
     * this takes a third off an import's time. One thread for all imports keeps each import's
     * batches in file order.
     */
    private static final java.util.concurrent.ExecutorService APPENDER = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "import-appender");
        thread.setDaemon(true);
        return thread;
    });

    private final PartitionedLog eventLog;
    private final EventStore events;
    private final Clock clock;
    private final IngestSettings.Imports settings;

    /** An importer appending to a log that is its own store (the embedded log). */
    public <L extends PartitionedLog & EventStore> FileImporter(L log, Clock clock, IngestSettings.Imports settings) {
        this(log, log, clock, settings);
    }

    /**
     * @param eventLog where imported events are appended
     * @param events   where the events already stored are read (a resumed import skips their message ids)
     */
    public FileImporter(PartitionedLog eventLog, EventStore events, Clock clock, IngestSettings.Imports settings) {
        this.events = events;
        this.eventLog = eventLog;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Runs the import.
     *
     * @throws InvalidMappingException if the mapping cannot be used with the files
     * @throws ImportFailedException   if a file cannot be read or the log cannot store events
     */
    public ImportReport run(ImportRequest request, ImportProgress progress) {
        long started = System.nanoTime();
        ImportMapping mapping = request.mapping() == null ? null : MappingDocuments.load(request.mapping());
        List<ImportMapping.Format> formats = new ArrayList<>();
        long totalBytes = 0;
        for (Path file : request.files()) {
            formats.add(format(file, mapping, request.format()));
            try {
                totalBytes += Math.max(1, Files.size(file));
            } catch (IOException e) {
                throw new ImportFailedException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        Run run = new Run(request, mapping, progress);
        try {
            long bytesBefore = 0;
            for (int i = 0; i < request.files().size(); i++) {
                Path file = request.files().get(i);
                long fileBytes = Math.max(1, Files.size(file));
                run.importFile(file, formats.get(i), bytesBefore, fileBytes, totalBytes);
                bytesBefore += fileBytes;
            }
            run.finishGroups();
            run.flush();
            run.awaitAll();
        } catch (IOException e) {
            throw new ImportFailedException("reading failed at " + run.position + " (" + e.getMessage() + "); " + run.accepted
                    + " events were stored before it", e);
        } finally {
            run.closeRejects();
        }
        progress.update(1.0, run.rows, run.accepted, run.rejected);
        return new ImportReport(run.rows, run.messages, run.accepted, run.duplicates, run.rejected, run.skipped,
                Duration.ofNanos(System.nanoTime() - started), run.rejected > 0 ? request.rejectsFile() : null, run.firstErrors);
    }

    /** The file's format: the explicit one, the mapping's, or by file name. */
    public static ImportMapping.Format format(Path file, ImportMapping mapping, String explicit) {
        ImportMapping.Format format = ImportMapping.Format.AUTO;
        if (explicit != null) {
            try {
                format = ImportMapping.Format.valueOf(explicit.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidMappingException("format", "'" + explicit + "' is not one of csv, jsonl, parquet");
            }
        } else if (mapping != null) {
            format = mapping.format();
        }
        if (format == ImportMapping.Format.AUTO) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
            if (base.endsWith(".csv") || base.endsWith(".tsv") || base.endsWith(".txt")) {
                format = ImportMapping.Format.CSV;
            } else if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) {
                format = ImportMapping.Format.JSONL;
            } else if (base.endsWith(".parquet")) {
                format = ImportMapping.Format.PARQUET;
            } else {
                throw new InvalidMappingException("format", "cannot tell the format of " + file.getFileName()
                        + " from its name; give --format csv|jsonl|parquet or format: in the mapping");
            }
        }
        if (mapping == null && format != ImportMapping.Format.JSONL) {
            throw new InvalidMappingException("", file.getFileName() + " is " + format.name().toLowerCase(Locale.ROOT)
                    + ": give a mapping (--mapping FILE or a template such as orders) to say what its columns mean");
        }
        return format;
    }

    /** The state of one import. */
    private final class Run {

        private final ImportRequest request;
        private final ImportMapping mapping;
        private final RowEvaluator evaluator;
        private final GroupAccumulator groups;
        private final ImportProgress progress;
        private final String source;
        private final FingerprintSet known;
        private final ArrayDeque<CompletableFuture<long[]>> inFlight = new ArrayDeque<>();
        private final List<String> firstErrors = new ArrayList<>();
        private final Map<List<String>, String> groupFiles = new LinkedHashMap<>();
        private List<Event> batch = new ArrayList<>();
        private BufferedWriter rejects;
        private MessageDefaults defaults;
        private long rows;
        private long messages;
        private long accepted;
        private long duplicates;
        private long rejected;
        private long skipped;
        private long lastProgress = System.nanoTime();
        private String position = "the start";

        Run(ImportRequest request, ImportMapping mapping, ImportProgress progress) {
            this.request = request;
            this.mapping = mapping;
            this.evaluator = mapping == null ? null : new RowEvaluator(mapping, JsonValues::parseObject);
            this.groups = mapping == null || mapping.grouping() == null ? null : new GroupAccumulator(mapping.grouping());
            this.progress = progress;
            this.source = request.source().name().value();
            this.known = new FingerprintSet(1024);
            events.forEachMessageId(request.source().name(), (ignored, messageId, receivedAt) -> {
                long[] fingerprint = RecentMessageIds.fingerprint(source, messageId);
                known.add(fingerprint[0], fingerprint[1]);
            });
        }

        void importFile(Path file, ImportMapping.Format format, long bytesBefore, long fileBytes, long totalBytes) throws IOException {
            String fileName = file.getFileName().toString();
            defaults = new MessageDefaults(request.source().name(), request.source().channel(), clock.instant(), null);
            try (RowSource rows = new PrefetchedRows(open(file, format), fileName)) {
                if (evaluator != null && !rows.columns().isEmpty()) {
                    evaluator.requireColumns(rows.columns());
                }
                Row row;
                while ((row = rows.next()) != null) {
                    this.rows++;
                    position = fileName + " line " + row.line();
                    importRow(fileName, row);
                    if ((this.rows & 1023) == 0) {
                        report((bytesBefore + rows.fractionDone() * fileBytes) / totalBytes);
                    }
                }
            }
        }

        private RowSource open(Path file, ImportMapping.Format format) throws IOException {
            if (format == ImportMapping.Format.PARQUET) {
                return new ParquetRows(file);
            }
            long size = Files.size(file);
            CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
            BufferedInputStream buffered = new BufferedInputStream(counted, 1 << 16);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream decoded = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            if (format == ImportMapping.Format.CSV) {
                ImportMapping.CsvOptions csv = mapping.csv();
                if (file.getFileName().toString().toLowerCase(Locale.ROOT).contains(".tsv") && csv.delimiter() == ',') {
                    csv = new ImportMapping.CsvOptions('\t', csv.quote(), csv.encoding(), csv.header());
                }
                return new CsvRows(counted, decoded, size, csv);
            }
            return new CountedJsonRows(new JsonRows(decoded, size), counted, size);
        }

        private void importRow(String fileName, Row row) {
            if (row instanceof RowSource.BadRow bad) {
                reject(fileName, bad.line(), "record", bad.problem(), bad.raw());
                return;
            }
            if (evaluator == null) {
                Map<String, Object> message = new LinkedHashMap<>(((JsonRecord) row).object());
                finish(fileName, row.line(), message, row.raw(), row.raw(), 1);
                return;
            }
            List<String> key = groups == null ? null : evaluator.groupKey(row);
            RowOutcome outcome = evaluator.evaluate(row, key == null || !groups.contains(key));
            if (outcome instanceof RowOutcome.Rejected invalid) {
                reject(fileName, row.line(), invalid.field(), invalid.reason(), row.raw());
            } else if (outcome instanceof RowOutcome.Skipped) {
                skipped++;
            } else {
                RowOutcome.Mapped mapped = (RowOutcome.Mapped) outcome;
                if (groups == null) {
                    finish(fileName, row.line(), mapped.message(), row.raw(), row.raw(), 1);
                } else {
                    groups.add(mapped, row.raw(), row.line());
                    groupFiles.putIfAbsent(mapped.groupKey(), fileName);
                }
            }
        }

        /** Builds, validates and stores the groups' messages, in the order of their first rows. */
        void finishGroups() {
            if (groups == null) {
                return;
            }
            for (GroupAccumulator.Group group : groups.groups()) {
                String identity = "group\u0000" + String.join("\u0000", group.key());
                finish(groupFiles.get(group.key()), group.firstLine(), groups.message(group), identity,
                        "group " + String.join(", ", group.key()), group.rows() + group.repeats());
            }
            flush();
        }

        /** Validates, deduplicates and queues one message built from {@code rowCount} rows. */
        private void finish(String fileName, long line, Map<String, Object> message, String identity, String input, long rowCount) {
            Event event = prepare(fileName, line, message, identity, input, rowCount);
            if (event != null) {
                batch.add(event);
                if (batch.size() >= settings.batchSize()) {
                    flush();
                }
            }
        }

        /** The message validated as an event, or {@code null} when it is rejected (into the rejects file) or a duplicate. */
        private Event prepare(String fileName, long line, Map<String, Object> message, String identity, String input, long rowCount) {
            messages++;
            Decoded decoded = SegmentMessages.decode(message, defaults, () -> derivedMessageId(identity));
            if (decoded instanceof Decoded.Rejected invalid) {
                rejected += rowCount - 1;
                reject(fileName, line, invalid.field(), invalid.reason(), input);
                return null;
            }
            Event event = ((Decoded.Accepted) decoded).event();
            long[] fingerprint = RecentMessageIds.fingerprint(source, event.messageId().value());
            if (!known.add(fingerprint[0], fingerprint[1])) {
                duplicates++;
                return null;
            }
            return event;
        }

        private String derivedMessageId(String identity) {
            byte[] key = (source + "\u0000" + identity).getBytes(StandardCharsets.UTF_8);
            long[] hash = Murmur3.hash128(key);
            return "import-" + HexFormat.of().toHexDigits(hash[0]) + HexFormat.of().toHexDigits(hash[1]);
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            while (inFlight.size() >= settings.maxInFlight()) {
                awaitOldest();
            }
            List<Event> full = batch;
            inFlight.add(CompletableFuture.supplyAsync(() -> eventLog.appendAll(full), APPENDER).thenCompose(appended -> appended));
            batch = new ArrayList<>(settings.batchSize());
        }

        void awaitAll() {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void awaitOldest() {
            try {
                accepted += inFlight.poll().get().length;
            } catch (ExecutionException e) {
                throw new ImportFailedException("storing events failed near " + position + " (" + e.getCause().getMessage()
                        + "); " + accepted + " events were stored before it", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImportFailedException("interrupted near " + position + "; " + accepted + " events were stored", e);
            }
        }

        private void reject(String fileName, long line, String field, String reason, String input) {
            rejected++;
            String where = fileName + ":" + line;
            if (firstErrors.size() < 10) {
                firstErrors.add(where + ": " + field + ": " + reason);
            }
            try {
                if (rejects == null) {
                    Path parent = request.rejectsFile().toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    rejects = Files.newBufferedWriter(request.rejectsFile(), StandardCharsets.UTF_8);
                }
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("file", fileName);
                record.put("line", line);
                record.put("field", field);
                record.put("error", reason);
                if (input != null && !input.isEmpty()) {
                    record.put("input", input.length() > MAX_REJECT_INPUT_CHARS ? input.substring(0, MAX_REJECT_INPUT_CHARS) : input);
                }
                rejects.write(JsonValues.toJson(record));
                rejects.newLine();
            } catch (IOException e) {
                throw new ImportFailedException("cannot write the rejects file " + request.rejectsFile() + ": " + e.getMessage(), e);
            }
        }

        private void report(double fraction) {
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                lastProgress = now;
                progress.update(Math.min(1.0, fraction), rows, accepted, rejected);
            }
        }

        void closeRejects() {
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (IOException e) {
                    throw new ImportFailedException("cannot write the rejects file " + request.rejectsFile() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** JSONL rows whose progress counts the compressed bytes read. */
    private record CountedJsonRows(JsonRows rows, CountingInputStream counted, long size) implements RowSource {

        @Override
        public List<String> columns() {
            return rows.columns();
        }

        @Override
        public Row next() throws IOException {
            return rows.next();
        }

        @Override
        public double fractionDone() {
            return size <= 0 ? 0 : Math.min(1.0, counted.count() / (double) size);
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }
}
