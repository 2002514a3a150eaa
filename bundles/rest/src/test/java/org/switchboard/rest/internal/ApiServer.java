package org.switchboard.rest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.ResourceProvider;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.CallRecording;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.CallVoicemail;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.RecordingAction;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.recording.RecordingStorage;
import org.switchboard.api.session.Session;
import org.switchboard.api.session.SessionRepository;
import org.switchboard.rest.internal.auth.Authenticator;
import org.switchboard.rest.internal.recording.RecordingAccess;
import org.switchboard.rest.internal.recording.RecordingEvents;
import org.switchboard.api.agent.AgentSettingsRepository;
import org.switchboard.rest.internal.resource.AgentResource;
import org.switchboard.rest.internal.resource.CallLogResource;
import org.switchboard.rest.internal.resource.DirectoryResource;
import org.switchboard.rest.internal.resource.CallResource;
import org.switchboard.rest.internal.resource.GreetingResource;
import org.switchboard.rest.internal.resource.HealthResource;
import org.switchboard.rest.internal.resource.RecordingResource;

/**
 * The recording, call and call-log resources served over real HTTP (CXF on Jetty, a free port) with
 * the production providers, in front of in-memory collaborators: agents alice and bob (AGENT, both
 * in group support; bob alone in sales) and carol (SUPERVISOR), logged in with the tokens
 * {@code <name>-token}.
 */
public final class ApiServer implements AutoCloseable {
    public final Agent alice = agent("alice", Role.AGENT);
    public final Agent bob = agent("bob", Role.AGENT);
    final Agent carol = agent("carol", Role.SUPERVISOR);
    final Group support = group("support", alice.id(), bob.id());
    final Group sales = group("sales", bob.id());

    final InMemoryRecordings recordings = new InMemoryRecordings();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T14:12:00Z"));
    final AtomicReference<RecordingService> recordingService = new AtomicReference<>();
    public final AtomicReference<PhoneLines> phoneLines = new AtomicReference<>();
    /** The components GET /health reports. */
    public final List<HealthIndicator> health = new CopyOnWriteArrayList<>();
    final Map<UUID, Call> calls = new ConcurrentHashMap<>();
    public final Map<UUID, CallLog> callLogs = new ConcurrentHashMap<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    public final List<UUID> pickedUp = new CopyOnWriteArrayList<>();

    private final Server server;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    public ApiServer(Path recordingsRoot) {
        System.setProperty(RecordingStorage.PROPERTY, recordingsRoot.toString());
        base = "http://127.0.0.1:" + freePort() + "/api/v1";
        recordingService.set(new SigningRecordingService(recordings, base, now::get));
        Map<UUID, Agent> agents = Map.of(alice.id(), alice, bob.id(), bob, carol.id(), carol);
                var crm = new CrmAccess(Stub.of(CrmConnectors.class, Map.of("preferred", a -> Optional.empty())));
        var numbers = Stub.of(NumberRepository.class, Map.of("groups", a -> List.of(support, sales)));
        var access = new RecordingAccess(recordings, () -> Optional.ofNullable(recordingService.get()), numbers);
        EventAdmin eventAdmin = Stub.of(EventAdmin.class, Map.of("postEvent", a -> events.add((Event) a[0])));
        CallService callService = callService();
        AgentService agentService = agentService(agents);
        NumberPlan numberPlan = Stub.of(NumberPlan.class, Map.of("callerIdsFor", a -> List.of()));
        List<Object> resources = List.of(
                new HealthResource(() -> List.copyOf(health)),
                // the neighbours whose paths overlap ours (/agents, /), so routing is checked too
                new AgentResource(agentService, Stub.of(AgentSettingsRepository.class, Map.of()), numberPlan),
                new DirectoryResource(agentService, numbers, crm),
                new RecordingResource(access, new RecordingEvents(() -> Optional.of(eventAdmin))),
                new GreetingResource(access),
                new CallResource(callService, numberPlan, Optional::empty,
                        () -> Optional.ofNullable(phoneLines.get()), Stub.of(AgentRepository.class, Map.of()), crm),
                new CallLogResource(Stub.of(CallLogRepository.class,
                        Map.of("find", a -> Optional.ofNullable(callLogs.get((UUID) a[0])))), callService,
                        Stub.of(Outbox.class, Map.of("deliveries", a -> List.of())), crm));
        var authenticator = new Authenticator(sessions(agents), agentService, java.time.Clock.systemUTC());
        var factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress(base);
        factory.setResourceProviders(resources.stream().<ResourceProvider>map(SingletonResourceProvider::new).toList());
        factory.setProviders(RestServer.providers(authenticator));
        server = factory.create();
    }

    public UUID alice() {
        return alice.id();
    }

    public UUID bob() {
        return bob.id();
    }

    public UUID carol() {
        return carol.id();
    }

    public UUID support() {
        return support.id();
    }

    public UUID sales() {
        return sales.id();
    }

    public InMemoryRecordings recordings() {
        return recordings;
    }

    public List<Event> events() {
        return events;
    }

    public void advance(Duration time) {
        now.updateAndGet(t -> t.plus(time));
    }

    /** As while the recording bundle is stopped or being updated. */
    public void stopRecordingBundle() {
        recordingService.set(null);
    }

    /** A READY recording of 42 s from +15551230001, started now, whose MP3 holds {@code bytes}. */
    public Recording ready(RecordingKind kind, Optional<UUID> agentId, Optional<UUID> groupId, byte[] bytes) {
        return ready(kind, agentId, groupId, bytes, now.get());
    }

    public Recording ready(RecordingKind kind, Optional<UUID> agentId, Optional<UUID> groupId, byte[] bytes,
            Instant startedAt) {
        UUID id = UUID.randomUUID();
        Path mp3 = RecordingStorage.root().resolve(id + ".mp3");
        try {
            Files.createDirectories(mp3.getParent());
            Files.write(mp3, bytes);
            String sum = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Recording recording = Recording.started(id, UUID.randomUUID(), kind, agentId, groupId, "+15551230001",
                            "+15550100", startedAt, RecordingStorage.root().resolve(id + ".wav").toString())
                    .ready(mp3.toString(), sum, bytes.length, Duration.ofSeconds(42));
            recordings.save(recording);
            return recording;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Captured, waiting to be encoded. */
    public Recording raw(RecordingKind kind, Optional<UUID> agentId) {
        UUID id = UUID.randomUUID();
        Recording recording = Recording.started(id, UUID.randomUUID(), kind, agentId, Optional.empty(), "+15551230001",
                "+15550100", now.get(), RecordingStorage.root().resolve(id + ".wav").toString())
                .captured(Duration.ofSeconds(5));
        recordings.save(recording);
        return recording;
    }

    public String base() {
        return base;
    }

    public HttpResponse<String> get(String token, String path) {
        return send(request(token, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String token, String pathOrUrl, String... headers) {
        HttpRequest.Builder request = request(token, pathOrUrl).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String token, String path, String json) {
        return send(request(token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String token, String path, String contentType, byte[] body) {
        return send(request(token, path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String token, String path) {
        return send(request(token, path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String token, String pathOrUrl) {
        var builder = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A live inbound call from +15551230001 with a ringing or answered leg for each agent given. */
    public Call call(LegState state, Agent... on) {
        UUID callId = UUID.randomUUID();
        List<Leg> legs = new java.util.ArrayList<>();
        legs.add(leg(callId, LegRole.CALLER, Party.external(E164.of("+15551230001")), LegState.ANSWERED));
        for (Agent agent : on) {
            legs.add(leg(callId, LegRole.CALLEE, Party.agent(agent), state));
        }
        Call call = new Call(callId, CallDirection.INBOUND, state == LegState.ANSWERED ? CallState.ACTIVE : CallState.RINGING,
                legs.get(0).party(), "+15550100", Optional.empty(), legs, Optional.of(support.id()), Optional.empty(),
                Optional.empty(), CallNotes.empty(), Optional.empty(), Optional.empty(), List.of(), now.get(),
                Optional.empty(), Optional.empty(), Optional.empty());
        calls.put(callId, call);
        return call;
    }

    /** The call, gone to the support group's voicemail with {@code screener}'s leg listening in. */
    public Call screened(Call call, Agent screener) {
        Leg leg = call.legs().stream().filter(l -> l.party().agentId().equals(Optional.of(screener.id()))).findFirst()
                .orElseThrow();
        var box = org.switchboard.api.call.VoicemailBox.ofGroup(support.id(), "support");
        Call screened = with(call, call.recording(), Optional.of(new CallVoicemail(UUID.randomUUID(), box,
                CallVoicemail.Phase.RECORDING, UUID.randomUUID(), Optional.of(leg.id()))));
        calls.put(call.id(), screened);
        return screened;
    }

    private CallService callService() {
        return Stub.of(CallService.class, Map.of(
                "find", a -> Optional.ofNullable(calls.get((UUID) a[0])),
                "active", a -> List.copyOf(calls.values()),
                "record", a -> record((UUID) a[0], (RecordingAction) a[1]),
                "pickUp", a -> pickUp((UUID) a[0])));
    }

    /** Core's rule, as far as these tests need it: one recording at a time, stop only what runs. */
    private Call record(UUID callId, RecordingAction action) {
        Call call = calls.get(callId);
        Optional<CallRecording> running = call.recording();
        Optional<CallRecording> next = switch (action) {
            case START -> {
                if (running.isPresent()) {
                    throw new IllegalCallStateException("call " + callId + " is already being recorded");
                }
                yield Optional.of(new CallRecording(UUID.randomUUID(), false, false));
            }
            case STOP -> {
                if (running.isEmpty()) {
                    throw new IllegalCallStateException("call " + callId + " is not being recorded");
                }
                yield Optional.empty();
            }
            case PAUSE, RESUME -> running.map(r -> new CallRecording(r.recordingId(), action == RecordingAction.PAUSE,
                    r.automatic()));
        };
        Call updated = with(call, next, call.voicemail());
        calls.put(callId, updated);
        return updated;
    }

    private Call pickUp(UUID legId) {
        pickedUp.add(legId);
        Call call = calls.values().stream().filter(c -> c.leg(legId).isPresent()).findFirst().orElseThrow();
        Call pickedUp = with(call, call.recording(), Optional.empty());
        calls.put(call.id(), pickedUp);
        return pickedUp;
    }

    private static Call with(Call c, Optional<CallRecording> recording, Optional<CallVoicemail> voicemail) {
        List<UUID> ids = new java.util.ArrayList<>(c.recordingIds());
        recording.map(CallRecording::recordingId).filter(id -> !ids.contains(id)).ifPresent(ids::add);
        return new Call(c.id(), c.direction(), c.state(), c.caller(), c.dialed(), c.callerId(), c.legs(), c.groupId(),
                c.consultOf(), c.contact(), c.notes(), recording, voicemail, ids, c.createdAt(), c.answeredAt(),
                c.endedAt(), c.endReason());
    }

    private Leg leg(UUID callId, LegRole role, Party party, LegState state) {
        return new Leg(UUID.randomUUID(), callId, role == LegRole.CALLER ? LegKind.SIP : LegKind.WEBRTC, role, party,
                state, false, false, now.get(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Agent agent(String name, Role role) {
        return new Agent(UUID.randomUUID(), name, name.substring(0, 1).toUpperCase() + name.substring(1), "100" + name.length(),
                Optional.empty(), role, true);
    }

    private static Group group(String name, UUID... members) {
        return new Group(UUID.randomUUID(), name, RingStrategy.RING_ALL, List.of(members), Duration.ofSeconds(20), true,
                Optional.of(Duration.ofSeconds(20)));
    }

    private static SessionRepository sessions(Map<UUID, Agent> agents) {
        return Stub.of(SessionRepository.class, Map.of("resolve", a -> agents.values().stream()
                .filter(agent -> (agent.username() + "-token").equals(a[0]))
                .findFirst()
                .map(agent -> new Session(UUID.randomUUID(), agent.id(), Instant.EPOCH, Instant.MAX))));
    }

    private static AgentService agentService(Map<UUID, Agent> agents) {
        return Stub.of(AgentService.class, Map.of("find", a -> Optional.ofNullable(agents.get((UUID) a[0]))
                .map(agent -> new AgentStatus(agent, Presence.AVAILABLE, Instant.EPOCH, Instant.EPOCH))));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
        System.clearProperty(RecordingStorage.PROPERTY);
    }
}
