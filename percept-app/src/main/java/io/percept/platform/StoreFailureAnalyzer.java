package io.percept.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start that failed because the embedded store could not be opened, without a stack trace. */
class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreException cause) {
        String action = cause instanceof EncryptionKeyException
                ? "Set PERCEPT_ENCRYPTION_KEY (percept.platform.encryption.key) to the store's key, a base64 256-bit key "
                        + "('openssl rand -base64 32'); see docs/deploy.md, encryption at rest."
                : cause instanceof StoreLockedException
                ? "Stop the other Percept process, or start this one with another --data-dir (or PERCEPT_DATA_DIR)."
                : "Check the data directory (--data-dir or PERCEPT_DATA_DIR) and its permissions and free space.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
