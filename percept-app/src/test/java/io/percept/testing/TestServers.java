package io.percept.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.platform.admin-token", () -> token);
        registry.add("percept.ingest.write-keys", () -> writeKeys);
    }
}
