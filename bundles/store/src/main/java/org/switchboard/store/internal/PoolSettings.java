package org.switchboard.store.internal;

import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the connection pool needs, resolved from the store configuration. */
record PoolSettings(String url, String user, String password, int poolSize, Duration connectionTimeout) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final String KARAF_DATA_FALLBACK = "./data";

    PoolSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeoutMillis must be at least 250");
        }
    }

    static PoolSettings from(Database.Config config, Properties systemProperties) {
        return new PoolSettings(resolve(config.url(), systemProperties), config.user(), config.password(),
                config.poolSize(), Duration.ofMillis(config.connectionTimeoutMillis()));
    }

    /** Replaces {@code ${name}} with system properties; {@code karaf.data} falls back to {@code ./data}. */
    static String resolve(String url, Properties systemProperties) {
        Matcher matcher = PLACEHOLDER.matcher(url);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = systemProperties.getProperty(name, "karaf.data".equals(name) ? KARAF_DATA_FALLBACK : null);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** The URL without its parameters, which may carry credentials; safe to log. */
    String redactedUrl() {
        int cut = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = url.indexOf(separator);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    @Override
    public String toString() {
        return "PoolSettings[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
