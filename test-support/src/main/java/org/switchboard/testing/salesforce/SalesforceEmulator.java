package org.switchboard.testing.salesforce;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict stand-in for one Salesforce org, served over real HTTP on 127.0.0.1: the OAuth endpoints (JWT
 * bearer, web-server flow with PKCE, refresh, identity) and the REST API calls of Switchboard's Salesforce contract
 * (SOSL phone and directory search, SOQL reads, Case/Opportunity/Task inserts, Task updates). It refuses what
 * Salesforce refuses, with Salesforce's status codes and error bodies, so a connector that is wrong about
 * Salesforce fails against it. Failures can be injected: expired sessions, rate limits, HTML error pages, timeouts,
 * broken JSON, a crash between storing a Task and acknowledging it, and the server going away.
 *
 * <p>{@link #url()} is both the login URL and the instance URL. Requests are served by several threads at once.
 */
public final class SalesforceEmulator implements AutoCloseable {

    /** What the next data requests (under {@code /services/data}) answer instead of their real answer. */
    public enum Failure {
        /** 403 {@code REQUEST_LIMIT_EXCEEDED}. */
        RATE_LIMIT,
        /** 500 with an HTML page, as Salesforce's front end sends in an outage. */
        SERVER_ERROR_HTML,
        /** No answer at all until the emulator stops or closes, or 60 s pass; then the connection drops. */
        TIMEOUT,
        /** 200 {@code application/json} whose body is cut off mid-object. */
        MALFORMED_JSON
    }

    /** The ids {@link #seedDemo()} created (users, account, contacts and Hanako's open case and opportunity). */
    public record Demo(String integrationUserId, String aliceUserId, String bobUserId, String supportManagerUserId,
            String acmeAccountId, String hanakoContactId, String hanakoCaseId, String hanakoOpportunityId,
            String taroContactId, String jiroContactId) {
        public static final String INTEGRATION_USERNAME = "integration@switchboard.test";
        public static final String ALICE_USERNAME = "alice@switchboard.test";
        public static final String BOB_USERNAME = "bob@switchboard.test";
        public static final String SUPPORT_MANAGER_USERNAME = "manager@switchboard.test";
    }

    private static final System.Logger LOG = System.getLogger(SalesforceEmulator.class.getName());
    private static final long HOLD_SECONDS = 60;
    private static final Pattern IDENTITY = Pattern.compile("/id/([A-Za-z0-9]+)/([A-Za-z0-9]+)/?");

    private final Clock clock = Clock.systemUTC();
    private final Org org = new Org(clock);
    private final Sessions sessions = new Sessions(org.orgId());
    private final OAuth oauth;
    private final DataApi dataApi;
    private final ExecutorService executor;
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private volatile boolean stallTaskInsert;

    private final Object lifecycle = new Object();
    private HttpServer server;
    private boolean closed;
    /** Released (and replaced) when the server stops: the held requests then drop their connections. */
    private volatile CountDownLatch releaseHeld = new CountDownLatch(1);
    private final int port;
    private final URI url;

    private SalesforceEmulator(int requestedPort) {
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "salesforce-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = bind(requestedPort);
        this.port = server.getAddress().getPort();
        this.url = URI.create("http://127.0.0.1:" + port);
        this.oauth = new OAuth(org, sessions, clock, this::url);
        this.dataApi = new DataApi(org, sessions, () -> stallTaskInsert);
        server.start();
    }

    /** Listens on a free port of 127.0.0.1. */
    public static SalesforceEmulator start() {
        return new SalesforceEmulator(0);
    }

    /** Listens on the given port of 127.0.0.1 (0: any free port). */
    public static SalesforceEmulator start(int port) {
        return new SalesforceEmulator(port);
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash: the login URL, the JWT audience and the instance URL. */
    public URI url() {
        return url;
    }

    /** The org's 18-character id ({@code 00D...}), as in the identity URL. */
    public String orgId() {
        return org.orgId();
    }

    // ---- keys and the connected app

    /** A fresh RSA 2048 key pair: the private half for the connector, the public half for {@link #registerApp}. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** The key as PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}), the format of a {@code privateKeyFile}. */
    public static String pem(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("not a PKCS#8 key: " + key.getFormat());
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** The connected app, with no consumer secret required and any callback URL accepted. */
    public void registerApp(String clientId, RSAPublicKey key) {
        registerApp(clientId, key, null);
    }

    /**
     * The connected app with a consumer secret (required on code exchange and refresh when not null) and its
     * callback URLs (the only {@code redirect_uri}s the authorize endpoint accepts; none given: any).
     */
    public void registerApp(String clientId, RSAPublicKey key, String clientSecretOrNull, String... callbackUrls) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(key, "key");
        oauth.register(new OAuth.App(clientId, key, clientSecretOrNull, Set.of(callbackUrls)));
    }

    /** Who is "logged in" to the browser that the authorize endpoint sees; until set, it shows a login page. */
    public void authorizeAs(String username) {
        oauth.authorizeAs(username);
    }

    // ---- data

    /** An active user; its email is its username. Returns the 005 id. */
    public String addUser(String username, String name, String phone) {
        Map<String, Object> fields = person(name);
        fields.put("Username", Objects.requireNonNull(username, "username"));
        fields.put("Phone", phone);
        fields.put("MobilePhone", null);
        fields.put("Email", username);
        fields.put("Title", null);
        fields.put("IsActive", true);
        return org.seed("User", fields);
    }

    /** Returns the 001 id. */
    public String addAccount(String name, String phone) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", Objects.requireNonNull(name, "name"));
        fields.put("Phone", phone);
        return org.seed("Account", fields);
    }

    /** Returns the 003 id. */
    public String addContact(String name, String phone, String accountIdOrNull) {
        return addContact(name, phone, accountIdOrNull, null, null);
    }

    /** A contact with an email and title too. Returns the 003 id. */
    public String addContact(String name, String phone, String accountIdOrNull, String email, String title) {
        Map<String, Object> fields = person(name);
        fields.put("Phone", phone);
        fields.put("MobilePhone", null);
        fields.put("Email", email);
        fields.put("Title", title);
        fields.put("AccountId", accountIdOrNull == null ? null : existing(accountIdOrNull, Schema.ACCOUNT));
        return org.seed("Contact", fields);
    }

    /** Returns the 00Q id. */
    public String addLead(String name, String phone, String company) {
        Map<String, Object> fields = person(name);
        fields.put("Company", Objects.requireNonNull(company, "company"));
        fields.put("Phone", phone);
        fields.put("MobilePhone", null);
        fields.put("Email", null);
        fields.put("Title", null);
        fields.put("Status", "Open - Not Contacted");
        return org.seed("Lead", fields);
    }

    /** An open case (Status New, Origin Phone) on the contact and its account. Returns the 500 id. */
    public String addCase(String contactId, String subject) {
        String contact = existing(contactId, Schema.CONTACT);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Subject", Objects.requireNonNull(subject, "subject"));
        fields.put("Status", "New");
        fields.put("Origin", "Phone");
        fields.put("ContactId", contact);
        fields.put("AccountId", org.byId(contact).map(c -> c.get("AccountId")).orElse(null));
        return org.seed("Case", fields);
    }

    /** An open opportunity (Prospecting, closing in 30 days) on the contact and its account. Returns the 006 id. */
    public String addOpportunity(String contactId, String name) {
        String contact = existing(contactId, Schema.CONTACT);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", Objects.requireNonNull(name, "name"));
        fields.put("StageName", "Prospecting");
        fields.put("CloseDate", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
        fields.put("ContactId", contact);
        fields.put("AccountId", org.byId(contact).map(c -> c.get("AccountId")).orElse(null));
        return org.seed("Opportunity", fields);
    }

    /** Closes a case (Status Closed) or an opportunity (Closed Won): the open-items queries no longer return it. */
    public void close(String caseOrOpportunityId) {
        String id = SalesforceIds.normalize(caseOrOpportunityId)
                .orElseThrow(() -> new IllegalArgumentException("not an id: " + caseOrOpportunityId));
        switch (SalesforceIds.prefix(id)) {
            case Schema.CASE -> org.force(id, Map.of("Status", "Closed"));
            case Schema.OPPORTUNITY -> org.force(id, Map.of("StageName", "Closed Won"));
            default -> throw new IllegalArgumentException("neither a case nor an opportunity: " + id);
        }
    }

    /** Deactivates a user: no JWT for it, and it can no longer own records. */
    public void deactivateUser(String username) {
        String id = org.userByUsername(username).orElseThrow(() -> new IllegalArgumentException("no user " + username))
                .id();
        org.force(id, Map.of("IsActive", false));
    }

    /**
     * Switchboard's demo org: users {@code integration@switchboard.test}, {@code alice@switchboard.test} (Alice Agent,
     * +15550101), {@code bob@switchboard.test} (Bob Agent, +15550102), {@code manager@switchboard.test} (Support
     * Manager, +15557770001); the Acme Corp account; Hanako Yamada +15551230001 at Acme with one open case and one
     * open opportunity; Taro Sato (at Acme) and Jiro Sato, both "(555) 123-0002".
     */
    public Demo seedDemo() {
        String integration = addUser(Demo.INTEGRATION_USERNAME, "Integration User", null);
        String alice = addUser(Demo.ALICE_USERNAME, "Alice Agent", "+15550101");
        String bob = addUser(Demo.BOB_USERNAME, "Bob Agent", "+15550102");
        String manager = addUser(Demo.SUPPORT_MANAGER_USERNAME, "Support Manager", "+15557770001");
        String acme = addAccount("Acme Corp", "(555) 123-0000");
        String hanako = addContact("Hanako Yamada", "+15551230001", acme, "hanako.yamada@acme.example",
                "Procurement Manager");
        String hanakoCase = addCase(hanako, "Replacement headset has not arrived");
        String hanakoOpportunity = addOpportunity(hanako, "Acme Corp - 50 seat renewal");
        String taro = addContact("Taro Sato", "(555) 123-0002", acme, "taro.sato@acme.example", "Buyer");
        String jiro = addContact("Jiro Sato", "(555) 123-0002", null, "jiro.sato@example.com", null);
        return new Demo(integration, alice, bob, manager, acme, hanako, hanakoCase, hanakoOpportunity, taro, jiro);
    }

    /** Every stored record of a kind ({@code "Task"}, {@code "Case"}, ...), oldest first, as field maps. */
    public List<Map<String, Object>> records(String sobject) {
        return org.fieldsOf(Schema.byName(sobject)
                .orElseThrow(() -> new IllegalArgumentException("unknown sObject " + sobject)));
    }

    // ---- failure injection

    /** Every access token issued so far answers 401 {@code INVALID_SESSION_ID}; new ones work. */
    public void expireTokens() {
        sessions.expireAccessTokens();
    }

    /** The next {@code count} data requests (after those already queued) fail so. */
    public void failNext(int count, Failure failure) {
        Objects.requireNonNull(failure, "failure");
        synchronized (failures) {
            for (int i = 0; i < count; i++) {
                failures.add(failure);
            }
        }
    }

    /** While on, a Task insert is stored and then never acknowledged (a crash between insert and answer). */
    public void stallAfterTaskInsert(boolean stall) {
        this.stallTaskInsert = stall;
    }

    /** Stops listening: connections are refused, held requests drop. The data stays. */
    public void stop() {
        synchronized (lifecycle) {
            if (server == null) {
                return;
            }
            // Stop listening before releasing the held requests: a client whose held GET loses its connection
            // retries it once (the JDK client does for idempotent requests), and that retry must be refused.
            server.stop(0);
            server = null;
            CountDownLatch held = releaseHeld;
            releaseHeld = new CountDownLatch(1);
            held.countDown();
        }
    }

    /** Listens again on the same port, with the same data, apps and tokens. */
    public void restart() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (server == null) {
                server = bind(port);
                server.start();
            }
        }
    }

    /** "POST /services/data/v62.0/sobjects/Task 201", in the order answered; "stalled"/"timeout" for no answer. */
    public List<String> requestLog() {
        return List.copyOf(requestLog);
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
        }
        stop();
        executor.shutdownNow();
    }

    // ---- HTTP

    private HttpServer bind(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
            created.createContext("/", this::serve);
            created.setExecutor(executor);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void serve(HttpExchange exchange) {
        String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        try {
            Reply reply = answer(exchange);
            if (reply.held() != null) {
                requestLog.add(line + " " + reply.held());
                awaitRelease();
                return; // closing an exchange that sent no headers drops the connection
            }
            requestLog.add(line + " " + reply.status());
            send(exchange, reply);
        } catch (IOException e) {
            // the client went away; nothing to answer
        } finally {
            exchange.close();
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        try {
            Request request = new Request(exchange.getRequestMethod(), path,
                    Request.form(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(), body);
            if (path.startsWith("/services/data")) {
                Failure failure;
                synchronized (failures) {
                    failure = failures.poll();
                }
                return failure != null ? injected(failure) : dataApi.handle(request);
            }
            if (path.equals("/services/oauth2/token")) {
                return oauth.token(request);
            }
            if (path.equals("/services/oauth2/authorize")) {
                return oauth.authorize(request);
            }
            Matcher identity = IDENTITY.matcher(path);
            if (identity.matches()) {
                return oauth.identity(request, identity.group(1), identity.group(2));
            }
            throw ApiError.notFound();
        } catch (ApiError e) {
            return e.reply();
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest("MALFORMED_QUERY", "malformed URL encoding: " + e.getMessage()).reply();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "emulator bug answering " + exchange.getRequestMethod() + " " + path, e);
            return ApiError.of(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if"
                    + " you contact support: 1234567890-12345 (-1)").reply();
        }
    }

    private static Reply injected(Failure failure) {
        return switch (failure) {
            case RATE_LIMIT -> ApiError.of(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.").reply();
            case SERVER_ERROR_HTML -> Reply.html(500, "<!DOCTYPE html><html><head><title>Error</title></head><body>"
                    + "<h1>An unexpected error occurred.</h1><p>Salesforce is temporarily unavailable. Please try"
                    + " again later.</p></body></html>");
            case TIMEOUT -> Reply.hold("timeout");
            case MALFORMED_JSON -> Reply.json(200, "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"typ");
        };
    }

    private void awaitRelease() {
        try {
            releaseHeld.await(HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        if (reply.location() != null) {
            exchange.getResponseHeaders().set("Location", reply.location());
        }
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String existing(String id, String prefix) {
        String id18 = SalesforceIds.normalize(id).filter(i -> SalesforceIds.prefix(i).equals(prefix))
                .orElseThrow(() -> new IllegalArgumentException("not a " + prefix + " id: " + id));
        org.byId(id18).orElseThrow(() -> new IllegalArgumentException("no record " + id));
        return id18;
    }

    /** FirstName/LastName/Name from a full name: the last word is the last name, as Salesforce's UI splits it. */
    private static Map<String, Object> person(String name) {
        String trimmed = Objects.requireNonNull(name, "name").trim();
        int space = trimmed.lastIndexOf(' ');
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FirstName", space < 0 ? null : trimmed.substring(0, space));
        fields.put("LastName", space < 0 ? trimmed : trimmed.substring(space + 1));
        return fields;
    }
}
