package io.percept.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Working directories the modules create and remove (benchmarks, uploads, the demo's files), and private files of secrets. */
public final class Directories {

    private Directories() {
    }

    /** Deletes {@code directory} and everything in it, deepest first; nothing when it does not exist. */
    public static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Creates {@code file} holding {@code secret} and a newline, readable and writable only by its
     * owner where the file system has POSIX permissions.
     *
     * @throws FileAlreadyExistsException if the file exists (it is left as it is)
     */
    public static void writePrivateFile(Path file, String secret) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    }
}
