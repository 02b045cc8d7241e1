package io.percept.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code percept serve}: the server, on the embedded store or (with {@code --mode cluster}) on Kafka and PostgreSQL. */
@Command(name = "serve", description = "Start Percept (HTTP API and log processors): on the embedded store, or with --mode cluster on Kafka "
        + "and PostgreSQL (docs/deploy.md).")
final class ServeCommand implements Callable<Integer> {

    /** How the server stores its log and state. */
    enum Mode {
        embedded, cluster
    }

    @ParentCommand
    PerceptCli cli;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--mode", paramLabel = "MODE", description = "embedded (default: one process, DuckDB) or cluster (Kafka and PostgreSQL, "
            + "configured by percept.cluster.* / PERCEPT_CLUSTER_*); default: percept.mode")
    Mode mode;

    @Override
    public Integer call() {
        List<String> properties = new ArrayList<>();
        if (mode != null) {
            properties.add("--percept.mode=" + mode.name());
        }
        return Launcher.serve(cli.application, server, properties);
    }
}
