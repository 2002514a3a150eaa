package org.switchboard.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A database that is down: every connection attempt fails, optionally after waiting for a latch. */
public final class UnreachableDataSource implements DataSource {
    public static final String REFUSED = "Connection refused: database host is down";

    private final String message;
    private final CountDownLatch answer;

    /** Fails at once. */
    public UnreachableDataSource() {
        this(REFUSED, new CountDownLatch(0));
    }

    /** Hangs until {@code answer} opens, then fails: a pool that has run dry. */
    public UnreachableDataSource(CountDownLatch answer) {
        this(REFUSED, answer);
    }

    /** Fails with {@code message} once {@code answer} opens. */
    public UnreachableDataSource(String message, CountDownLatch answer) {
        this.message = message;
        this.answer = answer;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            answer.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SQLException(message, "08001");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
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
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
