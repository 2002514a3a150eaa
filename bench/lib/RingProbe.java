// INVITE at the trunk → RINGING on the agent's WebSocket, both timestamps on one clock (System.nanoTime
// of this JVM). Run with `java RingProbe.java …` (JDK 11+, no dependencies).
//
// Plays the carrier itself: sends each INVITE over UDP from the trunk's address (127.0.0.1:5080 by
// default) to Switchboard, times the `{"type":"call","event":"RINGING"}` message on a WebSocket
// logged in as the called agent, and the 180 Ringing back at the carrier; then CANCELs the call
// (200 to the CANCEL, 487 to the INVITE, our ACK) and waits for the call's ENDED event before the
// next one, so exactly one call is up at a time.
//
// The WebSocket is an extra "tab" of the agent: it never holds the phone (the first tab does), it
// only hears the agent's call events. Which leg rings depends on the agent's devices: a browser
// phone line (the page of webrtc.sh) or a registered SIP phone (a SIPp UAS) — say which.
//
// usage: java RingProbe.java --rest http://127.0.0.1:8181/api/v1 --sip 127.0.0.1:5060
//          --carrier-port 5080 --user bench0001 --password bench-secret --number +15550700001
//          [--calls 200] [--gap-ms 20] [--timeout-ms 2000] [--warmup 5] [--want-180 true] --out samples.csv
// --want-180 false: CANCEL as soon as RINGING arrives (Switchboard sends the carrier no 180 while
// only a browser rings); true: also wait for the 180 (a SIP phone rings).
// Output: samples.csv (call;ringing_ms;sip180_ms;status) and one summary line on stdout:
//   probe calls=N ringing=N p50=… p99=… max=… sip180=N p50=… p99=… max=… failed=N
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RingProbe {
    record Event(long nanos, String event, String callId) {}
    record Sip(long nanos, int status, String callId, String cseqMethod, String toHeader) {}

    static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([A-Z_]+)\"");
    static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z]+)\"");
    static final Pattern CALL_ID = Pattern.compile("\"callId\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        String rest = a.getOrDefault("rest", "http://127.0.0.1:8181/api/v1");
        String[] sip = a.getOrDefault("sip", "127.0.0.1:5060").split(":");
        int carrierPort = Integer.parseInt(a.getOrDefault("carrier-port", "5080"));
        String user = a.get("user"), password = a.get("password"), number = a.get("number");
        int calls = Integer.parseInt(a.getOrDefault("calls", "200"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        long gapMs = Long.parseLong(a.getOrDefault("gap-ms", "20"));
        long timeoutMs = Long.parseLong(a.getOrDefault("timeout-ms", "2000"));
        boolean want180 = Boolean.parseBoolean(a.getOrDefault("want-180", "true")); // false: CANCEL at RINGING
        Path out = Path.of(a.getOrDefault("out", "ring-samples.csv"));
        if (user == null || password == null || number == null) {
            System.err.println("--user, --password and --number are required");
            System.exit(2);
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(rest + "/sessions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher tm = TOKEN.matcher(login.body());
        if (login.statusCode() / 100 != 2 || !tm.find()) {
            System.err.println("login of " + user + " failed: " + login.statusCode() + " " + login.body());
            System.exit(3);
        }
        String token = tm.group(1);

        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        CompletableFuture<Void> welcome = new CompletableFuture<>();
        String wsUri = rest.replaceFirst("^http", "ws") + "/ws?token=" + token;
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUri), new WebSocket.Listener() {
            final StringBuilder buf = new StringBuilder();
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                long now = System.nanoTime();
                buf.append(data);
                if (last) {
                    String msg = buf.toString();
                    buf.setLength(0);
                    Matcher t = TYPE.matcher(msg);
                    if (t.find()) {
                        if (t.group(1).equals("welcome")) welcome.complete(null);
                        if (t.group(1).equals("call")) {
                            Matcher e = EVENT.matcher(msg), c = CALL_ID.matcher(msg);
                            events.add(new Event(now, e.find() ? e.group(1) : "?", c.find() ? c.group(1) : "?"));
                        }
                    }
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        welcome.get(10, TimeUnit.SECONDS);

        InetAddress sbHost = InetAddress.getByName(sip[0]);
        int sbPort = Integer.parseInt(sip[1]);
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", carrierPort));
        udp.setReceiveBufferSize(1 << 20);
        LinkedBlockingQueue<Sip> responses = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] b = new byte[65535];
            while (!udp.isClosed()) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                try {
                    udp.receive(p);
                } catch (Exception e) {
                    return;
                }
                long now = System.nanoTime();
                String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (m.startsWith("SIP/2.0 ")) {
                    int status = Integer.parseInt(m.substring(8, 11));
                    seen.merge(status + "/" + cseqMethod(m), 1, Integer::sum);
                    responses.add(new Sip(now, status, header(m, "Call-ID", "i"), cseqMethod(m), header(m, "To", "t")));
                } else if (m.startsWith("OPTIONS ") || m.startsWith("BYE ")) {
                    // answer in-dialog/keep-alive requests so they do not retransmit
                    String r = "SIP/2.0 200 OK\r\n" + copy(m, "Via", "v") + copy(m, "From", "f") + copy(m, "To", "t")
                            + copy(m, "Call-ID", "i") + copy(m, "CSeq", null) + "Content-Length: 0\r\n\r\n";
                    send(udp, r, p.getAddress(), p.getPort());
                }
            }
        }, "sip-reader");
        reader.setDaemon(true);
        reader.start();

        String local = "127.0.0.1:" + carrierPort;
        long pid = ProcessHandle.current().pid();
        List<String> lines = new ArrayList<>();
        lines.add("call;ringing_ms;sip180_ms;status");
        List<Double> ringing = new ArrayList<>(), ringing180 = new ArrayList<>();
        int failed = 0;
        for (int i = -warmup; i < calls; i++) {
            String callId = "ring-" + pid + "-" + (i + warmup) + "@127.0.0.1";
            String branch = "z9hG4bK-ring-" + pid + "-" + (i + warmup);
            String fromTag = "c" + pid + "x" + (i + warmup);
            String uri = "sip:" + number + "@" + sip[0] + ":" + sbPort;
            String sdp = "v=0\r\no=- " + pid + " 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 19800 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                    + "a=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
            String via = "Via: SIP/2.0/UDP " + local + ";branch=" + branch + ";rport\r\n";
            String from = "From: \"Bench Carrier\" <sip:+15557770001@" + local + ">;tag=" + fromTag + "\r\n";
            String to = "To: <" + uri + ">\r\n";
            String invite = "INVITE " + uri + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + from + to
                    + "Call-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nContact: <sip:+15557770001@" + local + ">\r\n"
                    + "User-Agent: switchboard-bench-ringprobe\r\nContent-Type: application/sdp\r\n"
                    + "Content-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
            events.clear();
            long t0 = System.nanoTime();
            send(udp, invite, sbHost, sbPort);
            long deadline = t0 + timeoutMs * 1_000_000;
            Event ring = null;
            Sip got180 = null, finalResp = null;
            String status = "ok";
            // wait for both the RINGING event and the 180 (or a final answer)
            while (System.nanoTime() < deadline && (ring == null || (want180 && got180 == null)) && finalResp == null) {
                Event e = events.poll(1, TimeUnit.MILLISECONDS);
                if (e != null && ring == null && e.event().equals("RINGING")) ring = e;
                Sip r;
                while ((r = responses.poll()) != null) {
                    if (!callId.equals(r.callId()) || !"INVITE".equals(r.cseqMethod())) continue;
                    if (r.status() == 180 && got180 == null) got180 = r;
                    if (r.status() >= 200) finalResp = r;
                }
            }
            if (finalResp != null) {
                status = "final-" + finalResp.status();
            } else if (ring == null) {
                status = "no-ringing";
            }
            // CANCEL (same branch as the INVITE), then 487 → ACK
            if (finalResp == null) {
                String cancel = "CANCEL " + uri + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + from + to
                        + "Call-ID: " + callId + "\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n";
                send(udp, cancel, sbHost, sbPort);
                long end = System.nanoTime() + timeoutMs * 1_000_000;
                while (System.nanoTime() < end && finalResp == null) {
                    Sip r = responses.poll(5, TimeUnit.MILLISECONDS);
                    if (r != null && callId.equals(r.callId()) && "INVITE".equals(r.cseqMethod()) && r.status() >= 200) finalResp = r;
                }
                if (finalResp == null && status.equals("ok")) status = "no-487";
            }
            if (finalResp != null && finalResp.status() >= 300) {
                String toTagged = "To: " + (finalResp.toHeader() == null ? "<" + uri + ">" : finalResp.toHeader()) + "\r\n";
                String ack = "ACK " + uri + " SIP/2.0\r\n" + via + "Max-Forwards: 70\r\n" + from + toTagged
                        + "Call-ID: " + callId + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
                send(udp, ack, sbHost, sbPort);
            } else if (finalResp != null && finalResp.status() == 200) {
                status = "answered"; // should not happen: nobody answers; hang up
                String toTagged = "To: " + finalResp.toHeader() + "\r\n";
                send(udp, "ACK " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + local + ";branch=" + branch + "a\r\nMax-Forwards: 70\r\n"
                        + from + toTagged + "Call-ID: " + callId + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n", sbHost, sbPort);
                send(udp, "BYE " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + local + ";branch=" + branch + "b\r\nMax-Forwards: 70\r\n"
                        + from + toTagged + "Call-ID: " + callId + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n", sbHost, sbPort);
            }
            // the call's ENDED event: the next call starts on a clean slate
            long end = System.nanoTime() + timeoutMs * 1_000_000;
            boolean ended = false;
            while (!ended && System.nanoTime() < end) {
                Event e = events.poll(5, TimeUnit.MILLISECONDS);
                if (e != null && e.event().equals("ENDED")) ended = true;
            }
            if (i >= 0) {
                double rm = ring == null ? Double.NaN : (ring.nanos() - t0) / 1e6;
                double sm = got180 == null ? Double.NaN : (got180.nanos() - t0) / 1e6;
                if (ring != null) ringing.add(rm);
                if (got180 != null) ringing180.add(sm);
                if (!status.equals("ok")) failed++;
                lines.add(String.format(Locale.ROOT, "%d;%.3f;%.3f;%s", i + 1, rm, sm, status));
            }
            Thread.sleep(gapMs);
        }
        Files.write(out, lines);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        udp.close();
        System.out.println(String.format(Locale.ROOT, "probe calls=%d ringing=%d p50=%.2f p99=%.2f max=%.2f sip180=%d p50=%.2f p99=%.2f max=%.2f failed=%d responses=%s",
                calls, ringing.size(), pct(ringing, 50), pct(ringing, 99), pct(ringing, 100),
                ringing180.size(), pct(ringing180, 50), pct(ringing180, 99), pct(ringing180, 100), failed, new java.util.TreeMap<>(seen).toString().replace(" ", "")));
        System.exit(0);
    }

    static final java.util.concurrent.ConcurrentHashMap<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();

    static double pct(List<Double> v, double p) {
        if (v.isEmpty()) return Double.NaN;
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1; // nearest rank
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }

    static void send(DatagramSocket udp, String msg, InetAddress host, int port) {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        try {
            udp.send(new DatagramPacket(b, b.length, host, port));
        } catch (Exception e) {
            System.err.println("send failed: " + e);
        }
    }

    static String header(String m, String name, String compact) {
        for (String line : m.split("\r\n")) {
            int c = line.indexOf(':');
            if (c <= 0) {
                if (line.isEmpty()) break;
                continue;
            }
            String h = line.substring(0, c).trim();
            if (h.equalsIgnoreCase(name) || (compact != null && h.equalsIgnoreCase(compact))) return line.substring(c + 1).trim();
        }
        return null;
    }

    static String cseqMethod(String m) {
        String c = header(m, "CSeq", null);
        if (c == null) return null;
        String[] p = c.trim().split("\\s+");
        return p.length > 1 ? p[1] : null;
    }

    static String copy(String m, String name, String compact) {
        StringBuilder sb = new StringBuilder();
        for (String line : m.split("\r\n")) {
            if (line.isEmpty()) break;
            int c = line.indexOf(':');
            if (c <= 0) continue;
            String h = line.substring(0, c).trim();
            if (h.equalsIgnoreCase(name) || (compact != null && h.equalsIgnoreCase(compact))) sb.append(line).append("\r\n");
        }
        return sb.toString();
    }
}
