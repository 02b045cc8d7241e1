package io.percept.cli;

import io.percept.platform.AdminToken;
import io.percept.platform.JsonValues;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code percept sources}: list, create, enable/disable, rotate keys, stats and newest events. */
@Command(name = "sources", description = {"Administer sources (systems that send events, each with its own write key).", "",
        "Talks to the Percept running at --url (default http://localhost:$PERCEPT_PORT or 8080) with the admin token; "
                + "when none is running there, works on the data directory directly."},
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.Create.class, SourcesCommand.Enable.class,
                SourcesCommand.Disable.class, SourcesCommand.Rotate.class, SourcesCommand.Stats.class, SourcesCommand.Events.class})
final class SourcesCommand {

    @ParentCommand
    PerceptCli cli;

    /** Where to find the server or the data directory. */
    static final class Connection {

        @Option(names = "--url", paramLabel = "URL", description = "A running Percept (default: http://localhost:$PERCEPT_PORT or 8080)")
        URI url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Admin token (default: $PERCEPT_ADMIN_TOKEN or <data-dir>/admin-token)")
        String token;

        @Option(names = "--offline", description = "Work on the data directory even if a server answers (it must be stopped)")
        boolean offline;

        @Mixin
        DataDirOption store = new DataDirOption();

        /** The running server's client (whether it answers is the caller's to check). */
        HttpSourceAdmin http() {
            URI base = url != null ? url : URI.create("http://localhost:" + System.getenv().getOrDefault("PERCEPT_PORT", "8080") + "/");
            return new HttpSourceAdmin(base, token());
        }

        SourceAdmin open(Class<?> application) {
            if (offline) {
                return new LocalSourceAdmin(Launcher.offline(application, store, List.of()));
            }
            HttpSourceAdmin http = http();
            if (http.reachable()) {
                return http;
            }
            if (url != null) {
                throw new SourceAdmin.AdminException("no Percept answers at " + url);
            }
            return new LocalSourceAdmin(Launcher.offline(application, store, List.of()));
        }

        private String token() {
            if (token != null) {
                return token;
            }
            String configured = System.getenv("PERCEPT_ADMIN_TOKEN");
            if (configured != null && !configured.isBlank()) {
                return configured.strip();
            }
            Path dataDir = store.dataDir != null ? store.dataDir : Path.of(System.getenv().getOrDefault("PERCEPT_DATA_DIR", "./percept-data"));
            try {
                Path file = dataDir.resolve(AdminToken.FILE_NAME);
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** Common plumbing of the subcommands. */
    abstract static class Subcommand implements Callable<Integer> {

        @ParentCommand
        SourcesCommand sources;

        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection = new Connection();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (SourceAdmin admin = connection.open(sources.cli.application)) {
                run(admin, out);
                return 0;
            } catch (SourceAdmin.AdminException e) {
                spec.commandLine().getErr().println("percept sources: " + e.getMessage());
                return 1;
            }
        }

        abstract void run(SourceAdmin admin, PrintWriter out);

        static void printSource(PrintWriter out, Map<String, Object> source) {
            out.printf(Locale.ROOT, "source=%s channel=%s enabled=%s write_key=%s%n", source.get("name"), source.get("channel"),
                    source.get("enabled"), source.get("writeKey"));
        }
    }

    @Command(name = "list", description = "List the sources.")
    static final class ListSources extends Subcommand {

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            List<Map<String, Object>> all = admin.list();
            out.printf(Locale.ROOT, "%-24s %-10s %-8s %-34s %s%n", "NAME", "CHANNEL", "ENABLED", "WRITE KEY", "CREATED");
            for (Map<String, Object> source : all) {
                out.printf(Locale.ROOT, "%-24s %-10s %-8s %-34s %s%n", source.get("name"), source.get("channel"), source.get("enabled"),
                        source.get("writeKey"), source.get("createdAt"));
            }
            out.println("sources=" + all.size());
        }
    }

    @Command(name = "create", description = "Create a source; prints its write key.")
    static final class Create extends Subcommand {

        @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits, '-' or '_'")
        String name;

        @Option(names = "--channel", required = true, description = "web, app, ecommerce, social, iot, service, sales, store or survey")
        String channel;

        @Option(names = "--write-key", description = "The key to use (default: a generated one)")
        String writeKey;

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            Map<String, Object> created = admin.create(name, channel, writeKey);
            out.println("Created source " + name + " in " + admin.target());
            printSource(out, created);
        }
    }

    @Command(name = "enable", description = "Accept the source's write key again.")
    static final class Enable extends Subcommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            printSource(out, admin.setEnabled(name, true));
        }
    }

    @Command(name = "disable", description = "Refuse the source's write key (403) until it is enabled again.")
    static final class Disable extends Subcommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            printSource(out, admin.setEnabled(name, false));
        }
    }

    @Command(name = "rotate", description = "Give the source a new write key; the old one stops working at once.")
    static final class Rotate extends Subcommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--write-key", description = "The new key (default: a generated one)")
        String writeKey;

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            printSource(out, admin.rotate(name, writeKey));
        }
    }

    @Command(name = "stats", description = "What the source has sent: requests, received, accepted, duplicates, rejected by reason.")
    static final class Stats extends Subcommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            Map<String, Object> stats = admin.stats(name);
            Object reasons = stats.get("rejectedByReason");
            if (reasons instanceof Map<?, ?> byReason && !byReason.isEmpty()) {
                out.println("Rejected by reason:");
                byReason.forEach((reason, count) -> out.println("  " + reason + ": " + count));
            }
            out.printf(Locale.ROOT, "source=%s requests=%s received=%s accepted=%s duplicates=%s rejected=%s%n", name, stats.get("requests"),
                    stats.get("received"), stats.get("accepted"), stats.get("duplicates"), stats.get("rejected"));
        }
    }

    @Command(name = "events", description = "The source's newest events as stored, newest first, one JSON object per line.")
    static final class Events extends Subcommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--limit", defaultValue = "20", description = "How many (1-1000, default ${DEFAULT-VALUE})")
        int limit;

        @Override
        void run(SourceAdmin admin, PrintWriter out) {
            List<Map<String, Object>> events = admin.events(name, limit);
            events.forEach(event -> out.println(JsonValues.toJson(event)));
            out.println("events=" + events.size());
        }
    }
}
