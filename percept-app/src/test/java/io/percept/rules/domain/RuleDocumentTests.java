package io.percept.rules.domain;

import static io.percept.rules.domain.TestEvents.rule;
import static io.percept.rules.domain.TestEvents.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleDocumentTests {

    private static final String ACTIONS = "actions: [{kafka: {topic: percept.offers}}]\n";

    @Test
    void readsAnEventTriggerWithComparisonsAndEveryAction() {
        Rule rule = Rule.fromDocument(yaml("""
                id: cart-abandonment
                name: 购物车放弃挽回
                description: carts without orders
                enabled: false
                when:
                  event: {type: track, name: ["Product Added", "Cart Added"], channel: [web, app], where: [{property: "properties.price", op: ">=", value: 100}]}
                if: 'clv > 2000 and region = "华东"'
                throttle: {max: 1, per: 24h}
                actions:
                  - webhook: {url: "https://crm.example.com/hook", secret: s3cret, timeout: 5s, maxAttempts: 8}
                  - emit: {event: "Offer Issued", properties: {offer: CART10, product: "${event.properties.product_id}"}}
                  - setTraits: {vip: true, tags: [retention]}
                  - alert: {severity: high, title: "Cart of ${profile.name}", webhook: "https://chat.example.com/x", secret: k3y}
                  - kafka: {topic: percept.offers}
                """), true);

        assertThat(rule.id()).isEqualTo("cart-abandonment");
        assertThat(rule.name()).isEqualTo("购物车放弃挽回");
        assertThat(rule.enabled()).isFalse();
        assertThat(rule.condition()).isEqualTo("clv > 2000 and region = \"华东\"");
        assertThat(rule.when()).isEqualTo(new Trigger.OnEvent(new EventMatch(EventType.TRACK, List.of("Product Added", "Cart Added"),
                List.of(Channel.WEB, Channel.APP), List.of(new Comparison("properties.price", Operator.GREATER_OR_EQUAL, 100L)))));
        assertThat(rule.throttle()).isEqualTo(new Throttle(1, Duration.ofHours(24)));
        assertThat(rule.window()).isNull();
        assertThat(rule.actions()).containsExactly(
                new Action.Webhook(URI.create("https://crm.example.com/hook"), "s3cret", Duration.ofSeconds(5), 8),
                new Action.Emit("Offer Issued", Map.of("offer", "CART10", "product", "${event.properties.product_id}")),
                new Action.SetTraits(Map.of("vip", true, "tags", List.of("retention"))),
                new Action.Alert(Action.Severity.HIGH, "Cart of ${profile.name}", null, URI.create("https://chat.example.com/x"), "k3y"),
                new Action.Kafka("percept.offers"));
        assertThat(rule.clusterOnly()).isTrue();
        assertThat(Rule.fromDocument(rule.toDocument(), true)).isEqualTo(rule);
    }

    @Test
    void readsSegmentAndCrossingTriggers() {
        Rule exited = rule("id: r\nwhen: {segment: {name: at-risk, on: exited}}\n" + "actions: [{setTraits: {saved: true}}]\n");
        Rule crossing = rule("id: r\nwhen: {crosses: {field: churnRisk, above: 0.7}}\nactions: [{setTraits: {saved: true}}]\n");
        Rule below = rule("id: r\nwhen: {crosses: {field: clv, below: 100}}\nactions: [{setTraits: {saved: true}}]\n");

        assertThat(exited.when()).isEqualTo(new Trigger.OnSegment("at-risk", false));
        assertThat(rule("id: r\nwhen: {segment: {name: at-risk}}\nactions: [{setTraits: {a: 1}}]").when())
                .isEqualTo(new Trigger.OnSegment("at-risk", true));
        assertThat(((Trigger.OnCrossing) crossing.when()).segmentName()).isEqualTo("crossing-churnRisk-above-0_7");
        assertThat(((Trigger.OnCrossing) crossing.when()).definition()).isEqualTo("churnRisk > 0.7");
        assertThat(((Trigger.OnCrossing) below.when()).segmentName()).isEqualTo("crossing-clv-below-100");
        assertThat(((Trigger.OnCrossing) below.when()).definition()).isEqualTo("clv < 100");
        for (Rule rule : List.of(exited, crossing, below)) {
            assertThat(Rule.fromDocument(rule.toDocument())).isEqualTo(rule);
        }
    }

    @Test
    void readsEachWindow() {
        Rule count = rule("id: r\nwhen: {event: {name: Page Viewed}}\nwindow: {count: {event: {name: Page Viewed}, within: 1h, atLeast: 5}}\n"
                + "actions: [{setTraits: {engaged: true}}]");
        Rule sum = rule("id: r\nwhen: {event: {name: Order Completed}}\nwindow: {sum: {property: properties.revenue, within: 7d, atLeast: 500}}\n"
                + "actions: [{setTraits: {big: true}}]");
        Rule absent = rule("id: r\nwhen: {event: {name: Cart Added}}\nwindow: {absent: {event: {name: Order Completed}, within: 2h}}\n"
                + "actions: [{setTraits: {cart: open}}]");

        assertThat(count.window()).isEqualTo(new Window.Count(EventMatch.named("Page Viewed"), Duration.ofHours(1), 5));
        assertThat(sum.window()).isEqualTo(new Window.Sum(null, "properties.revenue", Duration.ofDays(7), 500));
        assertThat(absent.window()).isEqualTo(new Window.Absent(EventMatch.named("Order Completed"), Duration.ofHours(2)));
        for (Rule rule : List.of(count, sum, absent)) {
            assertThat(Rule.fromDocument(rule.toDocument())).isEqualTo(rule);
        }
    }

    @Test
    void fillsDefaults() {
        Rule rule = rule("id: r\nwhen: {event: {name: x}}\nactions: [{webhook: {url: 'http://h/x'}}, {alert: {title: t}}]");

        assertThat(rule.name()).isEqualTo("r");
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.actions()).containsExactly(new Action.Webhook(URI.create("http://h/x"), null, Duration.ofSeconds(5), 8),
                new Action.Alert(Action.Severity.MEDIUM, "t", null, null, null));
        assertThat(rule.toDocument()).containsEntry("enabled", true).doesNotContainKeys("description", "if", "window", "throttle");
        assertThat(rule("id: r\nwhen: {event: {name: x}}\nactions: [{webhook: {url: 'http://h/x', batch: 100}}]").actions())
                .containsExactly(new Action.Webhook(URI.create("http://h/x"), null, Duration.ofSeconds(5), 8, 100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            missing id                | when: {event: {name: x}}                                          | $.id: required
            bad id                    | id: Cart_1                                                        | $.id: expected 1 to 64 of a-z, 0-9 and -, got 'Cart_1'
            unknown top-level field   | id: r\\nwhn: {}                                                   | $.whn: unknown field (one of
            missing when              | id: r                                                             | $.when: required
            two triggers              | id: r\\nwhen: {event: {name: x}, segment: {name: s}}              | $.when: expected exactly one of event, segment, crosses, got event, segment
            unknown operator          | id: r\\nwhen: {event: {where: [{property: properties.a, op: '=', value: 1}, {property: properties.b, op: '~=', value: 2}]}} | $.when.event.where[1].op: unknown operator '~=' (one of = != > >= < <= in exists contains)
            unknown path              | id: r\\nwhen: {event: {where: [{property: price, op: '=', value: 1}]}} | $.when.event.where[0].property: unknown event path 'price'
            in without list           | id: r\\nwhen: {event: {where: [{property: properties.a, op: in, value: 1}]}} | $.when.event.where[0].value: 'in' needs a non-empty list
            unknown channel           | id: r\\nwhen: {event: {channel: [web, fax]}}                      | $.when.event.channel[1]: unknown channel 'fax' (one of web, app,
            unknown type              | id: r\\nwhen: {event: {type: click}}                              | $.when.event.type: unknown event type 'click'
            segment transition        | id: r\\nwhen: {segment: {name: s, on: left}}                      | $.when.segment.on: expected entered or exited, got 'left'
            crossing both ways        | id: r\\nwhen: {crosses: {field: churnRisk, above: 0.7, below: 0.2}} | $.when.crosses: expected exactly one of above, below
            bad duration              | id: r\\nwhen: {event: {name: x}}\\nwindow: {count: {within: 1 hour, atLeast: 5}} | $.window.count.within: expected a duration like 30s, 10m, 2h or 7d, got '1 hour'
            too long window           | id: r\\nwhen: {event: {name: x}}\\nwindow: {absent: {event: {name: y}, within: 90d}} | $.window.absent.within: expected a duration above 0 and at most 31d
            absent without event      | id: r\\nwhen: {event: {name: x}}\\nwindow: {absent: {within: 2h}} | $.window.absent.event: required
            fractional count          | id: r\\nwhen: {event: {name: x}}\\nwindow: {count: {within: 2h, atLeast: 2.5}} | $.window.count.atLeast: expected a whole number from 1 to 10000, got 2.5
            throttle max              | id: r\\nwhen: {event: {name: x}}\\nthrottle: {max: 0, per: 1d}    | $.throttle.max: expected a whole number from 1 to 1000, got 0
            no actions                | id: r\\nwhen: {event: {name: x}}\\nactions: []                    | $.actions: at least one action is required
            two kinds in one action   | id: r\\nwhen: {event: {name: x}}\\nactions: [{emit: {event: e}, setTraits: {a: 1}}] | $.actions[0]: expected exactly one of webhook, emit, setTraits, tag, segment, alert, kafka, got emit, setTraits
            webhook url               | id: r\\nwhen: {event: {name: x}}\\nactions: [{webhook: {url: 'ftp://h/x'}}] | $.actions[0].webhook.url: expected an absolute http or https URL, got 'ftp://h/x'
            webhook batch             | id: r\\nwhen: {event: {name: x}}\\nactions: [{webhook: {url: 'https://h/x', batch: 5000}}] | $.actions[0].webhook.batch: expected a whole number from 1 to 1000, got 5000
            webhook attempts          | id: r\\nwhen: {event: {name: x}}\\nactions: [{webhook: {url: 'https://h/x', maxAttempts: 50}}] | $.actions[0].webhook.maxAttempts: expected a whole number from 1 to 20, got 50
            unknown placeholder       | id: r\\nwhen: {event: {name: x}}\\nactions: [{emit: {event: e, properties: {a: {b: '${order.id}'}}}}] | $.actions[0].emit.properties.a.b: unknown placeholder '${order.id}'
            unclosed placeholder      | id: r\\nwhen: {event: {name: x}}\\nactions: [{alert: {title: 'Hi ${profile.name'}}] | $.actions[0].alert.title: unclosed placeholder '${profile.name'
            severity                  | id: r\\nwhen: {event: {name: x}}\\nactions: [{alert: {severity: urgent, title: t}}] | $.actions[0].alert.severity: unknown severity 'urgent' (one of low medium high critical)
            alert secret, no webhook  | id: r\\nwhen: {event: {name: x}}\\nactions: [{alert: {title: t, secret: s3}}] | $.actions[0].alert.secret: a secret signs the alert's webhook, and there is none
            kafka in embedded mode    | id: r\\nwhen: {event: {name: x}}\\nactions: [{kafka: {topic: t}}] | $.actions[0].kafka: kafka actions need cluster mode
            empty traits              | id: r\\nwhen: {event: {name: x}}\\nactions: [{setTraits: {}}]     | $.actions[0].setTraits: expected an object with at least one trait, got an object
            enabled not boolean       | id: r\\nenabled: 'yes'\\nwhen: {event: {name: x}}\\nactions: [{setTraits: {a: 1}}] | $.enabled: expected true or false, got 'yes'
            """)
    void reportsThePathAndTheProblem(String problem, String document, String message) {
        String yaml = document.replace("\\n", "\n");
        if (!yaml.contains("actions:")) {
            yaml += "\n" + ACTIONS;
        }
        Map<String, Object> parsed = yaml(yaml);

        assertThatThrownBy(() -> Rule.fromDocument(parsed)).isInstanceOf(RuleValidationException.class).hasMessageStartingWith(message);
    }

    @Test
    void theExceptionCarriesThePath() {
        assertThatThrownBy(() -> rule("id: r\nwhen: {event: {name: x}}\nthrottle: {max: 1, per: 0s}\n" + ACTIONS))
                .isInstanceOfSatisfying(RuleValidationException.class, invalid -> assertThat(invalid.path()).isEqualTo("$.throttle.per"));
    }

    @Test
    void everyShippedExampleIsAValidRuleThatRoundTrips() throws IOException {
        Path examples = Path.of("src/main/resources/rules/examples");
        List<Path> files;
        try (Stream<Path> listing = Files.list(examples)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(files).hasSize(5);
        for (Path file : files) {
            Rule rule = Rule.fromDocument(yaml(Files.readString(file)));
            assertThat(file.getFileName().toString()).isEqualTo(rule.id() + ".yaml");
            assertThat(Rule.fromDocument(rule.toDocument())).isEqualTo(rule);
        }
    }

    @Test
    void aRuleIsMarketingWhenItReachesOutUnlessItSaysOtherwise() {
        String when = "when: {event: {name: Cart Viewed}}\n";
        assertThat(Rule.fromDocument(yaml("id: a\n" + when + "actions: [{webhook: {url: 'https://crm.example.com/h'}}]")).purpose())
                .isEqualTo(Purpose.MARKETING);
        assertThat(Rule.fromDocument(yaml("id: b\n" + when + "actions: [{emit: {event: Offer Issued}}]")).purpose()).isEqualTo(Purpose.MARKETING);
        assertThat(Rule.fromDocument(yaml("id: c\n" + when + "actions: [{alert: {title: Complaint}}, {tag: {add: follow-up}}]")).purpose())
                .isEqualTo(Purpose.SERVICE);
        Rule ticket = Rule.fromDocument(yaml("id: d\npurpose: service\n" + when + "actions: [{webhook: {url: 'https://tickets.example.com/h'}}]"));
        assertThat(ticket.purpose()).isEqualTo(Purpose.SERVICE);
        assertThat(Rule.fromDocument(ticket.toDocument())).isEqualTo(ticket);
        assertThat(ticket.toDocument()).containsEntry("purpose", "service");
        Rule campaign = Rule.fromDocument(yaml("id: e\npurpose: marketing\n" + when + "actions: [{tag: {add: campaign}}]"));
        assertThat(campaign.purpose()).isEqualTo(Purpose.MARKETING);
        assertThat(Rule.fromDocument(yaml("id: f\n" + when + "actions: [{tag: {add: x}}]")).toDocument()).doesNotContainKey("purpose");
        assertThatThrownBy(() -> Rule.fromDocument(yaml("id: g\npurpose: sales\n" + when + "actions: [{tag: {add: x}}]")))
                .isInstanceOfSatisfying(RuleValidationException.class, invalid -> assertThat(invalid.path()).isEqualTo("$.purpose"))
                .hasMessageContaining("expected marketing or service");
    }
}
