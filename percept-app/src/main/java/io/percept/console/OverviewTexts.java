package io.percept.console;

import io.percept.perception.MemberVoice;
import io.percept.perception.VoiceOfCustomer;
import io.percept.perception.VoiceOfCustomer.Dimension;
import io.percept.perception.VoiceOfCustomer.Quote;
import io.percept.perception.VoiceOfCustomer.Satisfaction;
import io.percept.perception.VoiceOfCustomer.TopicReport;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/** The texts and survey answers the overview reads: everyone's, or only a segment's members'. */
interface OverviewTexts {

    /** Texts, negative texts, mean score and topics per group (topic names in {@code language}). */
    TopicReport topics(LocalDate from, LocalDate to, Dimension by, String language);

    /** Texts, negative texts and mean score per group, without topics. */
    TopicReport totals(LocalDate from, LocalDate to, Dimension by);

    /** NPS and CSAT answers per group (buckets summed by the reader). */
    Satisfaction satisfaction(LocalDate from, LocalDate to, Dimension by);

    /** The newest texts of a topic in a group ({@code by} NONE: all). */
    List<Quote> quotes(String topic, Dimension by, String group, LocalDate from, LocalDate to, int limit);

    /** Everyone's voice. */
    static OverviewTexts of(VoiceOfCustomer voice) {
        return new OverviewTexts() {
            @Override
            public TopicReport topics(LocalDate from, LocalDate to, Dimension by, String language) {
                return voice.topics(from, to, by, language);
            }

            @Override
            public TopicReport totals(LocalDate from, LocalDate to, Dimension by) {
                return voice.totals(from, to, by);
            }

            @Override
            public Satisfaction satisfaction(LocalDate from, LocalDate to, Dimension by) {
                return voice.satisfaction(from, to, VoiceOfCustomer.Bucket.MONTH, by);
            }

            @Override
            public List<Quote> quotes(String topic, Dimension by, String group, LocalDate from, LocalDate to, int limit) {
                return voice.quotes(topic, null, by, by == Dimension.NONE ? null : group, from, to, limit);
            }
        };
    }

    /** The voice of the customers with these identifiers. */
    static OverviewTexts of(MemberVoice voice, Collection<String> members) {
        return new OverviewTexts() {
            @Override
            public TopicReport topics(LocalDate from, LocalDate to, Dimension by, String language) {
                return voice.topics(from, to, by, language, members);
            }

            @Override
            public TopicReport totals(LocalDate from, LocalDate to, Dimension by) {
                return voice.topics(from, to, by, null, members);
            }

            @Override
            public Satisfaction satisfaction(LocalDate from, LocalDate to, Dimension by) {
                return voice.satisfaction(from, to, by, members);
            }

            @Override
            public List<Quote> quotes(String topic, Dimension by, String group, LocalDate from, LocalDate to, int limit) {
                return voice.quotes(topic, by, by == Dimension.NONE ? null : group, from, to, limit, members);
            }
        };
    }
}
