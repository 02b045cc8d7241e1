package io.percept.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class EventTests {

    private static Event.Builder a(EventType type) {
        return Event.builder(type, new MessageId("m-1"), TestEvents.SOURCE, Channel.WEB).receivedAt(TestEvents.T0);
    }

    @Test
    void needsAnIdentity() {
        assertThatIllegalArgumentException().isThrownBy(() -> a(EventType.PAGE).build()).withMessageContaining("userId or an anonymousId");
    }

    @Test
    void enforcesWhatEachCallTypeRequires() {
        assertThatIllegalArgumentException().isThrownBy(() -> a(EventType.TRACK).userId("u").build()).withMessageContaining("event name");
        assertThatIllegalArgumentException().isThrownBy(() -> a(EventType.ALIAS).userId("u").build()).withMessageContaining("previousId");
        assertThatIllegalArgumentException().isThrownBy(() -> a(EventType.GROUP).userId("u").build()).withMessageContaining("groupId");
    }

    @Test
    void defaultsTheTimestampToReceiptAndAttributesToEmpty() {
        Event event = a(EventType.IDENTIFY).anonymousId("a").build();

        assertThat(event.timestamp()).isEqualTo(TestEvents.T0);
        assertThat(event.properties()).isSameAs(Attributes.EMPTY);
        assertThat(event.extra().isEmpty()).isTrue();
    }

    @Test
    void validatesItsIdentifiers() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MessageId(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> new MessageId("x".repeat(MessageId.MAX_LENGTH + 1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceName("Web Shop")).withMessageContaining("lower-case");
        assertThat(new SourceName("web_shop-2").value()).isEqualTo("web_shop-2");
        assertThat(Channel.parse("ECommerce")).isEqualTo(Channel.ECOMMERCE);
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.parse("fax")).withMessageContaining("web, app, ecommerce");
    }
}
