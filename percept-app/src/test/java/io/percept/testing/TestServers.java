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
        String data;
        try {
            data = Files.createTempDirectory("percept-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // each booted application leaves a few hundred MB; without this, runs of the suite fill the disk
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(Path.of(data)), "delete-" + data));
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.platform.admin-token", () -> token);
        registry.add("percept.ingest.write-keys", () -> writeKeys);
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
