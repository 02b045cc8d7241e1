package io.percept.profile.domain;

/**
 * How often a profile's texts mentioned a topic in some period.
 *
 * @param topic    the topic id
 * @param mentions texts that mentioned it
 * @param negative of those, the ones that spoke of it negatively
 */
public record TopicCount(String topic, int mentions, int negative) {
}
