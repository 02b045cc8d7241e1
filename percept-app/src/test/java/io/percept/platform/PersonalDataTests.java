package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A module's rows about a person, found and deleted by the placeholders of their condition, on a real DuckDB database. */
class PersonalDataTests {

    private static final PersonalData.Person LI = new PersonalData.Person(7, Set.of("user_id:li-01", "anonymous_id:a-li", "phone:+8613812345678",
            "email:li.na@example.com"), new long[] {3, 5});

    @Test
    void theConditionFindsAndDeletesExactlyThePersonsRows() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE notes (seq BIGINT, profile_id BIGINT, customer VARCHAR, user_id VARCHAR, detail JSON, seen TIMESTAMP)");
            statement.execute("INSERT INTO notes VALUES (3, NULL, NULL, NULL, '{\"a\":[1,2]}', TIMESTAMP '2026-05-01 10:00:00'), "
                    + "(4, 7, NULL, NULL, NULL, NULL), (6, NULL, 'anonymous_id:a-li', NULL, NULL, NULL), (8, NULL, NULL, 'li-01', NULL, NULL), "
                    + "(9, 8, 'user_id:wang', 'wang', NULL, NULL), (10, NULL, 'li-01', 'li-01x', NULL, NULL)");
            PersonalData.Table table = new PersonalData.Table("notes",
                    "seq IN (:seqs) OR profile_id = :profile OR customer IN (:identifiers) OR user_id IN (:values.user_id) OR user_id IN (:values.device_id)");

            List<Map<String, Object>> rows = PersonalData.select(connection, table, LI);

            assertThat(rows).extracting(row -> row.get("seq")).containsExactlyInAnyOrder(3L, 4L, 6L, 8L);
            Map<String, Object> first = rows.stream().filter(row -> Long.valueOf(3).equals(row.get("seq"))).findFirst().orElseThrow();
            assertThat(first.get("detail")).as("JSON parsed").isEqualTo(Map.of("a", List.of(1L, 2L)));
            assertThat(first.get("seen")).isEqualTo("2026-05-01T10:00");
            assertThat(PersonalData.delete(connection, table, LI)).isEqualTo(4);
            try (ResultSet left = statement.executeQuery("SELECT list(seq ORDER BY seq)::VARCHAR FROM notes")) {
                left.next();
                assertThat(left.getString(1)).as("Wang's row and a longer user id stay").isEqualTo("[9, 10]");
            }
        }
    }

    @Test
    void aPersonIsMentionedByAWholeValueOrTheirPhoneWrittenAnyWay() {
        assertThat(LI.mentionedIn("{\"input\":\"{\\\"userId\\\":\\\"LI-01\\\"}\"}")).isTrue();
        assertThat(LI.mentionedIn("email Li.Na@Example.com, bad date")).isTrue();
        assertThat(LI.mentionedIn("call 138 1234-5678 please")).isTrue();
        assertThat(LI.mentionedIn("(138) 1234.5678")).isTrue();
        assertThat(LI.mentionedIn("tel:+86 138-1234-5678;")).isTrue();
        assertThat(LI.mentionedIn("li-012 and xli-01 are others")).isFalse();
        assertThat(LI.mentionedIn("order 81381234567899")).as("inside a longer number").isFalse();
        assertThat(new PersonalData.Person(1, Set.of("user_id:42"), new long[0]).mentionedIn("price 42")).as("too short to tell").isFalse();
    }
}
