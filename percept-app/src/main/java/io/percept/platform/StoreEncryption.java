package io.percept.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's record of its encryption: table {@code store_encryption} holds the key id and a value
 * sealed with the key when the store was created encrypted. Opening checks the key given against
 * it, so an encrypted store never runs without its key (showing ciphertext) or with another key,
 * and an unencrypted store with data never silently becomes half encrypted.
 */
final class StoreEncryption {

    /** What the check value decrypts to. */
    private static final String CHECK = "percept-encryption-check";

    private StoreEncryption() {
    }

    static void check(Connection connection, Path dir, PiiCipher cipher) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // created here, not by a migration: the check must also run on stores migrated before it existed
            statement.execute("CREATE TABLE IF NOT EXISTS store_encryption (key_id VARCHAR NOT NULL, check_value VARCHAR NOT NULL, "
                    + "enabled_at TIMESTAMP NOT NULL)");
        }
        String keyId = null;
        String checkValue = null;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key_id, check_value FROM store_encryption LIMIT 1")) {
            if (rows.next()) {
                keyId = rows.getString(1);
                checkValue = rows.getString(2);
            }
        }
        if (keyId != null) {
            if (!cipher.enabled()) {
                throw new EncryptionKeyException("The store in " + dir + " is encrypted (key id " + keyId + "), but no encryption key is "
                        + "set: start Percept with its key in PERCEPT_ENCRYPTION_KEY (percept.platform.encryption.key)");
            }
            boolean matches = keyId.equals(cipher.keyId());
            if (matches) {
                try {
                    matches = CHECK.equals(cipher.open(checkValue));
                } catch (EncryptionKeyException e) {
                    matches = false;
                }
            }
            if (!matches) {
                throw new EncryptionKeyException("The store in " + dir + " is encrypted with key id " + keyId + ", but the encryption key "
                        + "set (PERCEPT_ENCRYPTION_KEY) has id " + cipher.keyId() + ": set the store's key");
            }
            return;
        }
        if (!cipher.enabled()) {
            return;
        }
        if (holdsData(connection)) {
            throw new EncryptionKeyException("The store in " + dir + " holds unencrypted data, so encryption cannot be turned on for it: "
                    + "unset PERCEPT_ENCRYPTION_KEY, or start with an empty data directory and import the data again");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO store_encryption (key_id, check_value, enabled_at) VALUES (?, ?, now())")) {
            insert.setString(1, cipher.keyId());
            insert.setString(2, cipher.seal(CHECK));
            insert.executeUpdate();
        }
    }

    private static boolean holdsData(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM event_log) OR EXISTS (SELECT 1 FROM profiles) "
                        + "OR EXISTS (SELECT 1 FROM event_identities)")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }
}
