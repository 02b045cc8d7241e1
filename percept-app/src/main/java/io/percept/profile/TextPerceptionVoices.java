package io.percept.profile;

import io.percept.eventlog.Event;
import io.percept.perception.Sentiment;
import io.percept.perception.TextAnalysis;
import io.percept.perception.TextPerception;
import io.percept.profile.domain.Voice;
import io.percept.profile.domain.VoiceReader;
import java.util.ArrayList;
import java.util.List;

/** Reads voices with text perception: the customer's words in a track event, analysed without keywords. */
final class TextPerceptionVoices implements VoiceReader {

    private final TextPerception perception;

    TextPerceptionVoices(TextPerception perception) {
        this.perception = perception;
    }

    @Override
    public Voice read(Event event) {
        String text = perception.textOf(event);
        if (text == null) {
            return null;
        }
        TextAnalysis analysis = perception.analyzeOrSkip(text, false, "event " + event.messageId());
        if (analysis == null) {
            return null;
        }
        List<Voice.Topic> topics = new ArrayList<>(analysis.topics().size());
        for (String topic : analysis.topics()) {
            topics.add(new Voice.Topic(topic, negative(analysis, topic)));
        }
        return new Voice(analysis.score(), tone(analysis.sentiment()), analysis.isComplaint(), topics);
    }

    /** Whether a clause naming {@code topic} is negative; for a topic no clause names, whether the text is. */
    private static boolean negative(TextAnalysis analysis, String topic) {
        boolean named = false;
        for (TextAnalysis.SentenceAnalysis sentence : analysis.sentences()) {
            for (TextAnalysis.TopicMention mention : sentence.topics()) {
                if (mention.topic().equals(topic)) {
                    if (mention.sentiment() == Sentiment.NEGATIVE) {
                        return true;
                    }
                    named = true;
                }
            }
        }
        return !named && analysis.sentiment() == Sentiment.NEGATIVE;
    }

    private static Voice.Tone tone(Sentiment sentiment) {
        return switch (sentiment) {
            case NEGATIVE -> Voice.Tone.NEGATIVE;
            case NEUTRAL -> Voice.Tone.NEUTRAL;
            case POSITIVE -> Voice.Tone.POSITIVE;
        };
    }
}
