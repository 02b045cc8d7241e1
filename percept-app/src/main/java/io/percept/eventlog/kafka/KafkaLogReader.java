package io.percept.eventlog.kafka;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LogUnavailableException;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.persistence.EventCodec;
import io.percept.platform.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one partition of the log topic with a consumer of its own: no consumer group (whoever reads keeps
 * its position, e.g. a processor's checkpoint) and {@code read_committed}, so events of an aborted append are
 * never returned. Records polled beyond what a read asked for wait for the next read. Not thread-safe.
 */
final class KafkaLogReader implements LogReader {

    /** How long a read waits for new records before it answers with none. */
    static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
    /** The lowest offset the next read may return; -1 until the first read seeks. */
    private long next = -1;

    KafkaLogReader(Map<String, Object> config, TopicPartition partition) {
        this.partition = partition;
        this.consumer = new KafkaConsumer<>(config);
        consumer.assign(List.of(partition));
    }

    @Override
    public List<LoggedEvent> read(long afterSeq, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be positive, was " + maxEvents);
        }
        long from = afterSeq == 0 ? 0 : ClusterSeq.offset(afterSeq) + 1;
        if (afterSeq != 0 && ClusterSeq.partition(afterSeq) != partition.partition()) {
            throw new IllegalArgumentException("seq " + afterSeq + " is in partition " + ClusterSeq.partition(afterSeq) + ", this reader reads "
                    + partition);
        }
        try {
            if (from != next) {
                fetched.clear();
                consumer.seek(partition, from);
                next = from;
            }
            if (fetched.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                    fetched.add(record);
                }
            }
        } catch (KafkaException e) {
            throw new LogUnavailableException("reading " + partition + " after offset " + (from - 1) + " failed: " + e.getMessage(), e);
        }
        List<LoggedEvent> events = new ArrayList<>(Math.min(maxEvents, fetched.size()));
        while (events.size() < maxEvents && !fetched.isEmpty()) {
            ConsumerRecord<byte[], byte[]> record = fetched.poll();
            if (record.offset() < next) {
                continue; // re-delivered after the consumer reset to the earliest offset kept
            }
            events.add(new LoggedEvent(ClusterSeq.of(partition.partition(), record.offset()), decode(record)));
            next = record.offset() + 1;
        }
        return events;
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new MalformedJsonException("record " + partition + "@" + record.offset() + " has no value; the topic holds only Percept events");
        }
        try {
            return EventCodec.decode(new String(record.value(), StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            throw new MalformedJsonException("record " + partition + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (KafkaException e) {
            // a reader holds no group membership or offsets: nothing is lost
        }
    }
}
