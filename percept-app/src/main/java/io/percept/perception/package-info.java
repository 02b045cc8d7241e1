/**
 * Perceive text: language, sentences, sentiment, complaint topics, keywords and emotion of every
 * text-bearing event (reviews, tickets, social comments, sales notes, survey verbatims), scored by a
 * log processor and stored with the event; satisfaction (NPS, CSAT) from surveys; the voice of the
 * customer aggregated for the console; training of the text models from labelled files.
 */
@ApplicationModule(displayName = "Perception", allowedDependencies = {"eventlog", "platform", "ingest :: tables"})
package io.percept.perception;

import org.springframework.modulith.ApplicationModule;
