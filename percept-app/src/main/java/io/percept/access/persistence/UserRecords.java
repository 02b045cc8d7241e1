package io.percept.access.persistence;

import io.percept.access.Role;
import io.percept.access.User;
import io.percept.access.Username;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Users in {@code access_users} and the audit in {@code access_audit}; few rows, read rarely (logins, administration). */
public class UserRecords {

    private static final String COLUMNS = "username, display_name, roles, pii, disabled, created_at, updated_at, last_login_at, password_hash";

    /** A stored user with its password hash, which never leaves the module. */
    public record Stored(User user, String passwordHash) {

        @Override
        public String toString() {
            return "Stored[user=" + user + ", passwordHash=***]";
        }
    }

    /** One audit row. */
    public record AuditRow(Instant at, String actor, String action, String target, String detail) {
    }

    private final JdbcClient jdbc;

    public UserRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM access_users").query(Long.class).single();
    }

    public List<Stored> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_users ORDER BY username").query((row, index) -> stored(row)).list();
    }

    public Optional<Stored> find(Username username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_users WHERE username = ?").param(username.value())
                .query((row, index) -> stored(row)).optional();
    }

    public void insert(User user, String passwordHash) {
        jdbc.sql("INSERT INTO access_users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(user.username().value(), user.displayName(), roles(user), user.pii(), user.disabled(), utc(user.createdAt()),
                        utc(user.updatedAt()), utc(user.lastLoginAt()), passwordHash)
                .update();
    }

    public void update(User user) {
        jdbc.sql("UPDATE access_users SET display_name = ?, roles = ?, pii = ?, disabled = ?, updated_at = ?, last_login_at = ? WHERE username = ?")
                .params(user.displayName(), roles(user), user.pii(), user.disabled(), utc(user.updatedAt()), utc(user.lastLoginAt()),
                        user.username().value())
                .update();
    }

    public void updatePassword(Username username, String passwordHash, Instant at) {
        jdbc.sql("UPDATE access_users SET password_hash = ?, updated_at = ? WHERE username = ?")
                .params(passwordHash, utc(at), username.value()).update();
    }

    public boolean delete(Username username) {
        return jdbc.sql("DELETE FROM access_users WHERE username = ?").param(username.value()).update() > 0;
    }

    public void audit(AuditRow row) {
        jdbc.sql("INSERT INTO access_audit (happened_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
                .params(utc(row.at()), row.actor(), row.action(), row.target(), row.detail()).update();
    }

    /**
     * The newest {@code limit} audit rows, newest first, optionally of one actor or target and of one
     * action (or, when {@code action} ends in '.', of the actions it starts).
     */
    public List<AuditRow> audit(String user, String action, int limit) {
        List<String> conditions = new java.util.ArrayList<>();
        List<Object> params = new java.util.ArrayList<>();
        if (user != null) {
            conditions.add("(actor = ? OR target = ?)");
            params.add(user);
            params.add(user);
        }
        if (action != null) {
            conditions.add(action.endsWith(".") ? "starts_with(action, ?)" : "action = ?");
            params.add(action);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT happened_at, actor, action, target, detail FROM access_audit" + where
                + " ORDER BY happened_at DESC LIMIT " + limit);
        if (!params.isEmpty()) {
            statement = statement.params(params);
        }
        return statement.query((row, index) -> new AuditRow(instant(row, 1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5))).list();
    }

    private static Stored stored(ResultSet row) throws SQLException {
        User user = new User(new Username(row.getString(1)), row.getString(2),
                Arrays.stream(row.getString(3).split(",")).map(Role::parse).collect(Collectors.toSet()), row.getBoolean(4),
                row.getBoolean(5), instant(row, 6), instant(row, 7), instant(row, 8));
        return new Stored(user, row.getString(9));
    }

    private static String roles(User user) {
        return user.roles().stream().map(Role::name).collect(Collectors.joining(","));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        LocalDateTime time = row.getObject(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
