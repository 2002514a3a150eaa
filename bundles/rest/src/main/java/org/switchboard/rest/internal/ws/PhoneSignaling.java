package org.switchboard.rest.internal.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.api.phone.PhoneTab;

/**
 * The {@code "type":"phone"} messages of {@code /api/v1/ws}: a tab's line signalling goes to the
 * webrtc bundle's {@link PhoneLines}, and what it answers comes back to that tab only. The contract
 * (in the rest README) is {@code open}/{@code answer}/{@code candidate} for the line, {@code state}
 * and {@code take} for which tab holds the phone, and {@code error} for anything refused.
 */
final class PhoneSignaling {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneSignaling.class);
    static final String TYPE = "phone";

    private final AtomicReference<PhoneLines> lines = new AtomicReference<>();
    private final BiConsumer<Subscriber, Map<String, Object>> send;

    /** @param send queues a message to one subscriber, in order */
    PhoneSignaling(BiConsumer<Subscriber, Map<String, Object>> send) {
        this.send = send;
    }

    void bind(PhoneLines phoneLines, Iterable<Subscriber> connected) {
        lines.set(phoneLines);
        connected.forEach(subscriber -> opened(subscriber)); // tabs connected before the phone service came
    }

    void unbind(PhoneLines phoneLines) {
        lines.compareAndSet(phoneLines, null);
    }

    /** A tab authenticated: the phone service tells it whether it holds the phone. */
    void opened(Subscriber subscriber) {
        PhoneLines phone = lines.get();
        if (phone != null) {
            guarded(subscriber, () -> phone.tabOpened(agentOf(subscriber), tabOf(subscriber), tabFor(subscriber)));
        }
    }

    void closed(Subscriber subscriber) {
        PhoneLines phone = lines.get();
        if (phone != null) {
            guarded(subscriber, () -> phone.tabClosed(agentOf(subscriber), tabOf(subscriber)));
        }
    }

    void received(Subscriber subscriber, JsonNode message) {
        PhoneLines phone = lines.get();
        if (phone == null) {
            error(subscriber, "unavailable", "the browser phone is not running (feature switchboard-webrtc)");
            return;
        }
        UUID agent = agentOf(subscriber);
        String tab = tabOf(subscriber);
        String event = message.path("event").asText("");
        switch (event) {
            case "open" -> {
                String sdp = message.path("sdp").asText("");
                if (sdp.isBlank()) {
                    error(subscriber, "bad-request", "open needs the tab's SDP offer in \"sdp\"");
                } else {
                    guarded(subscriber, () -> phone.open(agent, tab, sdp));
                }
            }
            case "candidate" -> {
                String candidate = message.path("candidate").asText("");
                guarded(subscriber, () -> phone.candidate(agent, tab, candidate, message.path("sdpMid").asText("0")));
            }
            case "take" -> guarded(subscriber, () -> phone.take(agent, tab));
            default -> error(subscriber, "bad-request", "unknown phone event '" + abbreviated(event)
                    + "': open, candidate or take");
        }
    }

    private PhoneTab tabFor(Subscriber subscriber) {
        return new PhoneTab() {
            @Override
            public void answer(String sdp) {
                send(subscriber, "answer", Map.of("sdp", sdp));
            }

            @Override
            public void candidate(String candidate, String sdpMid) {
                send(subscriber, "candidate", Map.of("candidate", candidate, "sdpMid", sdpMid));
            }

            @Override
            public void state(boolean active) {
                send(subscriber, "state", Map.of("active", active));
            }

            @Override
            public void error(String code, String message) {
                PhoneSignaling.this.error(subscriber, code, message);
            }
        };
    }

    /** The phone service refuses with exceptions; the tab gets them as error messages. */
    private void guarded(Subscriber subscriber, Runnable action) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            error(subscriber, "bad-request", e.getMessage());
        } catch (IllegalStateException e) {
            error(subscriber, "conflict", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("WebSocket {}: phone signalling failed: {}", subscriber.session().getId(), e.toString());
            error(subscriber, "internal", "the phone line could not be handled");
        }
    }

    private void error(Subscriber subscriber, String code, String message) {
        send(subscriber, "error", Map.of("error", code, "message", String.valueOf(message)));
    }

    private void send(Subscriber subscriber, String event, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("event", event);
        body.putAll(fields);
        send.accept(subscriber, body);
    }

    private static UUID agentOf(Subscriber subscriber) {
        return subscriber.principal().agent().id();
    }

    private static String tabOf(Subscriber subscriber) {
        return subscriber.session().getId();
    }

    private static String abbreviated(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
