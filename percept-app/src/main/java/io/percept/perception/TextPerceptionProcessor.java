package io.percept.perception;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.perception.TextAnalysis.SentenceAnalysis;
import io.percept.perception.TextAnalysis.TopicMention;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.JsonText;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.duckdb.DuckDBAppender;

/**
 * Scores every text-bearing event of the log (reviews, tickets, social comments, sales notes,
 * survey verbatims: a track event with one of the configured text properties) into
 * {@code text_perceptions} and {@code text_topics}, and every scored survey answer (NPS 0-10,
 * CSAT 1-5) into {@code survey_responses}. Stateless between batches: what it writes moves with
 * its checkpoint, so a replay after a crash writes each row once.
 */
final class TextPerceptionProcessor implements LogProcessor {

    static final String NAME = "text-perception";

    private final TextPerception perception;

    TextPerceptionProcessor(TextPerception perception) {
        this.perception = perception;
    }

    @Override
    public String name() {
        return NAME;
    }

    private record Scored(LoggedEvent logged, String text, TextAnalysis analysis) {
    }

    private record Survey(LoggedEvent logged, String kind, double score) {
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        List<Scored> scored = new ArrayList<>();
        List<Survey> surveys = new ArrayList<>();
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            if (event.type() != EventType.TRACK) {
                continue;
            }
            String text = perception.textOf(event);
            TextAnalysis analysis = text == null ? null : perception.analyzeOrSkip(text, true, "seq " + logged.seq());
            if (analysis != null) {
                scored.add(new Scored(logged, text, analysis));
            }
            Survey survey = survey(logged);
            if (survey != null) {
                surveys.add(survey);
            }
        }
        if (scored.isEmpty() && surveys.isEmpty()) {
            return;
        }
        // the rows commit with the checkpoint, so a batch delivered again after a failure was never written: plain appends
        if (!scored.isEmpty()) {
            try (DuckDBAppender texts = EmbeddedStore.appender(connection, "text_perceptions");
                 DuckDBAppender topics = EmbeddedStore.appender(connection, "text_topics")) {
                for (Scored row : scored) {
                    appendText(texts, row);
                    appendTopics(topics, row);
                }
            }
        }
        if (!surveys.isEmpty()) {
            try (DuckDBAppender appender = EmbeddedStore.appender(connection, "survey_responses")) {
                for (Survey survey : surveys) {
                    Event event = survey.logged().event();
                    appender.beginRow().append(survey.logged().seq()).appendEpochMicros(micros(event.timestamp())).append(survey.kind())
                            .append(survey.score());
                    nullable(appender, string(event.properties(), "survey"));
                    appender.append(event.source().value()).append(event.channel().wireName());
                    nullable(appender, event.userId());
                    nullable(appender, productOf(event));
                    nullable(appender, regionOf(event));
                    appender.endRow();
                }
            }
        }
    }

    private void appendText(DuckDBAppender appender, Scored row) throws Exception {
        Event event = row.logged().event();
        TextAnalysis analysis = row.analysis();
        appender.beginRow().append(row.logged().seq()).appendEpochMicros(micros(event.timestamp())).append(event.source().value())
                .append(event.channel().wireName());
        nullable(appender, event.name());
        nullable(appender, event.userId());
        nullable(appender, event.anonymousId());
        nullable(appender, productOf(event));
        nullable(appender, regionOf(event));
        OptionalDouble rating = event.properties().number("rating");
        if (rating.isPresent()) {
            appender.append(rating.getAsDouble());
        } else {
            appender.appendNull();
        }
        List<String> keywords = new ArrayList<>();
        for (TextAnalysis.Keyword keyword : analysis.keywords()) {
            keywords.add(keyword.word());
        }
        appender.append(analysis.language()).append(analysis.score()).append(analysis.sentiment().wireName()).append(analysis.confidence())
                .append(analysis.emotion()).append(analysis.intensity()).append(analysis.isComplaint()).append(String.join(",", analysis.topics()))
                .append(String.join(" ", keywords)).append(row.text().length()).append(sentencesJson(analysis)).endRow();
    }

    private static void appendTopics(DuckDBAppender appender, Scored row) throws Exception {
        long at = micros(row.logged().event().timestamp());
        List<SentenceAnalysis> sentences = row.analysis().sentences();
        for (int i = 0; i < sentences.size(); i++) {
            for (TopicMention mention : sentences.get(i).topics()) {
                appender.beginRow().append(row.logged().seq()).appendEpochMicros(at).append(mention.topic()).append(i).append(mention.start())
                        .append(mention.end());
                nullable(appender, mention.cue());
                appender.append(mention.score()).append(mention.sentiment().wireName()).append(mention.source()).endRow();
            }
        }
        if (row.analysis().topics().equals(List.of("other"))) {
            SentenceAnalysis first = sentences.isEmpty() ? null : sentences.get(0);
            appender.beginRow().append(row.logged().seq()).appendEpochMicros(at).append("other").append(0)
                    .append(first == null ? 0 : first.start()).append(first == null ? row.text().length() : sentences.get(sentences.size() - 1).end());
            appender.appendNull();
            appender.append(row.analysis().score()).append(row.analysis().sentiment().wireName()).append("fallback").endRow();
        }
    }

    static String sentencesJson(TextAnalysis analysis) {
        List<Object> sentences = new ArrayList<>();
        for (SentenceAnalysis sentence : analysis.sentences()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("start", sentence.start());
            entry.put("end", sentence.end());
            entry.put("score", sentence.score());
            entry.put("sentiment", sentence.sentiment().wireName());
            List<Object> topics = new ArrayList<>();
            for (TopicMention mention : sentence.topics()) {
                Map<String, Object> topic = new LinkedHashMap<>();
                topic.put("topic", mention.topic());
                topic.put("start", mention.start());
                topic.put("end", mention.end());
                topic.put("cue", mention.cue());
                topic.put("score", mention.score());
                topic.put("sentiment", mention.sentiment().wireName());
                topic.put("source", mention.source());
                topics.add(topic);
            }
            entry.put("topics", topics);
            sentences.add(entry);
        }
        return JsonText.of(sentences);
    }

    /**
     * A scored survey answer: {@code kind} nps (score 0-10) or csat (1-5), from properties
     * {@code kind} + {@code score}, or {@code nps} / {@code csat} holding the score. Out-of-range scores
     * are not answers.
     */
    private static Survey survey(LoggedEvent logged) {
        Attributes properties = logged.event().properties();
        String kind = string(properties, "kind");
        OptionalDouble score = properties.number("score");
        if (kind == null || score.isEmpty()) {
            for (String named : List.of("nps", "csat")) {
                if (properties.number(named).isPresent()) {
                    kind = named;
                    score = properties.number(named);
                }
            }
        }
        if (kind == null || score.isEmpty()) {
            return null;
        }
        kind = kind.toLowerCase(Locale.ROOT);
        double value = score.getAsDouble();
        boolean valid = kind.equals("nps") ? value >= 0 && value <= 10 : kind.equals("csat") && value >= 1 && value <= 5;
        return valid ? new Survey(logged, kind, value) : null;
    }

    private static String productOf(Event event) {
        String product = string(event.properties(), "product_id");
        return product != null ? product : string(event.properties(), "sku");
    }

    private static String regionOf(Event event) {
        String region = string(event.context().object("location"), "region");
        return region != null ? region : string(event.properties(), "region");
    }

    private static String string(Attributes attributes, String key) {
        return attributes.get(key) instanceof String text && !text.isBlank() ? text.strip() : null;
    }

    private static void nullable(DuckDBAppender appender, String value) throws Exception {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }
}
