package org.switchboard.rest.internal.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.websocket.CloseReason;
import javax.websocket.OnClose;
import javax.websocket.OnError;
import javax.websocket.OnMessage;
import javax.websocket.OnOpen;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.event.EventStreams;
import org.switchboard.api.event.Topics;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.api.session.SessionRepository;
import org.switchboard.rest.internal.Json;
import org.switchboard.rest.internal.auth.AgentPrincipal;
import org.switchboard.rest.internal.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/ws}: pushes presence and call events as JSON. The client authenticates with
 * {@code ?token=} or with a first message {@code {"type":"auth","token":"…"}} within
 * {@value #AUTH_TIMEOUT_SECONDS} s; otherwise the socket is closed with 1008 (policy violation).
 * Agents receive their own calls' events, everyone's presence, and the recording events of their
 * recordings and their groups' voicemail; supervisors receive all. Messages
 * of type {@code phone} are the browser phone line's signalling ({@link PhoneSignaling}).
 *
 * <p>Registered on Pax Web's WebSocket whiteboard; one instance serves every connection.
 */
@ServerEndpoint("/api/v1/ws")
@Component(
        service = {Object.class, EventHandler.class, EventStreams.class},
        property = {
            "org.ops4j.pax.web.http.whiteboard.websocket=true",
            EventConstants.EVENT_TOPIC + "=" + Topics.CALL_ALL,
            EventConstants.EVENT_TOPIC + "=" + Topics.AGENT_ALL,
            EventConstants.EVENT_TOPIC + "=" + Topics.RECORDING_ALL
        })
public class EventSocket implements EventHandler, EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
    static final int AUTH_TIMEOUT_SECONDS = 10;
    private static final CloseReason UNAUTHORIZED =
            new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "authentication required");

    private final Authenticator authenticator;
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "switchboard-ws-sender"));
    private final ScheduledExecutorService authTimer =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "switchboard-ws-auth"));
    private final PhoneSignaling phone = new PhoneSignaling(this::sendTo);

    private final NumberRepository numbers;

    @Activate
    public EventSocket(@Reference SessionRepository sessions, @Reference AgentService agents,
            @Reference NumberRepository numbers) {
        this.authenticator = new Authenticator(sessions, agents, Clock.systemUTC());
        this.numbers = numbers;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPhoneLines(PhoneLines lines) {
        phone.bind(lines, subscribers.values());
    }

    void unsetPhoneLines(PhoneLines lines) {
        phone.unbind(lines);
    }

    @Deactivate
    void deactivate() {
        sender.shutdownNow();
        authTimer.shutdownNow();
        subscribers.values().forEach(s -> close(s.session(), new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "restarting")));
        subscribers.clear();
    }

    @OnOpen
    public void onOpen(Session session) {
        List<String> token = session.getRequestParameterMap().get("token");
        if (token != null && !token.isEmpty()) {
            authenticate(session, token.get(0));
            return;
        }
        authTimer.schedule(() -> {
            if (session.isOpen() && !subscribers.containsKey(session.getId())) {
                close(session, UNAUTHORIZED);
            }
        }, AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @OnMessage
    public void onMessage(Session session, String text) {
        Optional<JsonNode> message = parse(text);
        String type = message.map(m -> m.path("type").asText("")).orElse("");
        if (!subscribers.containsKey(session.getId())) {
            if ("auth".equals(type)) {
                authenticate(session, message.get().path("token").asText(""));
            } else {
                close(session, UNAUTHORIZED);
            }
            return;
        }
        Subscriber subscriber = subscribers.get(session.getId());
        if ("ping".equals(type)) {
            sendTo(subscriber, Map.of("type", "pong"));
        } else if (PhoneSignaling.TYPE.equals(type)) {
            phone.received(subscriber, message.get());
        }
    }

    @OnClose
    public void onClose(Session session) {
        forget(session);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        LOG.debug("WebSocket {} failed: {}", session.getId(), error.toString());
        forget(session);
    }

    /** The tab is gone: a phone line it held drops (its calls wait for the agent's next line). */
    private void forget(Session session) {
        Subscriber gone = subscribers.remove(session.getId());
        if (gone != null) {
            phone.closed(gone);
        }
    }

    /** Authenticated sessions only: a socket still waiting for its token is not yet a subscriber. */
    @Override
    public int sessions() {
        return subscribers.size();
    }

    @Override
    public void handleEvent(Event event) {
        if (subscribers.isEmpty()) {
            return; // no panel open: no message to build (0.6 % of the CPU at 800 calls a second)
        }
        EventMessages.of(event, this::membersOf).ifPresent(message -> {
            List<Subscriber> audience = subscribers.values().stream().filter(s -> s.mayReceive(message)).toList();
            if (!audience.isEmpty()) { // encoded once for all its receivers (a supervisor sees every call)
                encode(message.body()).ifPresent(json -> audience.forEach(s -> send(s, json)));
            }
        });
    }

    private List<String> membersOf(String groupId) {
        return numbers.groups().stream().filter(g -> g.id().toString().equals(groupId))
                .flatMap(g -> g.members().stream()).map(Object::toString).toList();
    }

    private void authenticate(Session session, String token) {
        Optional<AgentPrincipal> principal = authenticator.authenticate(token);
        if (principal.isEmpty()) {
            close(session, UNAUTHORIZED);
            return;
        }
        Subscriber subscriber = new Subscriber(session, principal.get());
        subscribers.put(session.getId(), subscriber);
        sendTo(subscriber, Map.of("type", "welcome", "agentId", principal.get().agent().id().toString(),
                "username", principal.get().agent().username()));
        phone.opened(subscriber);
    }

    private void sendTo(Subscriber subscriber, Map<String, Object> body) {
        encode(body).ifPresent(json -> send(subscriber, json));
    }

    private static Optional<String> encode(Map<String, Object> body) {
        try {
            return Optional.of(Json.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            LOG.warn("Could not encode a WebSocket message: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private void send(Subscriber subscriber, String json) {
        sender.execute(() -> {
            try {
                subscriber.send(json);
            } catch (IOException | RuntimeException e) {
                forget(subscriber.session());
            }
        });
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            return Optional.ofNullable(Json.mapper().readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static void close(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.debug("Closing WebSocket {} failed: {}", session.getId(), e.toString());
        }
    }
}
