// A minimal page-side client of Switchboard's phone-line contract (bundles/rest/README.md, "The phone
// line"), for bench/webrtc.sh. It is injected with WebDriver into a page of Switchboard's own origin
// (GET /api/v1/health), so REST and the WebSocket are Switchboard's, same origin, no CORS.
// One page holds N agents' lines: per agent a login (POST /sessions), a WebSocket /api/v1/ws, and
// once the server says `state active:true`, one RTCPeerConnection (audio only, the fake microphone,
// bundle + rtcp-mux, the offer sent after ICE gathering) — the same steps as the softphone's phone.js.
// Ringing calls (`call` RINGING) are answered with POST /calls/{id}/answer when autoAnswer is on; the
// moment of that POST and the first inbound RTP packet afterwards (getStats inbound-rtp
// packetsReceived rising, polled every pollMs) are both performance.now() of this page.
// Everything is on window.SBB; the shell reads it with SBB.status().
window.SBB = (() => {
  const S = {
    rest: location.origin + '/api/v1',
    lines: [],           // per agent: {user, token, ws, pc, state, answered, errors}
    autoAnswer: false,
    pollMs: 5,
    samples: [],         // {user, callId, answerHttpMs, firstAudioMs, status}
    events: 0,
    errors: [],
    track: null,
  };

  async function login(user, password) {
    const r = await fetch(`${S.rest}/sessions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    });
    if (!r.ok) throw new Error(`login ${user}: HTTP ${r.status}`);
    return (await r.json()).token;
  }

  function gathered(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
      setTimeout(resolve, 3000);
    });
  }

  async function openLine(L) {
    if (L.pc) { L.pc.close(); L.pc = null; }
    // the first line also sees every received frame (an encoded-transform hook between the
    // depacketizer and the jitter buffer): the first frame after an answer is timed there too,
    // as getStats() results are cached by Chrome for a few tens of ms
    const hook = L === S.lines[0] && typeof RTCRtpReceiver !== 'undefined' && 'createEncodedStreams' in RTCRtpReceiver.prototype;
    const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', encodedInsertableStreams: hook });
    L.pc = pc;
    L.state = 'opening';
    const track = S.track.clone();
    const tr = pc.addTransceiver(track, { direction: 'sendrecv', streams: [new MediaStream([track])] });
    if (hook) {
      const out = tr.sender.createEncodedStreams();
      out.readable.pipeTo(out.writable).catch(() => {});
      const inc = tr.receiver.createEncodedStreams();
      inc.readable.pipeThrough(new TransformStream({
        transform(frame, ctl) {
          if (L.armed) { L.armed = false; L.frameAt = performance.now(); }
          ctl.enqueue(frame);
        },
      })).pipeTo(inc.writable).catch(() => {});
    }
    pc.addEventListener('track', (e) => {
      // a (muted) sink, as the softphone has: Chrome then runs the receive path like on the page
      const audio = new Audio();
      audio.muted = true;
      audio.srcObject = e.streams[0] || new MediaStream([e.track]);
      audio.play().catch(() => {});
      L.audio = audio;
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc !== L.pc) return;
      if (pc.connectionState === 'connected') { L.state = 'open'; L.connectedAt = performance.now(); }
      if (pc.connectionState === 'failed') L.state = 'failed';
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    L.ws.send(JSON.stringify({ type: 'phone', event: 'open', sdp: pc.localDescription.sdp }));
  }

  async function inboundPackets(pc) {
    let n = 0, lost = 0, jitter = 0, sent = 0;
    const stats = await pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') { n += s.packetsReceived || 0; lost += s.packetsLost || 0; jitter = s.jitter || 0; }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent || 0;
    });
    return { received: n, lost, jitter, sent };
  }

  async function answer(L, callId) {
    const sample = { user: L.user, callId, status: 0, answerHttpMs: null, firstAudioMs: null, firstFrameMs: null };

    S.samples.push(sample);
    const base = L.pc ? (await inboundPackets(L.pc)).received : 0;
    L.frameAt = null;
    L.armed = true; // the receive hook (first line) stamps the next frame
    const t0 = performance.now();
    let r;
    try {
      r = await fetch(`${S.rest}/calls/${encodeURIComponent(callId)}/answer`, {
        method: 'POST', headers: { Authorization: `Bearer ${L.token}` },
      });
    } catch (e) { sample.status = -1; S.errors.push(`answer ${L.user}: ${e.message}`); return; }
    sample.answerHttpMs = performance.now() - t0;
    sample.status = r.status;
    if (!r.ok) { S.errors.push(`answer ${L.user} ${callId}: HTTP ${r.status}`); return; }
    L.answered += 1;
    if (!L.pc) return;
    const deadline = t0 + 5000;
    while (performance.now() < deadline) {
      const st = await inboundPackets(L.pc);
      if (L.frameAt != null && sample.firstFrameMs == null) sample.firstFrameMs = L.frameAt - t0;
      if (st.received > base) {
        sample.firstAudioMs = performance.now() - t0;
        if (L.frameAt != null) sample.firstFrameMs = L.frameAt - t0;
        return;
      }
      await new Promise((res) => setTimeout(res, S.pollMs));
    }
  }

  function connect(L) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${S.rest.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(L.token)}`);
      L.ws = ws;
      const timer = setTimeout(() => reject(new Error(`ws ${L.user}: no welcome in 10 s`)), 10000);
      ws.addEventListener('message', (e) => {
        let m;
        try { m = JSON.parse(e.data); } catch (err) { return; }
        if (m.type === 'welcome') { clearTimeout(timer); resolve(); }
        if (m.type === 'phone') {
          if (m.event === 'state') {
            if (m.active) openLine(L).catch((err) => { L.state = 'failed'; S.errors.push(`open ${L.user}: ${err.message}`); });
            else L.state = 'inactive';
          } else if (m.event === 'answer' && L.pc) {
            L.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp })
              .catch((err) => { L.state = 'failed'; S.errors.push(`answer sdp ${L.user}: ${err.message}`); });
          } else if (m.event === 'error') {
            S.errors.push(`phone ${L.user}: ${m.error} ${m.message || ''}`);
          }
        }
        if (m.type === 'call') {
          S.events += 1;
          if (m.event === 'RINGING' && S.autoAnswer && !L.seen.has(m.callId)) {
            L.seen.add(m.callId);
            answer(L, m.callId);
          }
        }
      });
      ws.addEventListener('close', () => { if (L.ws === ws) L.state = L.state === 'open' ? 'ws-closed' : L.state; });
    });
  }

  return {
    /** agents: [[user, password], …]; resolves when every WebSocket is welcomed. */
    async start(agents) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      S.track = stream.getAudioTracks()[0];
      for (const [user, password] of agents) {
        const L = { user, token: null, ws: null, pc: null, state: 'login', answered: 0, seen: new Set() };
        S.lines.push(L);
        try {
          L.token = await login(user, password);
          await connect(L);
        } catch (e) { L.state = 'failed'; S.errors.push(e.message); }
      }
      return S.lines.length;
    },
    /** calls answered so far (cheap: no getStats) */
    answered() { return S.lines.reduce((n, L) => n + L.answered, 0); },
    /** closes every line but the first k (their WebSockets too): the latency parts run with k lines */
    keep(k) {
      S.lines.slice(k).forEach((L) => { if (L.pc) L.pc.close(); L.pc = null; if (L.ws) L.ws.close(); L.state = 'closed'; });
      S.lines = S.lines.slice(0, k);
      return S.lines.length;
    },
    configure(autoAnswer, pollMs) { S.autoAnswer = autoAnswer; S.pollMs = pollMs; S.samples = []; return true; },
    /** line states only (no getStats: with many lines that is slow) */
    lineStates() {
      const out = { open: 0, states: {}, errors: S.errors.slice(0, 20) };
      for (const L of S.lines) { out.states[L.state] = (out.states[L.state] || 0) + 1; if (L.state === 'open') out.open += 1; }
      return out;
    },
    async status() {
      const out = { t: performance.now(), lines: S.lines.length, open: 0, states: {}, answered: 0, received: 0, lost: 0, sent: 0,
        linesWithAudio: 0, jitterMaxMs: 0, events: S.events, samples: S.samples, errors: S.errors.slice(0, 20) };
      for (const L of S.lines) {
        out.states[L.state] = (out.states[L.state] || 0) + 1;
        if (L.state === 'open') out.open += 1;
        out.answered += L.answered;
        if (L.pc) {
          const st = await inboundPackets(L.pc);
          out.received += st.received; out.lost += st.lost; out.sent += st.sent;
          if (st.received > 0) out.linesWithAudio += 1;
          out.jitterMaxMs = Math.max(out.jitterMaxMs, st.jitter * 1000);
        }
      }
      return out;
    },
    stop() {
      for (const L of S.lines) { if (L.pc) L.pc.close(); if (L.ws) L.ws.close(); }
      return true;
    },
  };
})();
