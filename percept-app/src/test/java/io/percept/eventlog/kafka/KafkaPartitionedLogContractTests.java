package io.percept.eventlog.kafka;

import io.percept.eventlog.PartitionedLog;
import io.percept.eventlog.PartitionedLogContract;
import io.percept.testing.KafkaTestBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The Kafka log, a fresh topic of 4 partitions on the test broker, against the partitioned log's contract. */
class KafkaPartitionedLogContractTests extends PartitionedLogContract {

    private final List<KafkaEventLog> open = new ArrayList<>();

    @Override
    protected PartitionedLog emptyLog() {
        KafkaEventLog log = KafkaEventLog.start(KafkaLogSettings.defaults(KafkaTestBroker.bootstrapServers(), KafkaTestBroker.uniqueInstance("contract"))
                .withTopic(KafkaTestBroker.uniqueTopic("contract"), 4));
        open.add(log);
        return log;
    }

    @AfterEach
    void close() {
        open.forEach(KafkaEventLog::close);
    }
}
