package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTests {

    @Test
    void readsJsonIntoPlainJavaValues() {
        Map<String, Object> object = JsonValues.parseObject(
                "{\"s\":\"文本\",\"i\":42,\"big\":123456789012345678901234567890,\"d\":199.99,\"t\":true,\"n\":null,\"a\":[1,{\"k\":\"v\"}]}");

        assertThat(object).containsEntry("s", "文本").containsEntry("i", 42L).containsEntry("d", 199.99)
                .containsEntry("t", true).containsEntry("n", null)
                .containsEntry("big", new BigInteger("123456789012345678901234567890"));
        assertThat(object.get("a")).isEqualTo(List.of(1L, Map.of("k", "v")));
        assertThat(object.keySet()).containsExactly("s", "i", "big", "d", "t", "n", "a");
    }

    @Test
    void writesWhatItReads() {
        String json = "{\"s\":\"a\\\"b\\n😀\",\"i\":-7,\"d\":0.5,\"a\":[true,null,{\"x\":[]}],\"o\":{}}";

        assertThat(JsonValues.toJson(JsonValues.parseObject(json))).isEqualTo(json);
    }

    @Test
    void namesThePositionOfMalformedInput() {
        assertThatThrownBy(() -> JsonValues.parseObject("{\"a\": 1,\n \"b\": }")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> JsonValues.parseObject("{\"a\": 1")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> JsonValues.parseObject("{\"a\": 1} {")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("after the JSON object");
    }

    @Test
    void acceptsOnlyAnObjectAtTheTop() {
        assertThatThrownBy(() -> JsonValues.parseObject("[1, 2]")).hasMessageContaining("expected a JSON object, found an array");
        assertThatThrownBy(() -> JsonValues.parseObject("")).hasMessageContaining("empty input");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "{\"a\":".repeat(JsonValues.MAX_DEPTH + 1) + "1" + "}".repeat(JsonValues.MAX_DEPTH + 1);
        String allowed = "{\"a\":".repeat(JsonValues.MAX_DEPTH - 1) + "1" + "}".repeat(JsonValues.MAX_DEPTH - 1);

        assertThatThrownBy(() -> JsonValues.parseObject(deep)).isInstanceOf(MalformedJsonException.class).hasMessageContaining("depth");
        assertThat(JsonValues.parseObject(allowed)).containsKey("a");
    }

    @Test
    void reportsInvalidUtf8() {
        byte[] bytes = "{\"a\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        bytes[6] = (byte) 0xC3;

        assertThatThrownBy(() -> JsonValues.parseObject(bytes)).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("UTF-8");
    }
}
