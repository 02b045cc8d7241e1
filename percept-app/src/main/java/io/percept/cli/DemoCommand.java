package io.percept.cli;

import io.percept.demo.world.World;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code percept demo}: the server, plus the generated demo world loaded through the tracking path and the importers. */
@Command(name = "demo", description = {"Start Percept like serve and load the demo world: the customers of 青禾智能, a fictional Chinese "
        + "electronics and household-appliance company, generated from a model of customers (docs/demo.md).",
        "", "Loaded once into an empty store, in the background while Percept serves; the log shows progress. Then the customers keep "
        + "acting live (--live-rate), and the five example rules act on it: their webhooks arrive in the local inbox, /api/rules/inbox."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    PerceptCli cli;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Mixin
    WorldOptions world = new WorldOptions();

    @Option(names = "--live-rate", paramLabel = "N", defaultValue = "4",
            description = "Live messages a second from the demo's customers once the history is loaded (carts, orders, negative reviews, "
                    + "complaints, device errors); 0 for none (default: ${DEFAULT-VALUE})")
    double liveRate;

    @Spec
    CommandSpec spec;

    /**
     * What the demo turns on, unless configured otherwise: the example rules, their webhooks to the
     * local inbox, the cart abandonment's window shortened from 2 hours to 1 minute, one console
     * user per role (exec, analyst, frontline, demo-admin; docs/access.md).
     */
    static final Map<String, Object> DEFAULTS = Map.of("percept.rules.examples", "true", "percept.rules.inbox.enabled", "true",
            "percept.rules.examples-absence", "1m", "percept.access.demo-users", "true");

    @Override
    public Integer call() {
        String invalid = world.invalid();
        if (invalid != null) {
            spec.commandLine().getErr().println("percept demo: " + invalid);
            return 2;
        }
        if (!(liveRate >= 0 && liveRate <= 1000)) {
            spec.commandLine().getErr().println("percept demo: --live-rate must be 0 to 1000, was " + liveRate);
            return 2;
        }
        List<String> properties = new ArrayList<>(List.of("--percept.demo.load=true", "--percept.demo.customers=" + world.customers,
                "--percept.demo.days=" + world.days, "--percept.demo.seed=" + world.seed, "--percept.demo.live-rate=" + liveRate));
        if (world.end != null) {
            properties.add("--percept.demo.end=" + world.end);
        }
        return Launcher.serve(cli.application, server, properties, DEFAULTS);
    }

    /** The options that choose a demo world, shared by {@code demo} and {@code generate}. */
    static final class WorldOptions {

        @Option(names = "--customers", paramLabel = "N", defaultValue = "10000", description = "Customers (default: ${DEFAULT-VALUE})")
        int customers;

        @Option(names = "--days", paramLabel = "D", defaultValue = "365", description = "Days of history (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--end", paramLabel = "DATE",
                description = "The day after the last day of history, yyyy-MM-dd (default: today in China); fix it to get the same events every day")
        LocalDate end;

        /** What is wrong with the options, or {@code null}. */
        String invalid() {
            try {
                new World.Settings(seed, customers, days, end != null ? end : World.today(Clock.systemUTC()));
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
    }
}
