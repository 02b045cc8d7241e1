package io.percept.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code percept serve}: the server on the embedded store. */
@Command(name = "serve", description = "Start Percept (HTTP API and log processors) on the embedded store.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    PerceptCli cli;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() {
        return Launcher.serve(cli.application, server, List.of());
    }
}
