package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each mode counts a consent given, refused or never stated, on single profiles and over all of them. */
class ConsentModeTests {

    /** Profiles 1 (consent given), 2 (refused), 3 (never stated). */
    private static final Map<Long, Boolean> PROFILING = new java.util.HashMap<>(Map.of(1L, true, 2L, false));

    private static final ProfileReader PROFILES = new ProfileReader() {
        @Override
        public int forEach(Profiles.ProfileVisitor visitor) {
            for (long id = 1; id <= 3; id++) {
                long current = id;
                visitor.visit(id, field -> field.equals("profilingConsent") || field.equals("marketingConsent") ? PROFILING.get(current) : null);
            }
            return 3;
        }

        @Override
        public void forEach(long[] ids, Profiles.ProfileVisitor visitor) {
            for (long id : ids) {
                if (id >= 1 && id <= 3) {
                    visitor.visit(id, field -> field.endsWith("Consent") ? PROFILING.get(id) : null);
                }
            }
        }

        @Override
        public int count() {
            return 3;
        }

        @Override
        public Map<Long, String[]> eventIds(long[] ids) {
            return Map.of();
        }
    };

    @Test
    void optOutAllowsAllButARefusal() {
        assertThat(ConsentMode.OPT_OUT.allows(null)).isTrue();
        assertThat(ConsentMode.OPT_OUT.allows(true)).isTrue();
        assertThat(ConsentMode.OPT_OUT.allows(false)).isFalse();
        assertThat(ConsentMode.OPT_OUT.allowsMarketing(PROFILES, 3)).isTrue();
        assertThat(ConsentMode.OPT_OUT.allowsMarketing(PROFILES, 2)).isFalse();
        assertThat(ConsentMode.OPT_OUT.withoutProfiling(PROFILES)).containsExactly(2);
        int[] visited = {0};
        new ProfilingConsented(PROFILES, ConsentMode.OPT_OUT).forEach((id, facts) -> visited[0]++);
        assertThat(visited[0]).isEqualTo(2);
    }

    @Test
    void optInAllowsOnlyAGrant() {
        assertThat(ConsentMode.OPT_IN.allows(null)).isFalse();
        assertThat(ConsentMode.OPT_IN.allows(true)).isTrue();
        assertThat(ConsentMode.OPT_IN.allows(false)).isFalse();
        assertThat(ConsentMode.OPT_IN.allowsProfiling(PROFILES, 1)).isTrue();
        assertThat(ConsentMode.OPT_IN.allowsProfiling(PROFILES, 3)).isFalse();
        assertThat(ConsentMode.OPT_IN.allowsProfiling(PROFILES, 0)).as("no profile").isFalse();
        assertThat(ConsentMode.OPT_IN.withoutProfiling(PROFILES)).containsExactly(2, 3);
        java.util.List<Long> members = new java.util.ArrayList<>();
        new ProfilingConsented(PROFILES, ConsentMode.OPT_IN).forEach(new long[] {1, 2, 3}, (id, facts) -> members.add(id));
        assertThat(members).containsExactly(1L);
    }
}
