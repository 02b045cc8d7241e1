package io.percept.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application for a command. */
final class Launcher {

    private Launcher() {
    }

    /** Starts the server; returns {@link PerceptCli#EXIT_SERVED}, or 1 if it could not start (Spring reported why). */
    static int serve(Class<?> application, ServerOptions options, List<String> extraProperties) {
        return serve(application, options, extraProperties, Map.of());
    }

    /**
     * Starts the server with {@code defaults}: properties that the configuration, {@code PERCEPT_*}
     * variables and arguments override.
     */
    static int serve(Class<?> application, ServerOptions options, List<String> extraProperties, Map<String, Object> defaults) {
        List<String> args = new ArrayList<>(options.asProperties());
        args.addAll(extraProperties);
        try {
            SpringApplication server = new SpringApplication(application);
            server.setDefaultProperties(defaults);
            server.run(args.toArray(String[]::new));
            return PerceptCli.EXIT_SERVED;
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /**
     * The command that runs Percept again in a new JVM with {@code jvmOptions}: {@code java -jar percept.jar}
     * when this process runs from the jar, else the same class path and main class.
     */
    static List<String> javaCommand(String... jvmOptions) {
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, "io.percept.PerceptApplication"));
        }
        return command;
    }

    /**
     * Starts Percept without a web server or log processors, for an offline command; quiet unless
     * something goes wrong. The caller closes the context.
     */
    static ConfigurableApplicationContext offline(Class<?> application, DataDirOption options, List<String> extraProperties) {
        List<String> args = new ArrayList<>(options.asProperties());
        args.add("--percept.eventlog.processors.enabled=false");
        args.add("--logging.level.io.percept=WARN");
        args.add("--logging.level.percept=WARN");
        args.addAll(extraProperties);
        SpringApplication offline = new SpringApplication(application);
        offline.setWebApplicationType(WebApplicationType.NONE);
        return offline.run(args.toArray(String[]::new));
    }

    /**
     * A one-line description of a failure: the message of the outermost Percept exception in the
     * cause chain (written for users), else of the innermost cause.
     */
    static String describe(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getClass().getName().startsWith("io.percept.") && cause.getMessage() != null) {
                return cause.getMessage();
            }
            innermost = cause;
        }
        return innermost.getMessage() != null ? innermost.getMessage() : innermost.getClass().getSimpleName();
    }
}
