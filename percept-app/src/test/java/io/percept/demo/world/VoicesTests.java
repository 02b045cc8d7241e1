package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.percept.demo.world.Reviews.Aspect;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tickets, posts, survey answers and sales notes read like their writers, agree with what happened and vary. */
class VoicesTests {

    private static final String CJK = "[\\p{IsHan}，。！？：]";
    private static final Catalogue.Product WATCH = product("QH-WT-01");
    private static final List<String> STAGES = List.of("lead", "proposal", "negotiation", "won", "lost");

    private static Catalogue.Product product(String sku) {
        return Catalogue.products().stream().filter(product -> product.sku().equals(sku)).findFirst().orElseThrow();
    }

    private static Map<Aspect, Integer> anExperience(SplittableRandom random) {
        Map<Aspect, Integer> experience = new EnumMap<>(Aspect.class);
        int count = 1 + random.nextInt(3);
        while (experience.size() < count) {
            experience.put(Aspect.values()[random.nextInt(Aspect.values().length)], random.nextDouble() < 0.6 ? 1 : -1);
        }
        return experience;
    }

    private static void assertWellFormed(String text, boolean english) {
        assertThat(text).isNotBlank().doesNotContain("{", "}");
        if (english) {
            assertThat(text).doesNotContainPattern(CJK);
        } else {
            assertThat(text).containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void theSameRandomStreamWritesTheSameTexts() {
        Map<Aspect, Integer> experience = Map.of(Aspect.LOGISTICS, -1, Aspect.QUALITY, 1);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(texts(experience, new SplittableRandom(seed))).isEqualTo(texts(experience, new SplittableRandom(seed)));
        }
    }

    private static List<String> texts(Map<Aspect, Integer> experience, SplittableRandom random) {
        return List.of(Voices.ticketSubject(Aspect.SERVICE, false, random), Voices.ticket(Aspect.PRICE, WATCH, true, random),
                Voices.fault("W-SYNC-02", WATCH, false, random), Voices.social(experience, WATCH, false, random),
                Voices.salesNote(Catalogue.WASHERS, "lost", "海川", 0.8, random), Voices.surveyVerbatim(7, "nps", experience, true, random));
    }

    @Test
    void everyAspectInEitherLanguageGivesAFilledTicket() {
        SplittableRandom random = new SplittableRandom(3);
        for (Aspect aspect : Aspect.values()) {
            for (boolean english : new boolean[] {false, true}) {
                for (int i = 0; i < 200; i++) {
                    Catalogue.Product product = Catalogue.products().get(random.nextInt(Catalogue.products().size()));
                    assertWellFormed(Voices.ticketSubject(aspect, english, random), english);
                    assertWellFormed(Voices.ticket(aspect, product, english, random), english);
                }
            }
        }
    }

    @Test
    void ticketsVaryCombinatorially() {
        for (boolean english : new boolean[] {false, true}) {
            SplittableRandom random = new SplittableRandom(5);
            Set<String> texts = new HashSet<>();
            for (int i = 0; i < 2_000; i++) {
                texts.add(Voices.ticket(Aspect.QUALITY, WATCH, english, random));
            }
            assertThat(texts.size()).as("distinct of 2,000 tickets, english %s", english).isGreaterThan(600);
            assertThat(texts).anyMatch(text -> text.contains(Voices.name(WATCH, english)))
                    .anyMatch(text -> !text.contains(Voices.name(WATCH, english)));
        }
    }

    @Test
    void connectedCategoriesHaveErrorCodesThatFaultTicketsQuote() {
        SplittableRandom random = new SplittableRandom(8);
        for (Catalogue.Category category : Catalogue.categories()) {
            List<String> codes = Voices.errorCodes(category);
            assertThat(codes.isEmpty()).as(category.id()).isEqualTo(!category.connected());
            for (Catalogue.Product product : Catalogue.products()) {
                if (!product.category().equals(category)) {
                    continue;
                }
                for (String code : codes) {
                    for (boolean english : new boolean[] {false, true}) {
                        String text = Voices.fault(code, product, english, random);
                        assertWellFormed(text, english);
                        assertThat(text).contains(code, Voices.name(product, english));
                    }
                }
            }
        }
        assertThat(Voices.errorCodes(Catalogue.ROBOT_VACUUMS)).contains("RV-E01", "RV-E07");
        assertThat(Voices.fault("X-99", WATCH, true, random)).contains("X-99", "stopped working");
    }

    @Test
    void englishProductNamesAreLatin() {
        for (Catalogue.Product product : Catalogue.products()) {
            assertThat(Voices.name(product, true)).startsWith("Qinghe").doesNotContainPattern(CJK);
        }
        assertThat(Voices.name(product("QH-RV-01"), true)).isEqualTo("Qinghe S7 robot vacuum");
        assertThat(Voices.name(WATCH, true)).isEqualTo("Qinghe Watch 4");
    }

    @Test
    void postsAreNegativeAfterAnyBadExperienceAndVary() {
        SplittableRandom random = new SplittableRandom(13);
        Set<String> texts = new HashSet<>();
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            Map<Aspect, Integer> experience = anExperience(random);
            boolean english = random.nextDouble() < 0.2;
            String text = Voices.social(experience, WATCH, english, random);
            assertWellFormed(text, english);
            assertThat(text).contains("#");
            if (!english) {
                boolean bad = experience.containsValue(-1);
                assertThat(text).as(text).containsAnyOf(bad ? new String[] {"避雷", "拔草", "无语", "慎买", "踩雷"}
                        : new String[] {"真香", "种草", "冲", "yyds", "安利"});
            }
            texts.add(text);
        }
        assertThat(texts.size()).as("distinct of %s posts", n).isGreaterThan(n * 4 / 10);
    }

    @Test
    void salesNotesNameTheCompetitorOnlyWhenThereIsOne() {
        SplittableRandom random = new SplittableRandom(17);
        int priceObjections = 0;
        for (Catalogue.Category category : Catalogue.categories()) {
            for (String stage : STAGES) {
                for (int i = 0; i < 100; i++) {
                    String competitor = Voices.COMPETITORS.get(random.nextInt(Voices.COMPETITORS.size()));
                    String with = Voices.salesNote(category, stage, competitor, random.nextDouble(), random);
                    String without = Voices.salesNote(category, stage, null, 0.9, random);
                    assertWellFormed(with, false);
                    assertWellFormed(without, false);
                    assertThat(with).contains(competitor);
                    assertThat(without).doesNotContain(Voices.COMPETITORS.toArray(String[]::new));
                    priceObjections += without.contains("价格") || without.contains("预算") ? 1 : 0;
                    if (stage.equals("lost")) {
                        assertThat(without).contains("丢单");
                    }
                }
            }
        }
        assertThat(priceObjections).as("price-sensitive customers object to price").isGreaterThan(8 * 5 * 100 * 7 / 10);
        assertThatIllegalArgumentException().isThrownBy(() -> Voices.salesNote(Catalogue.PHONES, "maybe", null, 0.5, random));
    }

    @Test
    void surveyAnswersAgreeWithTheScore() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 5_000; i++) {
            Map<Aspect, Integer> experience = anExperience(random);
            boolean english = random.nextBoolean();
            int nps = random.nextInt(11);
            int csat = 1 + random.nextInt(5);
            String npsText = Voices.surveyVerbatim(nps, "nps", experience, english, random);
            String csatText = Voices.surveyVerbatim(csat, "csat", experience, english, random);
            assertWellFormed(npsText, english);
            assertWellFormed(csatText, english);
            if (nps <= 6) {
                assertThat(npsText).as("detractor %s", nps).doesNotContain(Voices.praiseVerbatims(english).toArray(String[]::new));
            }
            if (csat <= 2) {
                assertThat(csatText).as("csat %s", csat).doesNotContain(Voices.praiseVerbatims(english).toArray(String[]::new));
            }
        }
        Map<Aspect, Integer> badService = Map.of(Aspect.SERVICE, -1);
        assertThat(Voices.surveyVerbatim(10, "nps", badService, false, random)).isIn(Voices.praiseVerbatims(false));
        assertThatIllegalArgumentException().isThrownBy(() -> Voices.surveyVerbatim(0, "csat", badService, false, random));
        assertThatIllegalArgumentException().isThrownBy(() -> Voices.surveyVerbatim(11, "nps", badService, false, random));
    }

    @Test
    void surveyAnswersNameWhatWentWrong() {
        SplittableRandom random = new SplittableRandom(23);
        Map<Aspect, Integer> badService = Map.of(Aspect.SERVICE, -1, Aspect.QUALITY, 1);
        long namingService = 0;
        for (int i = 0; i < 500; i++) {
            String text = Voices.surveyVerbatim(1, "csat", badService, false, random);
            namingService += text.contains("客服") ? 1 : 0;
            assertThat(text).doesNotContain("质量");
        }
        assertThat(namingService).isGreaterThan(300);
    }
}
