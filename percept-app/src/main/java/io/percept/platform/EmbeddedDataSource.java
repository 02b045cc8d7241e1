package io.percept.platform;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over the embedded store for Spring's {@code JdbcClient} and transactions:
 * each {@link #getConnection()} is a new DuckDB connection to the same database (cheap, no pool
 * needed). For administrative and query paths, not per-event work.
 */
final class EmbeddedDataSource implements DataSource {

    private final EmbeddedStore store;

    EmbeddedDataSource(EmbeddedStore store) {
        this.store = store;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return reportingFailures(store.connect());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return reportingFailures(store.connect());
    }

    /** The connection, reporting a failed write (a commit that could not extend the store's files) to the store. */
    private Connection reportingFailures(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                store.reportFailure(e.getCause());
                throw e.getCause();
            }
        });
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
