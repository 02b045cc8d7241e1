package io.percept.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real evaluation datasets ({@code ../shared/datasets}): system property
 * {@code percept.datasets} (set by the eval profile), else environment variable
 * {@code PERCEPT_DATASETS}. The data is read in place and never copied into the repository.
 */
public final class Datasets {

    private Datasets() {
    }

    /**
     * The datasets folder.
     *
     * @throws IllegalStateException if it is not configured or missing, naming where it looked
     */
    public static Path root() {
        String configured = System.getProperty("percept.datasets", System.getenv("PERCEPT_DATASETS"));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("set -Dpercept.datasets or PERCEPT_DATASETS to the datasets folder (../shared/datasets)");
        }
        Path root = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("the datasets folder " + root + " does not exist");
        }
        return root;
    }
}
