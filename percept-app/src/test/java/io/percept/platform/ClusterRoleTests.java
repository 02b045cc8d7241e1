package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterRoleTests {

    private PostgresTestDatabase database;
    private DataSource first;
    private DataSource second;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        first = database.open(3).dataSource();
        second = database.open(3).dataSource();
    }

    @AfterEach
    void drop() throws Exception {
        database.close();
    }

    @Test
    void oneInstanceHoldsARoleUntilItGivesItUp() {
        try (ClusterRole a = new ClusterRole(first, "segments"); ClusterRole b = new ClusterRole(second, "segments");
                ClusterRole other = new ClusterRole(second, "predictions")) {
            assertThat(a.held()).isTrue();
            assertThat(b.held()).isFalse();
            assertThat(a.held()).as("asking again keeps it").isTrue();
            assertThat(other.held()).as("another role is independent").isTrue();
            a.close();
            assertThat(b.held()).isTrue();
            assertThat(a.held()).isFalse();
        }
    }

    @Test
    void aHolderWhoseConnectionDiesLosesTheRoleToTheNext() throws Exception {
        try (ClusterRole a = new ClusterRole(first, "segments"); ClusterRole b = new ClusterRole(second, "segments")) {
            assertThat(a.held()).isTrue();
            assertThat(b.held()).isFalse();
            try (Connection admin = database.connect(); Statement statement = admin.createStatement();
                    ResultSet killed = statement.executeQuery("SELECT count(*) FROM pg_locks l JOIN LATERAL pg_terminate_backend(l.pid) t ON true "
                            + "WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                assertThat(killed.next() && killed.getInt(1) == 1).as("one backend held the lock").isTrue();
            }
            // pg_terminate_backend only signals the backend: its lock goes when it has exited, a moment later
            await().atMost(Duration.ofSeconds(10)).until(b::held);
            assertThat(a.held()).as("the old holder sees it lost the role").isFalse();
        }
    }

    @Test
    void aRoleGivenUpLeavesNoLockOnThePooledConnection() throws Exception {
        ClusterRole a = new ClusterRole(first, "segments");
        assertThat(a.held()).isTrue();
        a.close();
        try (Connection admin = database.connect(); Statement statement = admin.createStatement();
                ResultSet locks = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) {
            locks.next();
            assertThat(locks.getInt(1)).isZero();
        }
    }
}
