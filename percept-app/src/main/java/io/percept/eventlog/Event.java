package io.percept.eventlog;

import java.time.Instant;
import java.util.Objects;

/**
 * One customer interaction as stored in the log: a Segment-spec message plus Percept's
 * {@link Channel} and {@link SourceName}. Immutable; the constructor enforces the spec's
 * invariants (ingest validates client input before it gets here and reports errors by field).
 *
 * @param type              the call type
 * @param messageId         the client's unique id of the message
 * @param source            the source whose write key sent it
 * @param channel           where the interaction happened
 * @param userId            the customer's id in the sender's database; {@code null} if unknown
 * @param anonymousId       a device or session id before login; {@code null} if unknown. At
 *                          least one of the two ids is present.
 * @param name              {@code track}: the event name (required); {@code page}/{@code screen}:
 *                          the page or screen name (optional); otherwise {@code null}
 * @param previousId        {@code alias}: the id being merged into {@code userId}; else {@code null}
 * @param groupId           {@code group}: the account or organisation; else {@code null}
 * @param timestamp         when it happened, corrected for the client's clock skew (see
 *                          {@code docs/architecture.md})
 * @param originalTimestamp when the client says it happened, uncorrected; {@code null} if not sent
 * @param sentAt            when the client sent it, by the client's clock; {@code null} if not sent
 * @param receivedAt        when Percept received it
 * @param properties        {@code track}/{@code page}/{@code screen} properties
 * @param traits            {@code identify}/{@code group} traits
 * @param context           device, library, locale, campaign, IP and so on
 * @param extra             any other top-level fields the client sent (e.g. {@code integrations}),
 *                          kept verbatim
 */
public record Event(
        EventType type,
        MessageId messageId,
        SourceName source,
        Channel channel,
        String userId,
        String anonymousId,
        String name,
        String previousId,
        String groupId,
        Instant timestamp,
        Instant originalTimestamp,
        Instant sentAt,
        Instant receivedAt,
        Attributes properties,
        Attributes traits,
        Attributes context,
        Attributes extra) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (userId == null && anonymousId == null) {
            throw new IllegalArgumentException("an event needs a userId or an anonymousId");
        }
        if (type == EventType.TRACK && (name == null || name.isBlank())) {
            throw new IllegalArgumentException("a track event needs an event name");
        }
        if (type == EventType.ALIAS && (previousId == null || userId == null)) {
            throw new IllegalArgumentException("an alias event needs a previousId and a userId");
        }
        if (type == EventType.GROUP && groupId == null) {
            throw new IllegalArgumentException("a group event needs a groupId");
        }
        properties = properties == null ? Attributes.EMPTY : properties;
        traits = traits == null ? Attributes.EMPTY : traits;
        context = context == null ? Attributes.EMPTY : context;
        extra = extra == null ? Attributes.EMPTY : extra;
    }

    /** A builder for the given call; {@code timestamp} defaults to {@code receivedAt}. */
    public static Builder builder(EventType type, MessageId messageId, SourceName source, Channel channel) {
        return new Builder(type, messageId, source, channel);
    }

    /** Builds events in tests, generators and importers. Not thread-safe. */
    public static final class Builder {

        private final EventType type;
        private final MessageId messageId;
        private final SourceName source;
        private final Channel channel;
        private String userId;
        private String anonymousId;
        private String name;
        private String previousId;
        private String groupId;
        private Instant timestamp;
        private Instant originalTimestamp;
        private Instant sentAt;
        private Instant receivedAt;
        private Attributes properties = Attributes.EMPTY;
        private Attributes traits = Attributes.EMPTY;
        private Attributes context = Attributes.EMPTY;
        private Attributes extra = Attributes.EMPTY;

        private Builder(EventType type, MessageId messageId, SourceName source, Channel channel) {
            this.type = type;
            this.messageId = messageId;
            this.source = source;
            this.channel = channel;
        }

        public Builder userId(String value) {
            this.userId = value;
            return this;
        }

        public Builder anonymousId(String value) {
            this.anonymousId = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder previousId(String value) {
            this.previousId = value;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        public Builder timestamp(Instant value) {
            this.timestamp = value;
            return this;
        }

        public Builder originalTimestamp(Instant value) {
            this.originalTimestamp = value;
            return this;
        }

        public Builder sentAt(Instant value) {
            this.sentAt = value;
            return this;
        }

        public Builder receivedAt(Instant value) {
            this.receivedAt = value;
            return this;
        }

        public Builder properties(Attributes value) {
            this.properties = value;
            return this;
        }

        public Builder traits(Attributes value) {
            this.traits = value;
            return this;
        }

        public Builder context(Attributes value) {
            this.context = value;
            return this;
        }

        public Builder extra(Attributes value) {
            this.extra = value;
            return this;
        }

        public Event build() {
            Instant received = receivedAt != null ? receivedAt : Instant.now();
            return new Event(type, messageId, source, channel, userId, anonymousId, name, previousId, groupId,
                    timestamp != null ? timestamp : received, originalTimestamp, sentAt, received,
                    properties, traits, context, extra);
        }
    }
}
