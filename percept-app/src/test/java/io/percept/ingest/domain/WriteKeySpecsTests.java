package io.percept.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.percept.eventlog.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteKeySpecsTests {

    @Test
    void parsesCommaSeparatedDeclarations() {
        List<SourceSpec> specs = WriteKeySpecs.parse(" web-shop:web:key-web-123 , pos:Store:key-pos-456,");

        assertThat(specs).hasSize(2);
        assertThat(specs.get(0).name().value()).isEqualTo("web-shop");
        assertThat(specs.get(1).channel()).isEqualTo(Channel.STORE);
        assertThat(specs.get(1).writeKey().value()).isEqualTo("key-pos-456");
        assertThat(WriteKeySpecs.parse("")).isEmpty();
        assertThat(WriteKeySpecs.parse(null)).isEmpty();
    }

    @Test
    void namesTheBrokenEntry() {
        assertThatIllegalArgumentException().isThrownBy(() -> WriteKeySpecs.parse("a:web:key-aaaaaaa,b:web"))
                .withMessageContaining("entry 2").withMessageContaining("name:channel:key");
        assertThatIllegalArgumentException().isThrownBy(() -> WriteKeySpecs.parse("a:fax:key-aaaaaaa"))
                .withMessageContaining("entry 1").withMessageContaining("unknown channel 'fax'");
        assertThatIllegalArgumentException().isThrownBy(() -> WriteKeySpecs.parse("a:web:short")).withMessageContaining("8-128");
        assertThatIllegalArgumentException().isThrownBy(() -> WriteKeySpecs.parse("a:web:key-aaaaaaa,a:app:key-bbbbbbb"))
                .withMessageContaining("declared twice");
        assertThatIllegalArgumentException().isThrownBy(() -> WriteKeySpecs.parse("a:web:key-aaaaaaa,b:app:key-aaaaaaa"))
                .withMessageContaining("also used");
    }
}
