package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reviews say what happened, with stars that agree, and vary enough to be worth learning from. */
class ReviewsTests {

    private static Map<Reviews.Aspect, Integer> experience(SplittableRandom random) {
        Map<Reviews.Aspect, Integer> experience = new EnumMap<>(Reviews.Aspect.class);
        int count = 1 + random.nextInt(3);
        Reviews.Aspect[] aspects = Reviews.Aspect.values();
        while (experience.size() < count) {
            experience.put(aspects[random.nextInt(aspects.length)], random.nextDouble() < 0.65 ? 1 : -1);
        }
        return experience;
    }

    @Test
    void starsAgreeWithWhatHappenedAndTextsVary() {
        SplittableRandom random = new SplittableRandom(21);
        Set<String> texts = new HashSet<>();
        int mixed = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            Map<Reviews.Aspect, Integer> experience = experience(random);
            boolean english = random.nextDouble() < 0.1;
            Reviews.Review review = Reviews.write(experience, english, random);
            texts.add(review.text());
            boolean good = experience.containsValue(1);
            boolean bad = experience.containsValue(-1);
            assertThat(review.text()).doesNotContain("{}").isNotBlank();
            if (good && !bad) {
                assertThat(review.stars()).as(review.text()).isBetween(4, 5);
            } else if (bad && !good) {
                assertThat(review.stars()).as(review.text()).isBetween(1, 2);
            } else {
                mixed++;
                assertThat(review.stars()).as(review.text()).isBetween(2, 4);
                assertThat(review.text()).as("a mixed review turns somewhere").containsAnyOf("但是", "不过", ", but ");
            }
            if (!english) {
                assertThat(review.text()).containsPattern("\\p{IsHan}");
            }
        }
        assertThat(mixed).isGreaterThan(n / 10);
        assertThat(texts.size()).as("distinct texts of %s reviews", n).isGreaterThan(n * 6 / 10);
    }

    @Test
    void theSameRandomStreamWritesTheSameReview() {
        Map<Reviews.Aspect, Integer> experience = Map.of(Reviews.Aspect.LOGISTICS, -1, Reviews.Aspect.QUALITY, 1, Reviews.Aspect.PRICE, 1);
        assertThat(Reviews.write(experience, false, new SplittableRandom(4))).isEqualTo(Reviews.write(experience, false,
                new SplittableRandom(4)));
    }
}
