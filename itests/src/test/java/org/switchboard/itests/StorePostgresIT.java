package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Switchboard on PostgreSQL (the local cluster that scripts/pg-test-db.sh starts): migrations
 * run, demo agents log in, and a restart of PostgreSQL turns health DOWN and back UP without
 * restarting anything of ours.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorePostgresIT extends SwitchboardTestSupport {
    private static final String PG_URL = System.getProperty("switchboard.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/switchboard_test");
    private static final String STORE_CFG = "etc/org.switchboard.store.cfg";

    @Configuration
    public Option[] config() throws SQLException {
        String schema = "itest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_URL, "switchboard", "switchboard");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        List<Option> options = new ArrayList<>(List.of(baseConfig()));
        options.add(editConfigurationFilePut(STORE_CFG, "url", PG_URL + "?currentSchema=" + schema));
        options.add(editConfigurationFilePut(STORE_CFG, "user", "switchboard"));
        options.add(editConfigurationFilePut(STORE_CFG, "password", "switchboard"));
        options.add(editConfigurationFilePut(STORE_CFG, "dataSourceFactory.target",
                "(osgi.jdbc.driver.class=org.postgresql.Driver)"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void healthy() throws Exception {
        awaitHealthy();
    }

    @Test
    public void runsOnPostgresqlAndSurvivesItsRestart() throws Exception {
        Answer health = get("/health", supervisorToken());
        assertTrue(health.body().toString(),
                health.body().path("components").path("store").path("detail").asText().startsWith("PostgreSQL"));
        String token = login("alice", "alice-secret");
        assertEquals(200, get("/directory?q=yamada", token).status());

        postgres("stop");
        try {
            await("health DOWN while PostgreSQL is stopped", () -> {
                try {
                    // anonymous: the session store is the database that is down, so no token would be accepted
                    Answer down = get("/health", null);
                    return down.status() == 503 && "DOWN".equals(down.body().path("status").asText());
                } catch (Exception e) {
                    return false;
                }
            });
            // what needs no database keeps answering
            assertEquals(200, get("/openapi.json", null).status());
        } finally {
            postgres("start");
        }
        awaitHealthy();
        String again = login("bob", "bob-secret");
        assertEquals(200, get("/agents/me", again).status());
        assertEquals(200, get("/agents/me", token).status());
    }

    /** Stops or starts the local PostgreSQL cluster (Debian's pg_ctlcluster; CI runs as root). */
    private static void postgres(String action) throws IOException, InterruptedException {
        Process list = new ProcessBuilder("pg_lsclusters", "--no-header").redirectErrorStream(true).start();
        String[] cluster = new String(list.getInputStream().readAllBytes()).trim().split("\\s+");
        list.waitFor(10, TimeUnit.SECONDS);
        Process p = new ProcessBuilder("pg_ctlcluster", cluster[0], cluster[1], action.toLowerCase(Locale.ROOT))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("pg_ctlcluster " + action + " failed: " + out);
        }
    }
}
