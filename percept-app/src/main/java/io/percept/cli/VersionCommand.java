package io.percept.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code percept version}: versions of Percept, Java and DuckDB; last line machine-readable. */
@Command(name = "version", description = "Print the versions of Percept, Java and the embedded DuckDB.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        String duckdb;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version()")) {
            rows.next();
            duckdb = rows.getString(1);
        }
        String java = System.getProperty("java.version");
        var out = spec.commandLine().getOut();
        out.println("Percept " + BuildInfo.version() + " (built " + BuildInfo.buildTime() + ")");
        out.println("Java    " + java + " (" + System.getProperty("java.vm.vendor") + ")");
        out.println("DuckDB  " + duckdb);
        out.println("version=" + BuildInfo.version() + " java=" + java + " duckdb=" + duckdb);
        return 0;
    }
}
