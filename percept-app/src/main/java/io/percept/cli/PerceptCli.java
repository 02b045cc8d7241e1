package io.percept.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code percept} command. Without a subcommand it serves, like {@code percept serve}.
 * Exit codes: 0 success, 1 failure, 2 usage error, 3 import finished with rejected lines.
 */
@Command(name = "percept",
        description = "Percept: collect, unify, perceive and act on what customers do and say.",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        subcommands = {ServeCommand.class, DemoCommand.class, GenerateCommand.class, ImportCommand.class, SourcesCommand.class, RulesCommand.class, CompactCommand.class, BenchCommand.class,
                TrainCommand.class, SentimentCommand.class, ClvCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Environment: PERCEPT_PORT, PERCEPT_DATA_DIR, PERCEPT_ADMIN_TOKEN, PERCEPT_WRITE_KEYS=name:channel:key,...",
                "and any setting as PERCEPT_<PATH> (e.g. PERCEPT_EVENTLOG_GROUPCOMMIT_MAXEVENTS). Docs: docs/architecture.md"})
public final class PerceptCli implements Callable<Integer> {

    /** Returned when the server is running: the JVM stays up until it is stopped. */
    public static final int EXIT_SERVED = Integer.MIN_VALUE;
    static final int EXIT_REJECTS = 3;

    @Mixin
    ServerOptions server = new ServerOptions();

    /** The Spring Boot application class that the commands start. */
    final Class<?> application;

    PerceptCli(Class<?> application) {
        this.application = application;
    }

    /** Serves, as {@code percept serve} with the same options. */
    @Override
    public Integer call() {
        return Launcher.serve(application, server, java.util.List.of());
    }

    /**
     * Parses {@code args}, runs the command and returns its exit code (or {@link #EXIT_SERVED}).
     *
     * @param application the Spring Boot application class to start
     */
    public static int run(Class<?> application, String... args) {
        return commandLine(application, new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The configured command line, printing to the given writers (tests pass their own). */
    static CommandLine commandLine(Class<?> application, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new PerceptCli(application));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("percept: " + Launcher.describe(exception));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }
}
