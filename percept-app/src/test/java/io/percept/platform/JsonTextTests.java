package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/** The hand-written JSON writer matches Jackson's generator and reads back to the same values. */
class JsonTextTests {

    @Test
    void escapesStringsExactlyAsJackson() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(switch (random.nextInt(6)) {
                    case 0 -> (char) random.nextInt(0x20);
                    case 1 -> "\"\\/";
                    case 2 -> "电池续航";
                    case 3 -> "😀";
                    case 4 -> (char) (0x7F + random.nextInt(0x80));
                    default -> "plain";
                });
            }
            StringBuilder ours = new StringBuilder();
            JsonText.appendString(ours, text.toString());
            assertThat(ours.toString()).isEqualTo(jackson(text.toString()));
        }
    }

    @Test
    void writesEveryPlainTypeAndReadsBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "line\nbreak \"quoted\"");
        value.put("long", -9_007_199_254_740_993L);
        value.put("double", 21.5);
        value.put("tiny", 1.0E-7);
        value.put("big", new BigInteger("123456789012345678901234567890"));
        value.put("decimal", new BigDecimal("12.50"));
        value.put("yes", true);
        value.put("nothing", null);
        value.put("list", new ArrayList<>(List.of(1L, "two", List.of(), Map.of())));
        value.put("nested", new LinkedHashMap<>(Map.of("a", new LinkedHashMap<>(Map.of("b", 2L)))));
        String json = JsonText.of(value);
        assertThat(json).startsWith("{\"text\":\"line\\nbreak \\\"quoted\\\"\",\"long\":-9007199254740993,\"double\":21.5,\"tiny\":1.0E-7,");
        Map<String, Object> back = JsonValues.parseObject(json);
        assertThat(back.get("list")).isEqualTo(value.get("list"));
        assertThat(back.get("nested")).isEqualTo(value.get("nested"));
        assertThat(back.get("big")).isEqualTo(value.get("big"));
        assertThat(back.get("tiny")).isEqualTo(1.0E-7);
        assertThat(JsonText.of(Instant.parse("2026-11-27T08:30:00.120Z"))).isEqualTo("\"2026-11-27T08:30:00.120Z\"");
        assertThat(JsonText.of(List.of(Double.NaN, Double.POSITIVE_INFINITY))).isEqualTo("[null,null]");
    }

    private static String jackson(String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JsonValues.factory().createGenerator(ObjectWriteContext.empty(), out)) {
            generator.writeString(text);
        }
        return out.toString();
    }
}
