package io.percept.analytics.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprintSetTests {

    private record Pair(long hi, long lo) {
    }

    @Test
    void behavesLikeASetUnderRandomAddsAndRemoves() {
        SplittableRandom random = new SplittableRandom(3);
        FingerprintSet set = new FingerprintSet(4);
        Set<Pair> reference = new HashSet<>();
        Pair[] universe = new Pair[5_000];
        for (int i = 0; i < universe.length; i++) {
            // small hi values collide on purpose so probe runs get long
            universe[i] = new Pair(random.nextInt(64), random.nextLong());
        }
        universe[0] = new Pair(0, 0);
        for (int step = 0; step < 400_000; step++) {
            Pair pair = universe[random.nextInt(universe.length)];
            switch (random.nextInt(3)) {
                case 0 -> assertThat(set.add(pair.hi(), pair.lo())).isEqualTo(reference.add(pair));
                case 1 -> assertThat(set.remove(pair.hi(), pair.lo())).isEqualTo(reference.remove(pair));
                default -> assertThat(set.contains(pair.hi(), pair.lo())).isEqualTo(reference.contains(pair));
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        for (Pair pair : universe) {
            assertThat(set.contains(pair.hi(), pair.lo())).isEqualTo(reference.contains(pair));
        }
    }

    @Test
    void growsAndKeepsEverything() {
        FingerprintSet set = new FingerprintSet(16);
        for (long i = 1; i <= 1_000_000; i++) {
            assertThat(set.add(i * 0x9E3779B97F4A7C15L, i)).isTrue();
        }
        assertThat(set.size()).isEqualTo(1_000_000);
        assertThat(set.contains(500_000L * 0x9E3779B97F4A7C15L, 500_000L)).isTrue();
        assertThat(set.contains(42, 42)).isFalse();
        assertThat(set.memoryBytes()).isLessThanOrEqualTo(64L * 1_000_000);
    }
}
