package io.percept.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hold-out depends on the text and the seed only, and holds out about the fraction asked. */
class HeldOutTests {

    @Test
    void holdsOutAboutTheFractionAskedAndTheSameTextAlways() {
        int held = 0;
        for (int i = 0; i < 100_000; i++) {
            held += HeldOut.isHeldOut("评论 " + i) ? 1 : 0;
        }
        assertThat(held / 100_000.0).isBetween(0.195, 0.205);
        assertThat(HeldOut.isHeldOut("物流很快")).isEqualTo(HeldOut.isHeldOut(new String("物流很快")));
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            differ += HeldOut.isHeldOut("text " + i, 7, 0.5) != HeldOut.isHeldOut("text " + i, 8, 0.5) ? 1 : 0;
        }
        assertThat(differ).as("another seed, another split").isBetween(400, 600);
        assertThatThrownBy(() -> HeldOut.isHeldOut("x", 7, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
