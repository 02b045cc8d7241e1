package io.percept.cli;

import io.percept.platform.EmbeddedStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code percept compact}: rewrites a stopped Percept's store without its deleted rows, so that
 * erased people's data is gone from the file, not only marked deleted.
 */
@Command(name = "compact", description = {"Rewrites the embedded store of a stopped Percept without deleted rows: after erasing "
        + "profiles (DELETE /api/profiles/{id}) their bytes are gone from the file, not only marked deleted. Stop Percept first."})
final class CompactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = data.dataDir != null ? data.dataDir
                : Path.of(System.getenv().getOrDefault("PERCEPT_DATA_DIR", "percept-data"));
        long started = System.nanoTime();
        long[] sizes = EmbeddedStore.compact(dir);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "Compacted %s: %,d MB -> %,d MB in %.1f s%n", dir.toAbsolutePath().normalize(), sizes[0] >> 20, sizes[1] >> 20,
                seconds);
        out.printf(Locale.ROOT, "bytes_before=%d bytes_after=%d seconds=%.1f%n", sizes[0], sizes[1], seconds);
        return 0;
    }
}
