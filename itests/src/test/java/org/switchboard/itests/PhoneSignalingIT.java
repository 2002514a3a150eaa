package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.phone.PhoneLines;

/**
 * The phone line's signalling on {@code /api/v1/ws} against bad and out-of-order input: each gets
 * its {@code {"type":"phone","event":"error"}} and nothing else breaks; without a valid token there
 * is no socket and so no line; only one tab holds the phone and the server decides which.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PhoneSignalingIT extends SwitchboardTestSupport {

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    private record Tab(WebSocket socket, BlockingQueue<JsonNode> received) {
        void send(String json) {
            socket.sendText(json, true).join();
        }

        JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonNode message = received.poll(200, TimeUnit.MILLISECONDS);
                if (message != null && wanted.test(message)) {
                    return message;
                }
            }
            throw new AssertionError("no such message within 10 s; left: " + received);
        }

        JsonNode phone(String event) throws InterruptedException {
            return next(m -> "phone".equals(m.path("type").asText()) && event.equals(m.path("event").asText()));
        }
    }

    private Tab tab(String token) throws Exception {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + HTTP_PORT + "/api/v1/ws?token=" + token), collector(received))
                .get(10, TimeUnit.SECONDS);
        return new Tab(socket, received);
    }

    /** The REST API (login) and the WebSocket come up a moment after the phone lines. */
    @Before
    public void healthy() throws Exception {
        awaitHealthy();
        awaitService(PhoneLines.class);
    }

    @Test
    public void badAndOutOfOrderPhoneMessagesGetTheirErrorAndNothingElseBreaks() throws Exception {
        awaitService(PhoneLines.class);
        Tab alice = tab(login("alice", "alice-secret"));
        assertTrue("the first tab holds the phone", alice.phone("state").path("active").asBoolean());

        alice.send("{\"type\":\"phone\",\"event\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"}");
        assertEquals("no-line", alice.phone("error").path("error").asText());

        alice.send("{\"type\":\"phone\",\"event\":\"open\",\"sdp\":\"v=0\\r\\nthis is not an offer\\r\\n\"}");
        JsonNode badSdp = alice.phone("error");
        assertTrue(badSdp.toString(), badSdp.path("error").asText().startsWith("bad-sdp")
                || badSdp.path("error").asText().startsWith("no-"));

        alice.send("{\"type\":\"phone\",\"event\":\"open\"}");
        assertEquals("bad-request", alice.phone("error").path("error").asText());

        alice.send("{\"type\":\"phone\",\"event\":\"dance\"}");
        JsonNode unknown = alice.phone("error");
        assertEquals("bad-request", unknown.path("error").asText());
        assertTrue(unknown.toString(), unknown.path("message").asText().contains("dance"));

        alice.send("not json at all");
        alice.send("{\"type\":\"ping\"}");
        alice.next(m -> "pong".equals(m.path("type").asText())); // the socket still serves

        String token = login("alice", "alice-secret");
        Answer answer = post("/calls/" + java.util.UUID.randomUUID() + "/answer", token, "{}");
        assertEquals(answer.body().toString(), 404, answer.status());
        assertEquals(200, get("/health", null).status());
        alice.socket().abort();
    }

    @Test
    public void theServerDecidesWhichTabHoldsThePhoneAndTakeMovesIt() throws Exception {
        awaitService(PhoneLines.class);
        String token = login("bob", "bob-secret");
        Tab first = tab(token);
        assertTrue(first.phone("state").path("active").asBoolean());
        Tab second = tab(token);
        assertFalse("a second tab shows Enable calling", second.phone("state").path("active").asBoolean());

        second.send("{\"type\":\"phone\",\"event\":\"open\",\"sdp\":\"v=0\\r\\n\"}");
        assertEquals("only the tab holding the phone opens a line", "not-active", second.phone("error").path("error").asText());

        second.send("{\"type\":\"phone\",\"event\":\"take\"}");
        assertTrue("take moves the phone here", second.phone("state").path("active").asBoolean());
        assertFalse("the first tab is told it lost the phone", first.phone("state").path("active").asBoolean());

        second.socket().abort();
        assertTrue("the tab left gets the phone back when the holder closes", first.phone("state").path("active").asBoolean());
        first.socket().abort();
    }

    @Test
    public void withoutAValidTokenThereIsNoSocketAndNoLine() throws Exception {
        for (String token : new String[] {"forged", "", login("carol", "carol-secret") + "x"}) {
            Tab tab = tab(token);
            JsonNode first = tab.next(m -> true);
            assertEquals("token '" + token + "': " + first, "closed", first.path("type").asText());
            assertEquals(1008, first.path("code").asInt());
        }
        String revoked = login("carol", "carol-secret");
        assertEquals(204, delete("/sessions/current", revoked).status());
        JsonNode closed = tab(revoked).next(m -> true);
        assertEquals("a logged-out token opens nothing: " + closed, "closed", closed.path("type").asText());
    }

    @Test
    public void answeringWithoutAPhoneLineIsAConflictNotACrash() throws Exception {
        String alice = login("alice", "alice-secret");
        Answer call = post("/calls", alice, "{\"to\":\"1002\",\"device\":\"browser\"}");
        assertEquals("click-to-call from a browser without a line: " + call.body(), 409, call.status());
        assertEquals("conflict", call.body().path("error").asText());
        Answer device = post("/calls", alice, "{\"to\":\"1002\",\"device\":\"fax\"}");
        assertEquals(400, device.status());
    }
}
