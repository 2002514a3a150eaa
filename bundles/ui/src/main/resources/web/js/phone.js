// The browser phone line: one WebRTC session per agent, held by one tab at a time.
//
// Signalling is JSON on the event WebSocket (type "phone"):
//   tab → server  {event:"open", sdp}         the full offer, after ICE gathering (late candidates trickle)
//   server → tab  {event:"answer", sdp}
//   both ways     {event:"candidate", candidate, sdpMid}
//   server → tab  {event:"state", active}     sent to every tab of the agent; the server decides who holds it
//   tab → server  {event:"take"}              "Enable calling": this tab wants the phone
//   server → tab  {event:"error", error, message}
// On (re)connect the tab sends nothing and waits for the server's state message.

const GATHER_TIMEOUT_MS = 3000;

export class PhoneLine {
  /**
   * @param channel the EventChannel
   * @param audio the <audio> element that plays the remote party
   * @param callbacks onState(state), onError(code, message)
   */
  constructor(channel, audio, { onState = () => {}, onError = () => {} } = {}) {
    this.channel = channel;
    this.audio = audio;
    this.onState = onState;
    this.onError = onError;
    this.pc = null;
    this.stream = null;
    this.microphone = 'default';
    this.speaker = 'default';
    this.muted = false;
    this.state = 'waiting'; // waiting | inactive | opening | open | failed
    this.generation = 0;
    this.offerSent = false;
    this.pendingCandidates = [];
    channel.on('phone', (m) => this.handle(m));
    channel.on('connection', ({ state }) => {
      if (state !== 'open' && state !== 'connecting') {
        // signalling is gone: drop the line and wait for the server's word after the reconnect
        this.close();
        this.setState('waiting');
      }
    });
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }

  handle(message) {
    switch (message.event) {
      case 'state':
        if (message.active) this.open();
        else {
          this.close();
          this.setState('inactive');
        }
        break;
      case 'answer':
        if (this.pc && message.sdp) {
          this.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp })
            .then(() => this.flushCandidates())
            .catch((e) => this.fail('bad_answer', `The server's answer was refused: ${e.message}`));
        }
        break;
      case 'candidate':
        if (this.pc && message.candidate) {
          const candidate = { candidate: message.candidate, sdpMid: message.sdpMid ?? '0' };
          if (this.pc.remoteDescription) this.pc.addIceCandidate(candidate).catch(() => {});
          else this.pendingCandidates.push(candidate);
        }
        break;
      case 'error':
        this.onError(message.error || 'phone_error', message.message || 'The phone line reported an error.');
        break;
      default:
        break;
    }
  }

  /** "Enable calling": asks the server for the phone; it answers with state active:true. */
  take() {
    return this.channel.send({ type: 'phone', event: 'take' });
  }

  async open() {
    this.close();
    const generation = ++this.generation;
    this.setState('opening');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: this.audioConstraints(), video: false });
      if (generation !== this.generation) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      this.stream = stream;
      stream.getAudioTracks().forEach((t) => { t.enabled = !this.muted; });
      const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      this.pc = pc;
      this.offerSent = false;
      pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
      pc.addEventListener('track', (e) => {
        this.audio.srcObject = e.streams[0] || new MediaStream([e.track]);
        this.applySpeaker();
        this.audio.play().catch(() => {});
      });
      pc.addEventListener('icecandidate', (e) => {
        // candidates found after the offer went out are trickled
        if (e.candidate && this.offerSent && generation === this.generation) {
          this.channel.send({ type: 'phone', event: 'candidate', candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid });
        }
      });
      pc.addEventListener('connectionstatechange', () => {
        if (generation !== this.generation) return;
        if (pc.connectionState === 'connected') this.setState('open');
        if (pc.connectionState === 'failed') this.fail('ice_failed', 'The phone line could not connect to the server.');
      });
      await pc.setLocalDescription(await pc.createOffer());
      await this.gathered(pc);
      if (generation !== this.generation) return;
      this.offerSent = true;
      this.channel.send({ type: 'phone', event: 'open', sdp: pc.localDescription.sdp });
    } catch (e) {
      if (generation === this.generation) {
        const denied = e && (e.name === 'NotAllowedError' || e.name === 'SecurityError');
        this.fail(denied ? 'microphone_denied' : 'line_failed',
          denied ? 'Allow the microphone for this page to take calls in the browser.' : `The phone line failed: ${e.message}`);
      }
    }
  }

  gathered(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (pc.iceGatheringState === 'complete') {
          pc.removeEventListener('icegatheringstatechange', done);
          resolve();
        }
      };
      pc.addEventListener('icegatheringstatechange', done);
      setTimeout(resolve, GATHER_TIMEOUT_MS);
    });
  }

  flushCandidates() {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    pending.forEach((c) => this.pc && this.pc.addIceCandidate(c).catch(() => {}));
  }

  fail(code, message) {
    this.close();
    this.setState('failed');
    this.onError(code, message);
  }

  close() {
    this.generation++;
    if (this.pc) {
      this.pc.close();
      this.pc = null;
    }
    if (this.stream) {
      this.stream.getTracks().forEach((t) => t.stop());
      this.stream = null;
    }
    this.pendingCandidates = [];
    this.offerSent = false;
    if (this.audio.srcObject) this.audio.srcObject = null;
  }

  audioConstraints() {
    const base = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    return this.microphone && this.microphone !== 'default' ? { ...base, deviceId: { exact: this.microphone } } : base;
  }

  /** Applied live: a new microphone replaces the track without renegotiation. */
  async setMicrophone(deviceId) {
    if (deviceId === this.microphone) return;
    this.microphone = deviceId || 'default';
    if (!this.pc || !this.stream) return;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: this.audioConstraints(), video: false });
      const track = stream.getAudioTracks()[0];
      track.enabled = !this.muted;
      const sender = this.pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
      if (sender) await sender.replaceTrack(track);
      this.stream.getTracks().forEach((t) => t.stop());
      this.stream = stream;
    } catch (e) {
      this.onError('microphone', `That microphone cannot be used: ${e.message}`);
    }
  }

  setSpeaker(deviceId) {
    this.speaker = deviceId || 'default';
    this.applySpeaker();
  }

  applySpeaker() {
    if (typeof this.audio.setSinkId === 'function') {
      this.audio.setSinkId(this.speaker === 'default' ? '' : this.speaker).catch(() => {
        this.onError('speaker', 'The chosen speaker is not available; using the default one.');
      });
    }
  }

  /** Local belt to the server's braces: a muted agent's track sends silence too. */
  setMuted(muted) {
    this.muted = muted;
    if (this.stream) this.stream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
  }
}
