package io.percept.rules.domain;

import io.percept.eventlog.Event;
import io.percept.segmentation.SegmentNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real-time rule: when a profile's event (or segment change) triggers it and its optional window
 * holds, the caller checks its optional condition and runs its actions. See
 * {@code docs/rules.md} for the document format.
 *
 * @param id          {@code [a-z0-9-]{1,64}}
 * @param name        a display name (any language); the id when the document has none
 * @param description free text; {@code null} for none
 * @param enabled     whether the rule runs (default {@code true})
 * @param when        the trigger
 * @param condition   the {@code if}: a condition in the segment language over the profile at firing
 *                    time, kept as text (the processor parses and evaluates it); {@code null} for none
 * @param window      the window; {@code null} for none
 * @param throttle    the throttle; {@code null} for none
 * @param actions     at least one action, run in order
 * @param declared    the purpose the document declares ({@code purpose: marketing|service}); {@code null} for
 *                    the default ({@link #purpose()})
 */
public record Rule(String id, String name, String description, boolean enabled, Trigger when, String condition, Window window,
        Throttle throttle, List<Action> actions, Purpose declared) {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final List<String> FIELDS = List.of("id", "name", "description", "enabled", "purpose", "when", "if", "window", "throttle",
            "actions");
    private static final List<String> TRIGGERS = List.of("event", "segment", "crosses");
    private static final List<String> WINDOWS = List.of("count", "sum", "absent");
    private static final List<String> ACTIONS = List.of("webhook", "emit", "setTraits", "tag", "segment", "alert", "kafka");

    public Rule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a rule id is 1 to 64 of a-z, 0-9 and -, got " + id);
        }
        name = name == null || name.isBlank() ? id : name;
        description = description == null || description.isBlank() ? null : description;
        condition = condition == null || condition.isBlank() ? null : condition.strip();
        Objects.requireNonNull(when, "when");
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one action");
        }
    }

    /** A rule of the default purpose. */
    public Rule(String id, String name, String description, boolean enabled, Trigger when, String condition, Window window, Throttle throttle,
            List<Action> actions) {
        this(id, name, description, enabled, when, condition, window, throttle, actions, null);
    }

    /** What the rule is for: as declared, else marketing when an action reaches outside Percept ({@link Purpose}). */
    public Purpose purpose() {
        return declared != null ? declared : Purpose.of(actions);
    }

    /** Whether any action needs cluster mode. */
    public boolean clusterOnly() {
        return actions.stream().anyMatch(Action::clusterOnly);
    }

    /**
     * The idempotency key of this rule's firing on {@code trigger}: {@code <rule id>:<message id>}.
     * It does not change when the rule is edited, so replaying the log after an edit cannot act
     * twice on the same event.
     */
    public String idempotencyKey(Event trigger) {
        return id + ":" + trigger.messageId().value();
    }

    /** The rule from an embedded-mode document (a {@code kafka} action is refused). */
    public static Rule fromDocument(Map<String, Object> document) {
        return fromDocument(document, false);
    }

    /**
     * The rule from a parsed JSON or YAML document (maps, lists, texts, numbers, booleans).
     *
     * @param cluster whether Percept runs in cluster mode, where {@code kafka} actions are allowed
     * @throws RuleValidationException naming the JSON path and the problem
     */
    public static Rule fromDocument(Map<String, Object> document, boolean cluster) {
        Node root = Node.root(document);
        root.object(FIELDS);
        Node idNode = root.field("id");
        String id = idNode.text();
        if (!ID.matcher(id).matches()) {
            throw idNode.error("expected 1 to 64 of a-z, 0-9 and -, got '" + id + "'");
        }
        Trigger when = trigger(root.field("when"));
        Node windowNode = root.field("window");
        Window window = windowNode.present() ? window(windowNode) : null;
        Node throttleNode = root.field("throttle");
        Throttle throttle = throttleNode.present() ? throttle(throttleNode) : null;
        List<Node> actionNodes = root.field("actions").list();
        if (actionNodes.isEmpty()) {
            throw root.field("actions").error("at least one action is required");
        }
        List<Action> actions = new ArrayList<>();
        for (Node actionNode : actionNodes) {
            actions.add(action(actionNode, cluster));
        }
        return new Rule(id, root.field("name").textOr(id), root.field("description").textOr(null), root.field("enabled").bool(true),
                when, root.field("if").textOr(null), window, throttle, actions, purpose(root.field("purpose")));
    }

    /** This rule as a document that {@link #fromDocument} reads back as an equal rule. */
    public Map<String, Object> toDocument() {
        return Documents.of("id", id, "name", name, "description", description, "enabled", enabled,
                "purpose", declared == null ? null : declared.wireName(), "when", when.toDocument(),
                "if", condition, "window", window == null ? null : window.toDocument(),
                "throttle", throttle == null ? null : throttle.toDocument(),
                "actions", actions.stream().map(Action::toDocument).toList());
    }

    private static Purpose purpose(Node node) {
        if (!node.present()) {
            return null;
        }
        String text = node.text();
        if (!text.equals("marketing") && !text.equals("service")) {
            throw node.error("expected marketing or service, got '" + text + "'");
        }
        return Purpose.valueOf(text.toUpperCase(Locale.ROOT));
    }

    private static Trigger trigger(Node when) {
        Node node = when.oneOf(TRIGGERS);
        if (node.key().equals("event")) {
            return new Trigger.OnEvent(EventMatch.parse(node));
        }
        if (node.key().equals("segment")) {
            node.object(List.of("name", "on"));
            Node on = node.field("on");
            String transition = on.textOr("entered");
            if (!transition.equals("entered") && !transition.equals("exited")) {
                throw on.error("expected entered or exited, got " + Node.describe(on.value()));
            }
            return new Trigger.OnSegment(node.field("name").text(), transition.equals("entered"));
        }
        Map<String, Object> fields = node.object(List.of("field", "above", "below"));
        if (fields.containsKey("above") == fields.containsKey("below")) {
            throw node.error("expected exactly one of above, below");
        }
        Node fieldNode = node.field("field");
        String field = fieldNode.text();
        if (!Trigger.OnCrossing.FIELD.matcher(field).matches()) {
            throw fieldNode.error("not a profile field name: '" + field + "'");
        }
        boolean above = fields.containsKey("above");
        return new Trigger.OnCrossing(field, node.field(above ? "above" : "below").number(), above);
    }

    private static Window window(Node windowNode) {
        Node node = windowNode.oneOf(WINDOWS);
        if (node.key().equals("absent")) {
            node.object(List.of("event", "within"));
            return new Window.Absent(EventMatch.parse(node.field("event")), node.field("within").duration(Window.MAX));
        }
        boolean count = node.key().equals("count");
        node.object(count ? List.of("event", "within", "atLeast") : List.of("event", "property", "within", "atLeast"));
        Node eventNode = node.field("event");
        EventMatch event = eventNode.present() ? EventMatch.parse(eventNode) : null;
        Duration within = node.field("within").duration(Window.MAX);
        if (count) {
            return new Window.Count(event, within, node.field("atLeast").wholeNumber(1, 10_000));
        }
        return new Window.Sum(event, EventPaths.check(node.field("property")), within, node.field("atLeast").number());
    }

    private static Throttle throttle(Node node) {
        node.object(List.of("max", "per"));
        return new Throttle(node.field("max").wholeNumber(1, 1000), node.field("per").duration(Throttle.LONGEST));
    }

    private static Action action(Node entry, boolean cluster) {
        Node node = entry.oneOf(ACTIONS);
        switch (node.key()) {
            case "webhook" -> {
                node.object(List.of("url", "secret", "timeout", "maxAttempts", "batch"));
                Node timeout = node.field("timeout");
                Node attempts = node.field("maxAttempts");
                Node batch = node.field("batch");
                return new Action.Webhook(url(node.field("url")), node.field("secret").textOr(null),
                        timeout.present() ? timeout.duration(Action.Webhook.LONGEST_TIMEOUT) : Action.Webhook.DEFAULT_TIMEOUT,
                        attempts.present() ? attempts.wholeNumber(1, 20) : Action.Webhook.DEFAULT_ATTEMPTS,
                        batch.present() ? batch.wholeNumber(1, Action.Webhook.LARGEST_BATCH) : 1);
            }
            case "emit" -> {
                node.object(List.of("event", "properties"));
                Node event = node.field("event");
                Templates.check(event.required());
                Node properties = node.field("properties");
                if (properties.present()) {
                    if (!(properties.value() instanceof Map<?, ?>)) {
                        throw properties.error("expected an object, got " + Node.describe(properties.value()));
                    }
                    Templates.check(properties);
                }
                return new Action.Emit(event.text(), properties.present() ? jsonObject(properties) : Map.of());
            }
            case "setTraits" -> {
                if (!(node.value() instanceof Map<?, ?> traits) || traits.isEmpty()) {
                    throw node.error("expected an object with at least one trait, got " + Node.describe(node.value()));
                }
                Templates.check(node);
                return new Action.SetTraits(jsonObject(node));
            }
            case "tag" -> {
                return tag(node);
            }
            case "segment" -> {
                Node name = node.oneOf(List.of("add", "remove", "reset"));
                if (!(name.value() instanceof String text) || !SegmentNames.valid(text)) {
                    throw name.error("expected a segment name (" + SegmentNames.RULE + "), got " + Node.describe(name.value()));
                }
                return new Action.Segment(text, Action.Segment.Change.valueOf(name.key().toUpperCase(Locale.ROOT)));
            }
            case "alert" -> {
                node.object(List.of("severity", "title", "message", "webhook", "secret"));
                Node severity = node.field("severity");
                String level = severity.textOr("medium");
                if (!List.of("low", "medium", "high", "critical").contains(level)) {
                    throw severity.error("unknown severity '" + level + "' (one of low medium high critical)");
                }
                Templates.check(node.field("title").required());
                Templates.check(node.field("message"));
                Node webhook = node.field("webhook");
                Node secret = node.field("secret");
                if (secret.present() && !webhook.present()) {
                    throw secret.error("a secret signs the alert's webhook, and there is none");
                }
                return new Action.Alert(Action.Severity.valueOf(level.toUpperCase(Locale.ROOT)), node.field("title").text(),
                        node.field("message").textOr(null), webhook.present() ? url(webhook) : null, secret.textOr(null));
            }
            default -> {
                if (!cluster) {
                    throw node.error("kafka actions need cluster mode (percept runs embedded)");
                }
                node.object(List.of("topic"));
                Node topic = node.field("topic");
                if (!Action.Kafka.TOPIC.matcher(topic.text()).matches()) {
                    throw topic.error("not a Kafka topic name (1 to 249 of A-Z a-z 0-9 . _ -): '" + topic.value() + "'");
                }
                return new Action.Kafka(topic.text());
            }
        }
    }

    /** {@code tag: {add: ..., remove: ...}}: each a tag or a list of them, at least one tag in all, at most {@value Action.Tag#MOST}. */
    private static Action.Tag tag(Node node) {
        node.object(List.of("add", "remove"));
        List<Node> add = node.field("add").listOrSingle();
        List<Node> remove = node.field("remove").listOrSingle();
        if (add.isEmpty() && remove.isEmpty()) {
            throw node.error("expected add, remove or both, each a tag or a list of tags");
        }
        if (add.size() + remove.size() > Action.Tag.MOST) {
            throw node.error("at most " + Action.Tag.MOST + " tags per action, got " + (add.size() + remove.size()));
        }
        List<String> added = tags(add);
        List<String> removed = tags(remove);
        for (int i = 0; i < remove.size(); i++) {
            if (added.contains(removed.get(i))) {
                throw remove.get(i).error("'" + removed.get(i) + "' is both added and removed");
            }
        }
        return new Action.Tag(added, removed);
    }

    private static List<String> tags(List<Node> nodes) {
        List<String> tags = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            if (!(node.value() instanceof String tag) || tag.isBlank() || tag.length() > Action.Tag.LONGEST) {
                throw node.error("expected a tag of 1 to " + Action.Tag.LONGEST + " characters, got " + Node.describe(node.value()));
            }
            if (SegmentNames.reserved(tag)) {
                throw node.error("'" + tag + "' is reserved: segment actions set the segment+: and segment-: tags");
            }
            Templates.check(node);
            tags.add(tag);
        }
        return tags;
    }

    private static URI url(Node node) {
        String text = node.text();
        try {
            URI url = new URI(text);
            if (url.isAbsolute() && url.getHost() != null && Arrays.asList("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
                return url;
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw node.error("expected an absolute http or https URL, got '" + text + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(Node node) {
        return (Map<String, Object>) node.json();
    }
}
