package io.percept.profile.domain;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one person said: the sentiment of their texts, their complaints, their tickets and the
 * topics they mentioned lately. Like the rest of {@link ProfileState}, every update is
 * order-independent: sums, newest-wins with a fixed tie-break, and two bounded lists that keep
 * the newest entries under a total order. Arrays grow from a few slots to their bound. Not
 * thread-safe.
 */
final class VoiceState {

    /** Tickets kept: the ones with the newest events. */
    static final int TICKETS = 16;
    /** Topic mentions kept: the newest. */
    static final int MENTIONS = 32;
    private static final int FIRST_SLOTS = 4;
    private static final Voice.Tone[] TONES = Voice.Tone.values();

    private int texts;
    private double scoreSum;
    private int negativeTexts;
    private int complaints;
    /** The newest text's score and tone (an ordinal, -1 before the first text) and time, epoch micros. */
    private double lastScore;
    private byte lastTone = -1;
    private long lastAt = Long.MIN_VALUE;
    private int tickets;
    private String[] ticketIds;
    /** Each ticket's newest event time, epoch micros, and whether that event left it open. */
    private long[] ticketAt;
    private boolean[] ticketOpen;
    private int mentions;
    private String[] mentionTopics;
    private long[] mentionAt;
    private boolean[] mentionNegative;

    void text(Voice voice, long at, Interner interner) {
        texts++;
        scoreSum += voice.score();
        negativeTexts += voice.negative() ? 1 : 0;
        complaints += voice.complaint() ? 1 : 0;
        last(voice.score(), (byte) voice.tone().ordinal(), at);
        for (Voice.Topic topic : voice.topics()) {
            mention(interner.intern(topic.id()), at, topic.negative());
        }
    }

    /** The newest text wins; at the same time the lower score, whatever came first. */
    private void last(double score, byte tone, long at) {
        if (at > lastAt || at == lastAt && score < lastScore) {
            lastScore = score;
            lastTone = tone;
            lastAt = at;
        }
    }

    /**
     * An event of ticket {@code id}: its newest event says whether it is open (at the same time a
     * closing event wins). Only the {@link #TICKETS} tickets with the newest events are kept.
     */
    void ticket(String id, long at, boolean open) {
        for (int i = 0; i < tickets; i++) {
            if (ticketIds[i].equals(id)) {
                if (at > ticketAt[i] || at == ticketAt[i] && !open) {
                    ticketAt[i] = at;
                    ticketOpen[i] = open;
                }
                return;
            }
        }
        int slot;
        if (tickets < TICKETS) {
            if (ticketIds == null || tickets == ticketIds.length) {
                int slots = ticketIds == null ? FIRST_SLOTS : Math.min(TICKETS, 2 * ticketIds.length);
                ticketIds = ticketIds == null ? new String[slots] : Arrays.copyOf(ticketIds, slots);
                ticketAt = ticketAt == null ? new long[slots] : Arrays.copyOf(ticketAt, slots);
                ticketOpen = ticketOpen == null ? new boolean[slots] : Arrays.copyOf(ticketOpen, slots);
            }
            slot = tickets++;
        } else {
            slot = 0;
            for (int i = 1; i < tickets; i++) {
                if (compareTickets(ticketAt[i], ticketIds[i], ticketAt[slot], ticketIds[slot]) < 0) {
                    slot = i;
                }
            }
            if (compareTickets(at, id, ticketAt[slot], ticketIds[slot]) <= 0) {
                return;
            }
        }
        ticketIds[slot] = id;
        ticketAt[slot] = at;
        ticketOpen[slot] = open;
    }

    private static int compareTickets(long at, String id, long otherAt, String otherId) {
        int byTime = Long.compare(at, otherAt);
        return byTime != 0 ? byTime : id.compareTo(otherId);
    }

    /** A topic mentioned at {@code at}; only the {@link #MENTIONS} newest are kept. */
    private void mention(String topic, long at, boolean negative) {
        int slot;
        if (mentions < MENTIONS) {
            if (mentionTopics == null || mentions == mentionTopics.length) {
                int slots = mentionTopics == null ? FIRST_SLOTS : Math.min(MENTIONS, 2 * mentionTopics.length);
                mentionTopics = mentionTopics == null ? new String[slots] : Arrays.copyOf(mentionTopics, slots);
                mentionAt = mentionAt == null ? new long[slots] : Arrays.copyOf(mentionAt, slots);
                mentionNegative = mentionNegative == null ? new boolean[slots] : Arrays.copyOf(mentionNegative, slots);
            }
            slot = mentions++;
        } else {
            slot = 0;
            for (int i = 1; i < mentions; i++) {
                if (compareMentions(mentionAt[i], mentionTopics[i], mentionNegative[i], slot) < 0) {
                    slot = i;
                }
            }
            if (compareMentions(at, topic, negative, slot) <= 0) {
                return;
            }
        }
        mentionTopics[slot] = topic;
        mentionAt[slot] = at;
        mentionNegative[slot] = negative;
    }

    private int compareMentions(long at, String topic, boolean negative, int slot) {
        int byTime = Long.compare(at, mentionAt[slot]);
        if (byTime != 0) {
            return byTime;
        }
        int byTopic = topic.compareTo(mentionTopics[slot]);
        return byTopic != 0 ? byTopic : Boolean.compare(negative, mentionNegative[slot]);
    }

    void mergeFrom(VoiceState other) {
        texts += other.texts;
        scoreSum += other.scoreSum;
        negativeTexts += other.negativeTexts;
        complaints += other.complaints;
        if (other.lastTone >= 0) {
            last(other.lastScore, other.lastTone, other.lastAt);
        }
        for (int i = 0; i < other.tickets; i++) {
            ticket(other.ticketIds[i], other.ticketAt[i], other.ticketOpen[i]);
        }
        for (int i = 0; i < other.mentions; i++) {
            mention(other.mentionTopics[i], other.mentionAt[i], other.mentionNegative[i]);
        }
    }

    // ---- reading

    int texts() {
        return texts;
    }

    /** The mean score of the texts; 0 without texts. */
    double averageScore() {
        return texts == 0 ? 0 : scoreSum / texts;
    }

    /** The newest text's score; 0 without texts. */
    double lastScore() {
        return lastScore;
    }

    /** The newest text's tone; null without texts. */
    Voice.Tone lastTone() {
        return lastTone < 0 ? null : TONES[lastTone];
    }

    long lastMicros() {
        return lastAt;
    }

    int negativeTexts() {
        return negativeTexts;
    }

    int complaints() {
        return complaints;
    }

    int openTickets() {
        int open = 0;
        for (int i = 0; i < tickets; i++) {
            open += ticketOpen[i] ? 1 : 0;
        }
        return open;
    }

    /** The topics mentioned at or after {@code micros}, most mentioned first (ties: by topic). */
    List<TopicCount> topicsSince(long micros) {
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < mentions; i++) {
            if (mentionAt[i] >= micros) {
                int[] count = counts.computeIfAbsent(mentionTopics[i], topic -> new int[2]);
                count[0]++;
                count[1] += mentionNegative[i] ? 1 : 0;
            }
        }
        List<TopicCount> topics = new ArrayList<>(counts.size());
        counts.forEach((topic, count) -> topics.add(new TopicCount(topic, count[0], count[1])));
        topics.sort((a, b) -> a.mentions() != b.mentions() ? Integer.compare(b.mentions(), a.mentions()) : a.topic().compareTo(b.topic()));
        return topics;
    }

    // ---- snapshots

    void write(DataOutput out) throws IOException {
        out.writeInt(texts);
        out.writeDouble(scoreSum);
        out.writeInt(negativeTexts);
        out.writeInt(complaints);
        out.writeDouble(lastScore);
        out.writeByte(lastTone);
        out.writeLong(lastAt);
        out.writeByte(tickets);
        for (int i = 0; i < tickets; i++) {
            Values.writeString(out, ticketIds[i]);
            out.writeLong(ticketAt[i]);
            out.writeBoolean(ticketOpen[i]);
        }
        out.writeByte(mentions);
        for (int i = 0; i < mentions; i++) {
            Values.writeString(out, mentionTopics[i]);
            out.writeLong(mentionAt[i]);
            out.writeBoolean(mentionNegative[i]);
        }
    }

    static VoiceState read(DataInput in, Interner interner) throws IOException {
        VoiceState state = new VoiceState();
        state.texts = in.readInt();
        state.scoreSum = in.readDouble();
        state.negativeTexts = in.readInt();
        state.complaints = in.readInt();
        state.lastScore = in.readDouble();
        state.lastTone = in.readByte();
        state.lastAt = in.readLong();
        int tickets = in.readUnsignedByte();
        if (tickets > TICKETS || state.lastTone >= TONES.length) {
            throw new IOException("corrupt snapshot: " + tickets + " tickets, tone " + state.lastTone);
        }
        for (int i = 0; i < tickets; i++) {
            state.ticket(Values.readString(in), in.readLong(), in.readBoolean());
        }
        int mentions = in.readUnsignedByte();
        if (mentions > MENTIONS) {
            throw new IOException("corrupt snapshot: " + mentions + " topic mentions");
        }
        for (int i = 0; i < mentions; i++) {
            state.mention(interner.intern(Values.readString(in)), in.readLong(), in.readBoolean());
        }
        return state;
    }
}
