package io.percept.segmentation;

import io.percept.eventlog.PartitionedLog;
import io.percept.platform.ClusterOnly;
import io.percept.platform.ClusterRole;
import io.percept.profile.ClusterProfiles;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires live membership in cluster mode: every instance runs it, but only the holder of the cluster
 * role {@value #ROLE} does the work; the others wait to take the role over.
 */
@Configuration(proxyBeanMethods = false)
@ClusterOnly
class ClusterMembershipConfiguration {

    static final String ROLE = "segment-membership";

    @Bean(destroyMethod = "close")
    ClusterRole segmentMembershipRole(DataSource dataSource) {
        return new ClusterRole(dataSource, ROLE);
    }

    @Bean
    SegmentMembership segmentMembership(Segments segments, ClusterProfiles profiles, PartitionedLog eventLog, DataSource dataSource,
            ClusterRole segmentMembershipRole, Clock clock) {
        return new SegmentMembership(segments, profiles, new ClusterChangedProfiles(profiles), new PostgresSegmentMembers(dataSource), eventLog,
                segmentMembershipRole::held, clock);
    }
}
