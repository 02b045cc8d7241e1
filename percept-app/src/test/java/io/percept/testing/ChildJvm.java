package io.percept.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a {@code main} class of the test classpath in a separate JVM, for tests that kill processes. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass} with {@code args}; its output goes to {@code log}. Its temporary files go
     * to a folder beside the log: DuckDB unpacks its 70 MB native library there at every start and a
     * killed JVM never deletes it, so it must land where the test's own temporary folder is cleaned.
     */
    public static Process start(Class<?> mainClass, Path log, String... args) throws IOException {
        return start(mainClass, log, List.of(), args);
    }

    /** As {@link #start(Class, Path, String...)}, with JVM options (system properties, say) before the class. */
    public static Process start(Class<?> mainClass, Path log, List<String> jvmOptions, String... args) throws IOException {
        Path tmp = Files.createTempDirectory(log.toAbsolutePath().getParent(), "tmp-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
