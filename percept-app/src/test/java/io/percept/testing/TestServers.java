package io.percept.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Settings of an application booted by a test over HTTP: a fresh data directory, a known admin token, sources. */
public final class TestServers {

    private TestServers() {
    }

    /**
     * Registers a new temporary data directory, {@code token} as the admin token and
     * {@code writeKeys} ({@code name:channel:key,...}) as sources created at start.
     */
    public static void register(DynamicPropertyRegistry registry, String token, String writeKeys) {
        String data = temporaryDirectory("percept-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.platform.admin-token", () -> token);
        registry.add("percept.ingest.write-keys", () -> writeKeys);
    }

    /**
     * A new temporary directory, deleted when the test JVM exits: an application booted on it leaves
     * a few hundred MB, and without this runs of the suite fill the disk.
     */
    public static Path temporaryDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(directory), "delete-" + directory.getFileName()));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree, ignoring what cannot be deleted (the test JVM is exiting). */
    static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
