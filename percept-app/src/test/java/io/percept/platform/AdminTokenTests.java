package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTests {

    @TempDir
    Path dir;

    @Test
    void generatesATokenOnceAndKeepsItReadableOnlyByItsOwner() throws Exception {
        AdminToken first = AdminToken.resolve("", dir);
        AdminToken second = AdminToken.resolve(null, dir);
        String stored = Files.readString(dir.resolve(AdminToken.FILE_NAME)).strip();

        assertThat(first.origin()).isEqualTo(AdminToken.Origin.FILE);
        assertThat(stored).hasSizeGreaterThanOrEqualTo(40);
        assertThat(first.matches(stored)).isTrue();
        assertThat(second.matches(stored)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(AdminToken.FILE_NAME)))).isEqualTo("rw-------");
    }

    @Test
    void prefersTheConfiguredTokenAndComparesExactly() {
        AdminToken token = AdminToken.resolve("  configured-token-123  ", dir);

        assertThat(token.origin()).isEqualTo(AdminToken.Origin.CONFIGURED);
        assertThat(token.matches("configured-token-123")).isTrue();
        assertThat(token.matches("configured-token-12")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).doesNotContain("configured-token");
        assertThat(Files.exists(dir.resolve(AdminToken.FILE_NAME))).isFalse();
    }

    @Test
    void refusesAShortConfiguredToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> AdminToken.resolve("short", dir)).withMessageContaining("16");
    }
}
