package io.percept.access;

import io.percept.access.persistence.UserRecords;
import io.percept.platform.PlatformSettings;
import io.percept.platform.RetainedData;
import io.percept.platform.RetainedRows;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Wires access: users in the store, their password encoder, the audit, and the bootstrap admin and demo users. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /** Delegating: new hashes are bcrypt ({@code {bcrypt}...}); older schemes stay readable after an upgrade. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    LoginThrottle loginThrottle(Clock clock) {
        return new LoginThrottle(clock);
    }

    /** The access audit is kept for {@code percept.platform.retention.access-audit} (docs/deploy.md, Data retention). */
    @Bean
    RetainedData expiringAccessAudit(JdbcClient jdbc) {
        return RetainedRows.olderThan(RetainedData.Kind.ACCESS_AUDIT, jdbc, "access_audit", "happened_at");
    }

    @Bean
    AccessAudit accessAudit(JdbcClient jdbc, Clock clock) {
        AccessAudit audit = new AccessAudit(new UserRecords(jdbc), clock);
        audit.start();
        return audit;
    }

    @Bean
    Users users(JdbcClient jdbc, PasswordEncoder encoder, AccessAudit audit, Clock clock, AccessSettings settings, PlatformSettings platform) {
        Users users = new Users(new UserRecords(jdbc), encoder, audit, clock);
        AccessBootstrap.run(users, settings, platform.dataDir());
        return users;
    }

    @Bean
    UserDetailsService userAccounts(Users users) {
        return new UserAccounts(users);
    }
}
