package io.percept.perception;

import io.percept.analytics.text.TextClassifier;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.ExpiredEvents;
import io.percept.platform.RetainedData;
import io.percept.platform.RetainedRows;
import io.percept.eventlog.LogProcessor;
import io.percept.perception.domain.Taxonomy;
import io.percept.perception.domain.TextAnalyzer;
import io.percept.platform.PersonalData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires text perception on the embedded store: the log processor and the queries (the models: {@link TextModelsConfiguration}). */
@Configuration(proxyBeanMethods = false)
@io.percept.platform.EmbeddedOnly
class PerceptionConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "percept.perception", name = "enabled", matchIfMissing = true)
    LogProcessor textPerceptionProcessor(TextPerception perception) {
        return new TextPerceptionProcessor(perception);
    }

    /** The texts and survey answers of events that left the log go with them (docs/deploy.md, Data retention). */
    @Bean
    RetainedData expiringTextPerceptions(JdbcClient jdbc) {
        return RetainedRows.derivedWhere(RetainedData.Kind.EVENTS, jdbc, "text_perceptions", ExpiredEvents.BEFORE);
    }

    @Bean
    RetainedData expiringTextTopics(JdbcClient jdbc) {
        return RetainedRows.derivedWhere(RetainedData.Kind.EVENTS, jdbc, "text_topics", ExpiredEvents.BEFORE);
    }

    @Bean
    RetainedData expiringSurveyResponses(JdbcClient jdbc) {
        return RetainedRows.derivedWhere(RetainedData.Kind.EVENTS, jdbc, "survey_responses", ExpiredEvents.BEFORE);
    }

    /** A person's texts, their topics and survey answers: exported and erased with them. */
    @Bean
    PersonalData textPersonalData() {
        return () -> List.of(new PersonalData.Table("text_topics", "seq IN (:seqs)"),
                new PersonalData.Table("text_perceptions", "seq IN (:seqs) OR user_id IN (:values.user_id) OR anonymous_id IN (:values.anonymous_id)"),
                new PersonalData.Table("survey_responses", "seq IN (:seqs) OR user_id IN (:values.user_id)"));
    }

    @Bean
    VoiceOfCustomer voiceOfCustomer(JdbcClient jdbc, EventLog log, TextPerception perception, PerceptionSettings settings) {
        return new VoiceOfCustomer(jdbc, log, perception, settings.zone());
    }

    @Bean
    MemberVoice memberVoice(JdbcClient jdbc, VoiceOfCustomer voice, TextPerception perception, PerceptionSettings settings,
            io.percept.platform.IdSets sets) {
        return new MemberVoice(jdbc, voice, perception, settings.zone(), sets);
    }

    /** The facade as the settings describe it (also for commands that run without the application). */
    static TextPerception create(PerceptionSettings settings) {
        PerceptionSettings.Models files = settings.models();
        Map<String, TextClassifier> sentiment = Map.of("zh", TextModels.sentiment("zh", files.sentimentZh()), "en",
                TextModels.sentiment("en", files.sentimentEn()));
        Map<String, TextClassifier> topics = new HashMap<>();
        if (files.topicsZh() != null) {
            topics.put("zh", TextModels.read(files.topicsZh()));
        }
        if (files.topicsEn() != null) {
            topics.put("en", TextModels.read(files.topicsEn()));
        }
        TextAnalyzer analyzer = new TextAnalyzer(sentiment, taxonomy(settings.taxonomy()), topics,
                new TextAnalyzer.Options(settings.neutralBand(), settings.maxKeywords(), settings.topicModelThreshold()));
        return new TextPerception(analyzer, settings.textProperties());
    }

    /** The taxonomy in {@code file}, or the shipped one. */
    static Taxonomy taxonomy(Path file) {
        String where = file != null ? file.toString() : "the shipped taxonomy";
        String text;
        try {
            if (file != null) {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } else {
                try (InputStream in = PerceptionConfiguration.class.getResourceAsStream("/perception/taxonomy.yaml")) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the taxonomy " + where + ": " + e.getMessage(), e);
        }
        try {
            Object document = io.percept.platform.YamlText.load(text, where);
            return Taxonomy.parse(document, where);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(where + " is not valid YAML: " + e.getMessage(), e);
        }
    }
}
