import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.switchboard.testing.salesforce.SalesforceEmulator;

/**
 * The Salesforce side of bench/crm.sh, two modes (java single-file launch; classpath: the test-support jar,
 * nimbus-jose-jwt, Jackson):
 *
 * <pre>
 * serve &lt;dir&gt;            the SalesforceEmulator (demo org, a connected app "switchboard-bench" whose private key
 *                        it writes to &lt;dir&gt;/salesforce-key.pem) and a control port on 127.0.0.1:
 *                        GET /tasks (one line per Task: CallObject, CreatedDate in epoch ms, Id), GET /requests
 *                        (the emulator's request log counted by line), POST /stop. &lt;dir&gt;/salesforce.properties
 *                        tells the script both URLs; it is written last, so its presence means "ready".
 * peer &lt;dir&gt; &lt;n&gt; &lt;threads&gt; [query]   the peer: a trivial client inserting n Tasks (the connector's fields), after
 *                        as many (at most 200) uncounted, with
 *                        `threads` requests in flight, after one JWT bearer token; "query" first asks for the Task
 *                        by CallObject, as the connector does. Prints one line: inserted, failed, seconds, per second.
 * </pre>
 */
public final class SalesforceBench {
    static final String CLIENT_ID = "switchboard-bench";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("serve")) {
            serve(Path.of(args[1]));
        } else if (args.length >= 4 && args[0].equals("peer")) {
            peer(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 && args[4].equals("query"));
        } else {
            System.err.println("usage: SalesforceBench serve <dir> | peer <dir> <n> <threads> [query]");
            System.exit(2);
        }
    }

    // ---- serve

    static void serve(Path dir) throws Exception {
        SalesforceEmulator salesforce = SalesforceEmulator.start();
        KeyPair keys = SalesforceEmulator.newKeyPair();
        salesforce.registerApp(CLIENT_ID, (RSAPublicKey) keys.getPublic());
        Path keyFile = dir.resolve("salesforce-key.pem");
        Files.writeString(keyFile, SalesforceEmulator.pem(keys.getPrivate()));
        salesforce.seedDemo();

        CountDownLatch stop = new CountDownLatch(1);
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        control.createContext("/tasks", exchange -> reply(exchange, tasks(salesforce)));
        control.createContext("/requests", exchange -> reply(exchange, requests(salesforce)));
        control.createContext("/stop", exchange -> {
            reply(exchange, "stopping\n");
            stop.countDown();
        });
        control.start();

        Properties ready = new Properties();
        ready.setProperty("url", salesforce.url().toString());
        ready.setProperty("control", "http://127.0.0.1:" + control.getAddress().getPort());
        ready.setProperty("clientId", CLIENT_ID);
        ready.setProperty("username", SalesforceEmulator.Demo.INTEGRATION_USERNAME);
        ready.setProperty("privateKeyFile", keyFile.toAbsolutePath().toString());
        Path tmp = dir.resolve("salesforce.properties.tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            ready.store(out, "SalesforceEmulator for bench/crm.sh");
        }
        Files.move(tmp, dir.resolve("salesforce.properties"));
        System.out.println("salesforce emulator at " + salesforce.url() + ", control " + ready.getProperty("control"));

        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
        control.stop(0);
        salesforce.close();
    }

    /** CallObject, CreatedDate (epoch ms), Id: tab-separated, one Task a line. */
    static String tasks(SalesforceEmulator salesforce) {
        StringBuilder out = new StringBuilder();
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        for (Map<String, Object> task : salesforce.records("Task")) {
            long created = OffsetDateTime.parse((String) task.get("CreatedDate"), format).toInstant().toEpochMilli();
            out.append(task.get("CallObject")).append('\t').append(created).append('\t').append(task.get("Id")).append('\n');
        }
        return out.toString();
    }

    /** "count<TAB>method path status", the paths' ids and queries left out, most frequent first. */
    static String requests(SalesforceEmulator salesforce) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : salesforce.requestLog()) {
            String shape = line.replaceAll("/(00T|003|00Q|001|500|006|005)[A-Za-z0-9]{12,15}", "/<id>");
            counts.merge(shape, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> out.append(e.getValue()).append('\t').append(e.getKey()).append('\n'));
        return out.toString();
    }

    static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    // ---- peer

    static void peer(Path dir, int n, int threads, boolean query) throws Exception {
        Properties emulator = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("salesforce.properties"))) {
            emulator.load(in);
        }
        String url = emulator.getProperty("url");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String token = token(client, url, emulator.getProperty("clientId"), emulator.getProperty("username"),
                privateKey(Path.of(emulator.getProperty("privateKeyFile"))));
        String data = url + "/services/data/v62.0/";

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // a fresh JVM runs its first requests interpreted: an uncounted warm-up first (the connector runs in a warm JVM)
        run(pool, client, data, token, Math.min(n, 200), query, new AtomicInteger());
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        run(pool, client, data, token, n, query, failed);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        int ok = n - failed.get();
        System.out.printf("inserted %d failed %d seconds %.3f per_second %.1f threads %d query %s%n", ok, failed.get(), seconds,
                ok / seconds, threads, query);
    }

    static void run(ExecutorService pool, HttpClient client, String data, String token, int n, boolean query,
            AtomicInteger failed) throws Exception {
        List<Future<?>> inserts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inserts.add(pool.submit(() -> {
                String callId = UUID.randomUUID().toString();
                try {
                    if (query) {
                        String soql = "SELECT Id FROM Task WHERE CallObject = '" + callId + "' LIMIT 1";
                        HttpResponse<String> found = client.send(HttpRequest.newBuilder(
                                URI.create(data + "query/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)))
                                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (found.statusCode() != 200) {
                            throw new IOException("query " + found.statusCode() + " " + found.body());
                        }
                    }
                    HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(data + "sobjects/Task"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(task(callId))).build(), HttpResponse.BodyHandlers.ofString());
                    if (created.statusCode() != 201) {
                        throw new IOException("insert " + created.statusCode() + " " + created.body());
                    }
                } catch (IOException | InterruptedException e) {
                    if (failed.getAndIncrement() == 0) {
                        System.err.println("peer: " + e.getMessage());
                    }
                }
                return null;
            }));
        }
        for (Future<?> insert : inserts) {
            insert.get();
        }
    }

    /** The fields the connector sends for an answered inbound call (CallTask.forInsert). */
    static String task(String callId) {
        ObjectNode task = JSON.createObjectNode();
        task.put("Subject", "Call Inbound +15557770001");
        task.putNull("Description");
        task.put("Status", "Completed");
        task.put("Priority", "Normal");
        task.put("CallType", "Inbound");
        task.put("CallDurationInSeconds", 1);
        task.put("CallDisposition", "ANSWERED");
        task.put("ActivityDate", LocalDate.now().toString());
        task.put("TaskSubtype", "Call");
        task.put("CallObject", callId);
        return task.toString();
    }

    static String token(HttpClient client, String url, String clientId, String username, PrivateKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(clientId).subject(username).audience(url)
                .expirationTime(Date.from(Instant.now().plusSeconds(180))).build());
        jwt.sign(new RSASSASigner(key));
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + jwt.serialize();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new IllegalStateException("token refused: " + answer.statusCode() + " " + answer.body());
        }
        return body.get("access_token").asText();
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
