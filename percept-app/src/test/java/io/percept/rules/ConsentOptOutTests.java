package io.percept.rules;

import io.percept.PerceptApplication;
import io.percept.testing.TestServers;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ConsentEnforcement} with {@code percept.profile.consent: opt-out}. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsentOptOutTests extends ConsentEnforcement {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.segmentation.recompute-interval", () -> "0s");
        registry.add("percept.profile.consent", () -> "opt-out");
    }

    @Override
    boolean unknownAllowed() {
        return true;
    }
}
