package io.percept.cli;

import io.percept.platform.JsonValues;
import io.percept.rules.RuleDocuments;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code percept rules}: validate rule documents offline, and manage the rules of a running Percept
 * through {@code /api/rules} (apply, list, enable, disable, dry-run, stats).
 */
@Command(name = "rules", description = {"Real-time rules: validate documents (offline) or manage them on a running Percept (--url, --token).",
        "Documents are JSON or YAML (docs/rules.md)."},
        subcommands = {RulesCommand.Validate.class, RulesCommand.Apply.class, RulesCommand.ListRules.class, RulesCommand.Enable.class,
                RulesCommand.Disable.class, RulesCommand.DryRun.class, RulesCommand.Stats.class})
final class RulesCommand {

    /** Runs {@code call} against the server, printing its answer or the problem; exit 0, or 1 on a problem. */
    private static int remote(CommandSpec spec, SourcesCommand.Connection connection, String method, String path, String body) {
        if (connection.offline) {
            spec.commandLine().getErr().println("percept rules: rules are managed on a running Percept (--offline is for sources)");
            return 2;
        }
        try {
            HttpSourceAdmin http = connection.http();
            if (!http.reachable()) {
                spec.commandLine().getErr().println("percept rules: nothing answers (" + http.target() + "): start Percept, or give --url");
                return 1;
            }
            spec.commandLine().getOut().println(http.send(method, path, body));
            return 0;
        } catch (SourceAdmin.AdminException e) {
            spec.commandLine().getErr().println("percept rules: " + e.getMessage());
            return 1;
        }
    }

    private static String read(CommandSpec spec, Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Command(name = "validate", description = "Checks rule documents without a server (the condition's fields are checked by the server).")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule documents (.json, .yaml)")
        java.util.List<Path> files;

        @Option(names = "--cluster", description = "Validate for cluster mode (Kafka actions allowed)")
        boolean cluster;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int bad = 0;
            for (Path file : files) {
                try {
                    out.printf("%s: rule %s is valid%n", file, RuleDocuments.check(RuleDocuments.parse(read(spec, file), file.toString()), cluster));
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().printf("%s: %s%n", file, e.getMessage());
                    bad++;
                }
            }
            return bad == 0 ? 0 : 1;
        }
    }

    @Command(name = "apply", description = "Creates or replaces the rule of each document on the server (a new version each).")
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SourcesCommand.Connection connection = new SourcesCommand.Connection();

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule documents (.json, .yaml)")
        java.util.List<Path> files;

        @Override
        public Integer call() throws Exception {
            int failed = 0;
            for (Path file : files) {
                String json = JsonValues.toJson(RuleDocuments.parse(read(spec, file), file.toString()));
                failed += remote(spec, connection, "POST", "/api/rules", json);
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "list", description = "The server's rules.")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SourcesCommand.Connection connection = new SourcesCommand.Connection();

        @Override
        public Integer call() {
            return remote(spec, connection, "GET", "/api/rules", null);
        }
    }

    /** A call about one rule on the server: {@code method} to {@code /api/rules/<id><suffix>}. */
    abstract static class OnRule implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SourcesCommand.Connection connection = new SourcesCommand.Connection();

        @Parameters(paramLabel = "ID", description = "The rule's id")
        String id;

        abstract String method();

        abstract String suffix();

        @Override
        public Integer call() {
            return remote(spec, connection, method(), "/api/rules/" + encode(id) + suffix(), null);
        }
    }

    @Command(name = "enable", description = "Enables a rule.")
    static final class Enable extends OnRule {
        String method() {
            return "POST";
        }

        String suffix() {
            return "/enable";
        }
    }

    @Command(name = "disable", description = "Disables a rule.")
    static final class Disable extends OnRule {
        String method() {
            return "POST";
        }

        String suffix() {
            return "/disable";
        }
    }

    @Command(name = "dry-run", description = "How often a rule would have fired over the last days, without acting.")
    static final class DryRun extends OnRule {
        @Option(names = "--days", defaultValue = "7", description = "Days of the log (default: ${DEFAULT-VALUE})")
        int days;

        String method() {
            return "POST";
        }

        String suffix() {
            return "/dry-run?days=" + days;
        }
    }

    @Command(name = "stats", description = "A rule's firings, latencies and deliveries.")
    static final class Stats extends OnRule {
        String method() {
            return "GET";
        }

        String suffix() {
            return "/stats";
        }
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
