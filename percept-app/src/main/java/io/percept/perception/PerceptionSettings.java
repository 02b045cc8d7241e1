package io.percept.perception;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of text perception ({@code percept.perception.*}); see docs/models.md.
 *
 * @param enabled             whether the text-perception processor scores the log
 * @param textProperties      the event properties that hold a customer's words, first non-blank wins
 * @param neutralBand         sentiment scores within this distance of 0 are neutral
 * @param maxKeywords         keywords kept per text
 * @param topicModelThreshold the probability a topic model's answer needs to count
 * @param taxonomy            a YAML file with the complaint taxonomy (default: the one in the jar)
 * @param models              model files from {@code percept train} that replace the shipped ones
 * @param zone                the business time zone weeks and days are counted in
 */
@ConfigurationProperties("percept.perception")
public record PerceptionSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"text", "review", "comment", "content", "feedback", "verbatim", "notes", "message"}) List<String> textProperties,
        @DefaultValue("0.3") double neutralBand,
        @DefaultValue("8") int maxKeywords,
        @DefaultValue("0.6") double topicModelThreshold,
        Path taxonomy,
        @DefaultValue Models models,
        @DefaultValue("UTC") ZoneId zone) {

    /**
     * Model files; a missing one means the shipped model (sentiment) or none (topics).
     *
     * @param sentimentZh Chinese sentiment
     * @param sentimentEn English sentiment
     * @param topicsZh    a Chinese topic classifier whose labels are taxonomy topic ids
     * @param topicsEn    an English one
     */
    public record Models(Path sentimentZh, Path sentimentEn, Path topicsZh, Path topicsEn) {
    }

    public PerceptionSettings {
        textProperties = textProperties == null ? List.of() : List.copyOf(textProperties);
        if (models == null) {
            models = new Models(null, null, null, null);
        }
    }

    /** The defaults, as without any configuration. */
    public static PerceptionSettings defaults() {
        return new PerceptionSettings(true, List.of("text", "review", "comment", "content", "feedback", "verbatim", "notes", "message"), 0.3, 8,
                0.6, null, null, ZoneId.of("UTC"));
    }
}
