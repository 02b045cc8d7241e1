package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PiiCipherTests {

    private static final String KEY = Base64.getEncoder().encodeToString(bytes(32, 1));
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(bytes(32, 2));

    private final PiiCipher cipher = PiiCipher.of(KEY, PiiCipher.DEFAULT_FIELDS);

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void sealedValuesOpenToThePlaintextAndNeverRepeatUnlessDeterministic() {
        String sealed = cipher.seal("zelda@example.org");
        assertThat(sealed).startsWith("enc1:" + cipher.keyId() + ":").doesNotContain("zelda");
        assertThat(cipher.open(sealed)).isEqualTo("zelda@example.org");
        assertThat(cipher.seal("zelda@example.org")).as("random IV").isNotEqualTo(sealed);

        String token = cipher.sealDeterministic("email:zelda@example.org");
        assertThat(token).startsWith("det1:").isEqualTo(cipher.sealDeterministic("email:zelda@example.org"))
                .isNotEqualTo(cipher.sealDeterministic("email:zelda@example.com"));
        assertThat(cipher.open(token)).isEqualTo("email:zelda@example.org");
        assertThat(cipher.open("plain value")).isEqualTo("plain value");
        assertThat(cipher.keyId()).hasSize(8).isEqualTo(PiiCipher.of(KEY, List.of()).keyId())
                .isNotEqualTo(PiiCipher.of(OTHER_KEY, List.of()).keyId());
    }

    @Test
    void aValueOfAnotherKeyOrChangedOrWithoutAKeyIsRefused() {
        String sealed = cipher.seal("+8613907720001");
        assertThatThrownBy(() -> PiiCipher.of(OTHER_KEY, List.of()).open(sealed)).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("encrypted with key " + cipher.keyId());
        assertThatThrownBy(() -> PiiCipher.none().open(sealed)).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("no encryption key is set");
        char[] changed = sealed.toCharArray();
        int last = changed.length - 3;
        changed[last] = changed[last] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> cipher.open(new String(changed))).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("fails authentication");
    }

    @Test
    void malformedKeysAreRefusedWithoutShowingThem() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(16, 3));
        assertThatThrownBy(() -> PiiCipher.of(shortKey, List.of())).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("must be 256 bits").hasMessageContaining("16 bytes").message().doesNotContain(shortKey);
        assertThatThrownBy(() -> PiiCipher.of("%%%secret%%%", List.of())).isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("not valid base64").message().doesNotContain("secret");
        assertThat(PiiCipher.of("  ", List.of()).enabled()).isFalse();
        assertThat(cipher.toString()).doesNotContain(KEY);
        assertThat(new PlatformSettings.Encryption(KEY, List.of("email")).toString()).doesNotContain(KEY).contains("***");
    }

    @Test
    void personalTraitsAreSealedWhateverTheirTypeAndOpenToTheSameValues() {
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("Email", "zelda@example.org");
        traits.put("address", Map.of("street", "1 Nightingale Crescent", "city", "Hangzhou"));
        traits.put("birthday", "1990-02-03");
        traits.put("plan", "gold");
        traits.put("age", 34);
        Map<String, Object> sealed = cipher.sealTraits(traits);
        assertThat(sealed.get("plan")).isEqualTo("gold");
        assertThat(sealed.get("age")).isEqualTo(34);
        assertThat(JsonText.of(sealed)).doesNotContain("zelda", "Nightingale", "1990");
        assertThat(sealed.get("address").toString()).startsWith("encj1:");
        assertThat(cipher.openTraits(sealed)).isEqualTo(traits);
        assertThat(cipher.sealTraits(Map.of("plan", "gold"))).isEqualTo(Map.of("plan", "gold"));
        assertThat(PiiCipher.none().sealTraits(traits)).isSameAs(traits);
    }

    @Test
    void streamsRoundTripAcrossChunksAndRefuseTruncationChangeAndOtherKeys() throws IOException {
        byte[] plain = bytes(3 * (1 << 20) + 12_345, 4);
        byte[] sealed = seal(cipher, plain);
        assertThat(sealed.length).isGreaterThan(plain.length);
        assertThat(open(cipher, sealed)).isEqualTo(plain);
        assertThat(open(cipher, seal(cipher, new byte[0]))).isEmpty();

        assertThatThrownBy(() -> open(cipher, Arrays.copyOf(sealed, sealed.length - 100))).isInstanceOf(IOException.class);
        int oneChunk = 16 + 8 + 12 + 4 + (1 << 20) + 16;
        assertThatThrownBy(() -> open(cipher, Arrays.copyOf(sealed, oneChunk))).as("cut at a chunk boundary")
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        byte[] reordered = sealed.clone();
        int header = 16 + 8;
        int chunk = oneChunk - header;
        System.arraycopy(sealed, header, reordered, header + chunk, chunk);
        System.arraycopy(sealed, header + chunk, reordered, header, chunk);
        assertThatThrownBy(() -> open(cipher, reordered)).as("first two chunks swapped").isInstanceOf(IOException.class)
                .hasMessageContaining("authentication");
        byte[] changed = sealed.clone();
        changed[changed.length / 2] ^= 1;
        assertThatThrownBy(() -> open(cipher, changed)).isInstanceOf(IOException.class).hasMessageContaining("authentication");
        assertThatThrownBy(() -> open(PiiCipher.of(OTHER_KEY, List.of()), sealed)).isInstanceOf(IOException.class)
                .hasMessageContaining("encrypted with key " + cipher.keyId());
        assertThatThrownBy(() -> open(cipher, "PERCPRO6 plain snapshot".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class).hasMessageContaining("not encrypted");
    }

    private static byte[] seal(PiiCipher cipher, byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = cipher.sealing(bytes)) {
            for (int i = 0; i < plain.length; i += 7_777) {
                out.write(plain, i, Math.min(7_777, plain.length - i));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] open(PiiCipher cipher, byte[] sealed) throws IOException {
        try (InputStream in = cipher.opening(new ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        }
    }
}
