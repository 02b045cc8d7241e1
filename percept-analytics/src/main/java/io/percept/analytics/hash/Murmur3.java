package io.percept.analytics.hash;

/**
 * MurmurHash3, x64 128-bit variant (Austin Appleby, public domain; constants and mixing steps as in
 * his reference description). Fast and well distributed, not cryptographic: use it for
 * fingerprints where 128 bits make accidental collisions negligible (about n²/2¹²⁹ for n keys).
 */
public final class Murmur3 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /**
     * The 128-bit hash of {@code length} bytes from {@code offset}.
     *
     * @return {@code {h1, h2}}: the first and second 64-bit halves (little-endian byte order of the
     *         reference output)
     */
    public static long[] hash128(byte[] data, int offset, int length, long seed) {
        long h1 = seed;
        long h2 = seed;
        int blocks = length / 16;
        for (int i = 0; i < blocks; i++) {
            int at = offset + i * 16;
            long k1 = littleEndianLong(data, at);
            long k2 = littleEndianLong(data, at + 8);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = offset + blocks * 16;
        int remaining = length & 15;
        long k1 = 0;
        long k2 = 0;
        for (int i = remaining - 1; i >= 8; i--) {
            k2 ^= (data[tail + i] & 0xffL) << ((i - 8) * 8);
        }
        if (remaining > 8) {
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
        }
        for (int i = Math.min(remaining, 8) - 1; i >= 0; i--) {
            k1 ^= (data[tail + i] & 0xffL) << (i * 8);
        }
        if (remaining > 0) {
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    /** The 128-bit hash of all of {@code data} with seed 0. */
    public static long[] hash128(byte[] data) {
        return hash128(data, 0, data.length, 0);
    }

    private static long littleEndianLong(byte[] data, int at) {
        return (data[at] & 0xffL) | (data[at + 1] & 0xffL) << 8 | (data[at + 2] & 0xffL) << 16 | (data[at + 3] & 0xffL) << 24
                | (data[at + 4] & 0xffL) << 32 | (data[at + 5] & 0xffL) << 40 | (data[at + 6] & 0xffL) << 48 | (data[at + 7] & 0xffL) << 56;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
