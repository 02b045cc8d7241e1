package io.percept;

import io.percept.cli.PerceptCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Percept application: a Spring Boot modular monolith whose top-level packages are its
 * modules. {@link #main} hands the command line to {@link PerceptCli}, which decides whether
 * and how the Spring context starts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PerceptApplication {

    public static void main(String[] args) {
        int exitCode = PerceptCli.run(PerceptApplication.class, args);
        if (exitCode != PerceptCli.EXIT_SERVED) {
            System.exit(exitCode);
        }
    }
}
