package io.percept.cli;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.EventImports;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.Source;
import io.percept.ingest.SourceCreation;
import io.percept.ingest.Sources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code percept import}: bulk import of files into a stopped Percept's store. */
@Command(name = "import",
        description = {"Import history from files into the event log: JSONL of Segment-spec messages, or CSV, JSONL and Parquet "
                + "records with a mapping (gzip allowed).",
                "",
                "Works on the data directory directly, so stop a running Percept first (or use POST /api/imports). Rows that "
                        + "cannot be imported are written with their line and reason to the rejects file and counted. Messages without a "
                        + "messageId get one derived from their content, and ids the source already has are not stored again: importing "
                        + "the same file twice stores nothing the second time.",
                "",
                "Templates: orders, reviews, tickets, social, sales-visits, surveys, iot (see docs/imports.md)."},
        footer = {"", "Exit codes: 0 all imported, 3 some rows rejected, 1 failed, 2 usage error."})
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    PerceptCli cli;

    @Mixin
    DataDirOption store = new DataDirOption();

    @Option(names = "--source", paramLabel = "NAME", defaultValue = "import",
            description = "Source of the events; created if missing (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--channel", paramLabel = "CHANNEL",
            description = "Channel of a new source, used for events that name no channel: web, app, ecommerce, social, iot, service, sales, store, survey (default: web)")
    String channel;

    @Option(names = "--mapping", paramLabel = "FILE|TEMPLATE",
            description = "A mapping file (.yaml or .json) or a template name; without one, files are JSONL of Segment messages")
    String mapping;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, jsonl or parquet (default: from the mapping or the file name)")
    String format;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Where rejected rows go (default: ./<first file>.rejects.jsonl)")
    Path rejects;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files, imported in order")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                err.println("percept import: cannot read " + file);
                return 2;
            }
        }
        SourceName sourceName = new SourceName(source);
        Channel requestedChannel = channel == null ? null : Channel.parse(channel);
        Path rejectsFile = rejects != null ? rejects : Path.of(files.get(0).getFileName() + ".rejects.jsonl");
        try (ConfigurableApplicationContext context = Launcher.offline(cli.application, store, List.of())) {
            Source target = source(context.getBean(Sources.class), sourceName, requestedChannel);
            ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
            ImportReport report;
            try {
                report = context.getBean(EventImports.class).importFiles(new ImportRequest(files, target, mapping, format, rejectsFile),
                        (fraction, rows, accepted, rejected) -> progress.show(fraction, rows, "rows"));
            } finally {
                progress.finish();
            }
            out.printf(Locale.ROOT, "Read %,d rows in %.1f s (%,.0f rows/s): %,d messages, %,d stored, %,d already there, %,d rows rejected,"
                            + " %,d skipped; source %s%n", report.rows(), report.took().toMillis() / 1000.0, report.rowsPerSecond(),
                    report.messages(), report.accepted(), report.duplicates(), report.rejected(), report.skipped(), target.name());
            if (report.rejected() > 0) {
                out.printf(Locale.ROOT, "Rejected rows are in %s with their reasons; the first:%n", report.rejectsFile().toAbsolutePath());
                report.firstErrors().forEach(error -> out.println("  " + error));
            }
            out.printf(Locale.ROOT, "rows=%d messages=%d imported=%d duplicates=%d rejected=%d skipped=%d rows_per_s=%.0f seconds=%.2f%n",
                    report.rows(), report.messages(), report.accepted(), report.duplicates(), report.rejected(), report.skipped(),
                    report.rowsPerSecond(), report.took().toNanos() / 1e9);
            return report.rejected() > 0 ? PerceptCli.EXIT_REJECTS : 0;
        }
    }

    private static Source source(Sources sources, SourceName name, Channel requestedChannel) {
        Source existing = sources.find(name).orElse(null);
        if (existing != null) {
            if (requestedChannel != null && requestedChannel != existing.channel()) {
                throw new IllegalArgumentException("source " + name + " exists with channel " + existing.channel().wireName()
                        + ", not " + requestedChannel.wireName());
            }
            return existing;
        }
        SourceCreation created = sources.create(name, requestedChannel != null ? requestedChannel : Channel.WEB, null);
        if (created instanceof SourceCreation.Created ok) {
            return ok.source();
        }
        throw new IllegalArgumentException(((SourceCreation.Refused) created).reason());
    }
}
