/**
 * What a profile knows about a person, free of frameworks: traits with their update times and
 * sources, and computed attributes (also the voice: sentiment, complaints, tickets, topics, read
 * through the {@link io.percept.profile.domain.VoiceReader} port) maintained one event at a time
 * and mergeable when two profiles turn out to be one person.
 */
package io.percept.profile.domain;
