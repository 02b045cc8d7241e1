package io.percept.cli;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application for a command. */
final class Launcher {

    private Launcher() {
    }

    /** Starts the server; returns {@link PerceptCli#EXIT_SERVED}, or 1 if it could not start (Spring reported why). */
    static int serve(Class<?> application, ServerOptions options, List<String> extraProperties) {
        List<String> args = new ArrayList<>(options.asProperties());
        args.addAll(extraProperties);
        try {
            new SpringApplication(application).run(args.toArray(String[]::new));
            return PerceptCli.EXIT_SERVED;
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /**
     * Starts Percept without a web server or log processors, for an offline command; quiet unless
     * something goes wrong. The caller closes the context.
     */
    static ConfigurableApplicationContext offline(Class<?> application, ServerOptions options, List<String> extraProperties) {
        List<String> args = new ArrayList<>(options.asProperties());
        args.add("--percept.eventlog.processors.enabled=false");
        args.add("--logging.level.io.percept=WARN");
        args.add("--logging.level.percept=WARN");
        args.addAll(extraProperties);
        SpringApplication offline = new SpringApplication(application);
        offline.setWebApplicationType(WebApplicationType.NONE);
        return offline.run(args.toArray(String[]::new));
    }

    /** A one-line description of a failure: the innermost message, which is the one a user can act on. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        String message = failure.getMessage();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message != null ? message : failure.getClass().getSimpleName();
    }
}
