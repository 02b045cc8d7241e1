package io.percept.platform;

import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach cluster mode's PostgreSQL database.
 *
 * @param url        a {@code jdbc:postgresql:} URL
 * @param user       the database user
 * @param password   the user's password; blank when the server does not ask for one (trust or
 *                   peer authentication)
 * @param poolSize   connections in the pool, at least 1; every processor's batch and every
 *                   read holds one while it runs
 * @param properties further pgjdbc connection properties, e.g. {@code sslmode=verify-full}
 */
public record ClusterDatabaseSettings(
        @DefaultValue("jdbc:postgresql://localhost:5432/percept") String url,
        @DefaultValue("percept") String user,
        @DefaultValue("") String password,
        @DefaultValue("10") int poolSize,
        Map<String, String> properties) {

    public ClusterDatabaseSettings {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the cluster database URL must start with jdbc:postgresql:, was " + url);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("the cluster database needs a user");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("the cluster database pool needs at least 1 connection, was " + poolSize);
        }
        password = password == null ? "" : password;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The database at {@code url} as {@code user} without a password, 10 connections. */
    public static ClusterDatabaseSettings of(String url, String user) {
        return new ClusterDatabaseSettings(url, user, "", 10, Map.of());
    }

    /** These settings with another URL. */
    public ClusterDatabaseSettings withUrl(String otherUrl) {
        return new ClusterDatabaseSettings(otherUrl, user, password, poolSize, properties);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ClusterDatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", poolSize=" + poolSize + ", properties=" + properties.keySet() + "]";
    }
}
