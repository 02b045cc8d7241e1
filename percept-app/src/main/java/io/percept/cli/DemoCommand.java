package io.percept.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

/** {@code percept demo}: the server, plus generated demo data loaded through the ingest path. */
@Command(name = "demo", description = "Start Percept like serve and load generated demo data (once per seed and size).")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    PerceptCli cli;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--customers", paramLabel = "N", defaultValue = "300", description = "Customers to generate (default: ${DEFAULT-VALUE})")
    int customers;

    @Option(names = "--days", paramLabel = "D", defaultValue = "90", description = "Days of history, ending now (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        return Launcher.serve(cli.application, server, List.of("--percept.demo.load=true", "--percept.demo.customers=" + customers,
                "--percept.demo.days=" + days, "--percept.demo.seed=" + seed));
    }
}
