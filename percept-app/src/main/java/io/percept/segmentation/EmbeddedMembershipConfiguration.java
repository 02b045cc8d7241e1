package io.percept.segmentation;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.PartitionedLog;
import io.percept.platform.EmbeddedOnly;
import io.percept.profile.Profiles;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires live membership on the embedded store: this process always keeps it. */
@Configuration(proxyBeanMethods = false)
@EmbeddedOnly
class EmbeddedMembershipConfiguration {

    @Bean
    SegmentMembership segmentMembership(Segments segments, Profiles profiles, EventLog eventLog, PartitionedLog partitionedLog, JdbcClient jdbc,
            Clock clock) {
        EmbeddedChangedProfiles changes = new EmbeddedChangedProfiles(profiles, eventLog);
        changes.listen();
        return new SegmentMembership(segments, profiles, changes, new DuckDbSegmentMembers(jdbc), partitionedLog, () -> true, clock);
    }
}
