package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Strict UTF-8 validation agrees with the JDK's decoder, which follows RFC 3629. */
class Utf8Tests {

    @Test
    void acceptsValidTextInEveryLength() {
        assertThat(Utf8.firstInvalid("plain ascii".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid("¢ 电池 😀 \uFFFD 𐍈".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
    }

    @Test
    void findsTheFirstInvalidSequence() {
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0xAF})).as("overlong /").isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})).as("overlong three-byte").isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'x', 'y', (byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("surrogate").isEqualTo(2);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("beyond U+10FFFF").isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xE4, (byte) 0xB8})).as("truncated").isEqualTo(1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0x80})).as("lone continuation").isZero();
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xFF})).isZero();
    }

    @Test
    void agreesWithTheJdkOnRandomBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            boolean jdkValid;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
                jdkValid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdkValid = false;
            }
            assertThat(Utf8.firstInvalid(bytes) < 0).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdkValid);
        }
    }
}
