package io.percept.ingest.imports;

import io.percept.eventlog.AppendReceipt;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.ingest.ImportFailedException;
import io.percept.ingest.ImportProgress;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.domain.Decoded;
import io.percept.ingest.domain.MessageDefaults;
import io.percept.ingest.domain.SegmentMessages;
import io.percept.platform.Digests;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Imports JSONL files of Segment-spec messages. Each line is validated on its own: valid lines
 * are appended in batches (several in flight, so parsing overlaps with commits), invalid ones go
 * to the rejects file with file, line number, field and reason. A line without a
 * {@code messageId} gets one derived from the source and the line's bytes, so importing the same
 * file again yields the same ids.
 */
public final class JsonLinesImporter {

    /** Longest line accepted, in bytes. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final int MAX_REJECT_INPUT_CHARS = 10_000;
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private final EventLog eventLog;
    private final Clock clock;
    private final IngestSettings.Imports settings;

    public JsonLinesImporter(EventLog eventLog, Clock clock, IngestSettings.Imports settings) {
        this.eventLog = eventLog;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Runs the import.
     *
     * @throws ImportFailedException if a file cannot be read or the log cannot store events
     */
    public ImportReport run(ImportRequest request, ImportProgress progress) {
        long started = System.nanoTime();
        long totalBytes = 0;
        for (Path file : request.files()) {
            try {
                totalBytes += Files.size(file);
            } catch (IOException e) {
                throw new ImportFailedException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        Run run = new Run(request, progress, totalBytes);
        try {
            for (Path file : request.files()) {
                run.importFile(file);
            }
            run.flush();
            run.awaitAll();
        } finally {
            run.closeRejects();
        }
        progress.update(run.bytesDone, totalBytes, run.lines, run.accepted, run.rejected);
        return new ImportReport(run.lines, run.accepted, run.rejected, Duration.ofNanos(System.nanoTime() - started),
                run.rejected > 0 ? request.rejectsFile() : null, run.firstErrors);
    }

    /** The state of one import. */
    private final class Run {

        private final ImportRequest request;
        private final ImportProgress progress;
        private final long totalBytes;
        private final ArrayDeque<CompletableFuture<AppendReceipt>> inFlight = new ArrayDeque<>();
        private final List<String> firstErrors = new ArrayList<>();
        private List<Event> batch = new ArrayList<>();
        private BufferedWriter rejects;
        private long bytesDone;
        private long lines;
        private long accepted;
        private long rejected;
        private long lastProgress = System.nanoTime();
        private String position = "the start";

        Run(ImportRequest request, ImportProgress progress, long totalBytes) {
            this.request = request;
            this.progress = progress;
            this.totalBytes = totalBytes;
        }

        void importFile(Path file) {
            String fileName = file.getFileName().toString();
            long bytesBefore = bytesDone;
            MessageDefaults defaults = new MessageDefaults(request.source().name(), request.source().channel(), clock.instant(), null);
            try (InputStream raw = Files.newInputStream(file); LineReader reader = new LineReader(raw, MAX_LINE_BYTES)) {
                byte[] line;
                while ((line = reader.next()) != null) {
                    long number = reader.lineNumber();
                    position = fileName + " line " + number;
                    if (line == LineReader.TOO_LONG) {
                        lines++;
                        reject(fileName, number, "line", "is longer than " + MAX_LINE_BYTES + " bytes", null);
                    } else if (!isBlank(line)) {
                        lines++;
                        importLine(fileName, number, line, defaults);
                    }
                    if ((number & 1023) == 0) {
                        bytesDone = bytesBefore + reader.bytesRead();
                        report();
                    }
                }
                bytesDone = bytesBefore + reader.bytesRead();
            } catch (IOException e) {
                throw new ImportFailedException("reading " + file + " failed at " + position + " (" + e.getMessage() + "); "
                        + accepted + " events were stored before it", e);
            }
        }

        private void importLine(String fileName, long number, byte[] line, MessageDefaults defaults) {
            Map<String, Object> message;
            try {
                message = JsonValues.parseObject(line);
            } catch (MalformedJsonException e) {
                reject(fileName, number, "json", e.getMessage(), line);
                return;
            }
            Decoded decoded = SegmentMessages.decode(message, defaults, () -> derivedMessageId(line));
            if (decoded instanceof Decoded.Rejected invalid) {
                reject(fileName, number, invalid.field(), invalid.reason(), line);
                return;
            }
            batch.add(((Decoded.Accepted) decoded).event());
            if (batch.size() >= settings.batchSize()) {
                flush();
            }
        }

        private String derivedMessageId(byte[] line) {
            byte[] source = (request.source().name().value() + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] keyed = new byte[source.length + line.length];
            System.arraycopy(source, 0, keyed, 0, source.length);
            System.arraycopy(line, 0, keyed, source.length, line.length);
            return "import-" + HexFormat.of().formatHex(Digests.sha256(keyed), 0, 16);
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            while (inFlight.size() >= settings.maxInFlight()) {
                awaitOldest();
            }
            inFlight.add(eventLog.append(batch));
            batch = new ArrayList<>(settings.batchSize());
        }

        void awaitAll() {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void awaitOldest() {
            try {
                accepted += inFlight.poll().get().count();
            } catch (ExecutionException e) {
                throw new ImportFailedException("storing events failed near " + position + " (" + e.getCause().getMessage()
                        + "); " + accepted + " events were stored before it", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImportFailedException("interrupted near " + position + "; " + accepted + " events were stored", e);
            }
        }

        private void reject(String fileName, long number, String field, String reason, byte[] line) {
            rejected++;
            String where = fileName + ":" + number;
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
                record.put("line", number);
                record.put("field", field);
                record.put("error", reason);
                if (line != null) {
                    String text = decodeLenient(line);
                    record.put("input", text.length() > MAX_REJECT_INPUT_CHARS ? text.substring(0, MAX_REJECT_INPUT_CHARS) : text);
                }
                rejects.write(JsonValues.toJson(record));
                rejects.newLine();
            } catch (IOException e) {
                throw new ImportFailedException("cannot write the rejects file " + request.rejectsFile() + ": " + e.getMessage(), e);
            }
        }

        private void report() {
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                lastProgress = now;
                progress.update(bytesDone, totalBytes, lines, accepted, rejected);
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

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The line as text, with invalid UTF-8 sequences replaced, for the rejects file. */
    private static String decodeLenient(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }
}
