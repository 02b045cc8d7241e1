package io.percept.analytics.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Murmur3Tests {

    private static long[] hash(String text) {
        return Murmur3.hash128(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesReferenceValuesForEveryTailLength() {
        // reference outputs of MurmurHash3_x64_128 with seed 0 (computed with an independent implementation)
        assertThat(hash("")).containsExactly(0L, 0L);
        assertThat(hash("a")).containsExactly(0x85555565f6597889L, 0xe6b53a48510e895aL);
        assertThat(hash("hello")).containsExactly(0xcbd8a7b341bd9b02L, 0x5b1e906a48ae1d19L);
        assertThat(hash("The quick brown fox jumps over the lazy dog")).containsExactly(0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L);
        assertThat(hash("订单完成-0123456789abcdef")).containsExactly(0x6a1631d4b2e5c591L, 0xd0e54ca682bc7538L);
        assertThat(hash("x".repeat(31))).containsExactly(0x887b5e1ecbc9ba74L, 0x1899acd5e8e69db3L);
        assertThat(hash("y".repeat(33))).containsExactly(0x2de681d35d5bcfddL, 0x024ad3434927025fL);
    }

    @Test
    void hashesASliceLikeTheSameBytesAlone() {
        byte[] framed = "[[hello]]".getBytes(StandardCharsets.UTF_8);

        assertThat(Murmur3.hash128(framed, 2, 5, 0)).containsExactly(hash("hello"));
        assertThat(Murmur3.hash128(framed, 2, 5, 42)).isNotEqualTo(hash("hello"));
    }

    @Test
    void distinctKeysGetDistinctFingerprints() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long[] h = hash("message-" + i);
            assertThat(seen.add(h[0] + ":" + h[1])).isTrue();
        }
    }
}
