package io.percept.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributesTests {

    @Test
    void copiesDeeplyAndNormalisesNumbers() {
        Map<String, Object> source = new LinkedHashMap<>();
        List<Object> items = new ArrayList<>(List.of(Map.of("q", 2)));
        source.put("count", 3);
        source.put("ratio", 0.5f);
        source.put("items", items);

        Attributes attributes = Attributes.copyOf(source);
        items.add("later");

        assertThat(attributes.get("count")).isEqualTo(3L);
        assertThat(attributes.get("ratio")).isEqualTo(0.5);
        assertThat((List<?>) attributes.get("items")).hasSize(1).first().isEqualTo(Map.of("q", 2L));
        assertThatThrownBy(() -> ((List<Object>) attributes.get("items")).add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.asMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesThePathOfAnUnsupportedValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> Attributes.copyOf(Map.of("a", Map.of("b", List.of(new Object())))))
                .withMessageContaining("a.b[0]");
    }

    @Test
    void adoptsAFreshTreeReadOnlyAndCopiesOneWithImmutableParts() {
        Map<String, Object> fresh = new LinkedHashMap<>();
        fresh.put("nested", new LinkedHashMap<>(Map.of("x", 1L)));
        Attributes adopted = Attributes.adopt(fresh);
        Attributes copied = Attributes.adopt(new LinkedHashMap<>(Map.of("list", List.of(Map.of("y", 2L)))));

        assertThatThrownBy(() -> ((Map<String, Object>) adopted.get("nested")).put("z", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(copied.path("list")).isEqualTo(List.of(Map.of("y", 2L)));
    }

    @Test
    void readsTypedValuesAndPaths() {
        Attributes attributes = Attributes.copyOf(Map.of("price", "199.00", "n", 3, "device", Map.of("id", "d-1", "os", Map.of("name", "iOS"))));

        assertThat(attributes.number("price")).hasValue(199.0);
        assertThat(attributes.number("device")).isEmpty();
        assertThat(attributes.string("n")).hasValue("3");
        assertThat(attributes.path("device.os.name")).isEqualTo("iOS");
        assertThat(attributes.path("device.missing.name")).isNull();
        assertThat(attributes.object("device").string("id")).hasValue("d-1");
        assertThat(attributes.object("price")).isSameAs(Attributes.EMPTY);
    }
}
