package io.percept.cli;

import io.percept.demo.WorldFiles;
import io.percept.demo.world.Feed;
import io.percept.demo.world.World;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code percept generate}: the demo world as files, for {@code percept import} or any other tool. */
@Command(name = "generate",
        description = {"Write the demo world (the same records `percept demo` loads) as files: the website, app, marketplace and refund "
                + "messages as Segment JSONL, the store and direct-sales orders, sales visits, reviews, tickets, social comments, surveys "
                + "and IoT telemetry as CSV in the columns of the import templates. IMPORT.md in the directory lists the commands that "
                + "import them."},
        footer = {"", "Exit codes: 0 written, 1 failed, 2 usage error."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    PerceptCli cli;

    @Mixin
    DemoCommand.WorldOptions world = new DemoCommand.WorldOptions();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write to (created if missing; its demo files are replaced)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String invalid = world.invalid();
        if (invalid != null) {
            err.println("percept generate: " + invalid);
            return 2;
        }
        LocalDate end = world.end != null ? world.end : World.today(Clock.systemUTC());
        World generator = new World(new World.Settings(world.seed, world.customers, world.days, end));
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        long started = System.nanoTime();
        try (WorldFiles files = new WorldFiles(out, EnumSet.allOf(Feed.class))) {
            generator.generate(files, done -> {
                if (done % 1000 == 0 || done == world.customers) {
                    progress.show(done / (double) world.customers, done, "customers");
                }
            });
            progress.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            writeImportGuide(files);
            for (Feed feed : Feed.values()) {
                stdout.printf(Locale.ROOT, "%-18s %,12d %s%n", feed.file(), files.records(feed), feed.tracked() ? "messages" : "rows");
            }
            stdout.printf(Locale.ROOT, "customers=%d days=%d seed=%d end=%s records=%d seconds=%.1f dir=%s%n", world.customers, world.days,
                    world.seed, end, files.records(), seconds, out.toAbsolutePath());
            return 0;
        } catch (UncheckedIOException e) {
            progress.finish();
            err.println("percept generate: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    private void writeImportGuide(WorldFiles files) {
        StringBuilder guide = new StringBuilder("""
                # Importing this demo world

                Stop Percept (or use a fresh --data-dir), then from this directory:

                ```
                """);
        for (Feed feed : Feed.values()) {
            if (!files.written().contains(feed)) {
                continue;
            }
            guide.append("percept import --source ").append(feed.source()).append(" --channel ").append(feed.channel().wireName());
            if (!feed.tracked()) {
                guide.append(" --mapping ").append(feed.template());
            }
            guide.append(' ').append(feed.file()).append('\n');
        }
        guide.append("```\n");
        try {
            Files.writeString(out.resolve("IMPORT.md"), guide, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("IMPORT.md"), e);
        }
    }
}
