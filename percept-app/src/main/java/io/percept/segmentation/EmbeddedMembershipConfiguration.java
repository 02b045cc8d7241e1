package io.percept.segmentation;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.PartitionedLog;
import io.percept.platform.EmbeddedOnly;
import io.percept.platform.PersonalData;
import io.percept.profile.Profiles;
import java.time.Clock;
import java.util.List;
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

    /** The segments a person is in: exported and erased with them (membership also forgets them as a gone profile). */
    @Bean
    PersonalData segmentPersonalData() {
        return () -> List.of(new PersonalData.Table("segment_members", "profile_id = :profile"));
    }
}
