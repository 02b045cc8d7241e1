package io.percept.ingest.web;

import io.percept.eventlog.SourceName;
import io.percept.ingest.ImportJob;
import io.percept.ingest.ImportJobs;
import io.percept.ingest.imports.FileImporter;
import io.percept.ingest.imports.MappingDocuments;
import io.percept.platform.Directories;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Imports as background jobs: upload files (multipart) with a source and a mapping, then poll the
 * job and download its rejects. The mapping is checked before the job is queued, so a mistake in
 * it is a 400 at once rather than a failed job.
 */
@RestController
@RequestMapping("/api/imports")
class ImportsController {

    private final ImportJobs jobs;

    ImportsController(ImportJobs jobs) {
        this.jobs = jobs;
    }

    /**
     * @param source      an existing source
     * @param mapping     a template name (orders, reviews, ...); omit for JSONL of Segment messages
     * @param mappingFile a mapping document (.yaml, .yml or .json) instead of a template
     * @param format      csv, jsonl or parquet, when the file names do not tell
     * @param files       the files to import, in order
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> submit(@RequestParam String source, @RequestParam(required = false) String mapping,
            @RequestParam(required = false) String format, @RequestPart(name = "mappingFile", required = false) MultipartFile mappingFile,
            @RequestPart(name = "files", required = false) List<MultipartFile> files) throws IOException {
        if (files == null || files.isEmpty() || files.stream().allMatch(MultipartFile::isEmpty)) {
            return problem(HttpStatus.BAD_REQUEST, "attach at least one non-empty file as the part 'files'");
        }
        if (mapping != null && mappingFile != null) {
            return problem(HttpStatus.BAD_REQUEST, "give either mapping (a template name) or mappingFile, not both");
        }
        SourceName sourceName = new SourceName(source);
        Path directory = jobs.newJobDirectory();
        try {
            String mappingSpec = mapping;
            if (mappingFile != null) {
                String extension = extension(mappingFile.getOriginalFilename(), ".yaml", List.of(".yaml", ".yml", ".json"));
                Path saved = directory.resolve("mapping" + extension);
                mappingFile.transferTo(saved);
                mappingSpec = saved.toString();
            } else if (mapping != null && !MappingDocuments.TEMPLATES.contains(mapping)) {
                throw new IllegalArgumentException("'" + mapping + "' is not a template (" + String.join(", ", MappingDocuments.TEMPLATES)
                        + "); upload your own as mappingFile");
            }
            List<Path> saved = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                MultipartFile file = files.get(i);
                Path target = directory.resolve(String.format(Locale.ROOT, "%03d-%s", i + 1, safeName(file.getOriginalFilename())));
                file.transferTo(target);
                saved.add(target);
            }
            var checked = mappingSpec == null ? null : MappingDocuments.load(mappingSpec);
            for (Path file : saved) {
                FileImporter.format(file, checked, format);
            }
            ImportJob job = jobs.submit(directory, sourceName, saved, mappingSpec, format);
            return ResponseEntity.accepted().location(URI.create("/api/imports/" + job.id())).body(view(job));
        } catch (RuntimeException e) {
            deleteDirectory(directory);
            throw e;
        }
    }

    @GetMapping
    List<Map<String, Object>> recent(@RequestParam(defaultValue = "20") int limit) {
        return jobs.recent(Math.max(1, Math.min(limit, 100))).stream().map(ImportsController::view).toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<?> job(@PathVariable String id) {
        return jobs.find(id).<ResponseEntity<?>>map(job -> ResponseEntity.ok(view(job)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "there is no import job " + id));
    }

    /** The rejected rows, one JSON object per line: file, line, field, error, input. */
    @GetMapping("/{id}/rejects")
    ResponseEntity<?> rejects(@PathVariable String id) {
        return jobs.rejects(id).<ResponseEntity<?>>map(file -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(new FileSystemResource(file))).orElseGet(() -> problem(HttpStatus.NOT_FOUND, "import job " + id + " has no rejected rows"));
    }

    static Map<String, Object> view(ImportJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("source", job.source());
        view.put("state", job.state().name());
        view.put("files", job.files());
        view.put("mapping", job.mapping());
        view.put("submittedAt", job.submittedAt());
        view.put("startedAt", job.startedAt());
        view.put("finishedAt", job.finishedAt());
        view.put("progress", job.progress());
        if (job.report() != null) {
            view.put("report", job.report().summary());
            if (job.report().rejected() > 0) {
                view.put("rejects", "/api/imports/" + job.id() + "/rejects");
            }
        }
        view.put("error", job.error());
        return view;
    }

    /** A file name reduced to letters, digits, dot, dash and underscore (no paths). */
    static String safeName(String original) {
        String name = original == null ? "upload" : Path.of(original.replace('\\', '/')).getFileName().toString();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return safe.isEmpty() ? "upload" : safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
    }

    private static String extension(String name, String fallback, List<String> allowed) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return allowed.stream().filter(lower::endsWith).findFirst().orElse(fallback);
    }

    private static void deleteDirectory(Path directory) {
        try {
            Directories.delete(directory);
        } catch (IOException e) {
            // left for the operator; nothing was queued
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
