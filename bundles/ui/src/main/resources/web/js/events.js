// The event WebSocket /api/v1/ws: call and presence events in, phone signalling both ways.
// Reconnects with exponential backoff (1 s … 30 s) while the agent is signed in.

export class EventChannel {
  constructor() {
    this.socket = null;
    this.token = null;
    this.listeners = new Map();
    this.attempt = 0;
    this.retryTimer = null;
    this.pingTimer = null;
    this.state = 'closed';
  }

  on(type, handler) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(handler);
    return () => this.listeners.get(type).delete(handler);
  }

  emit(type, message) {
    for (const handler of this.listeners.get(type) || []) {
      try {
        handler(message);
      } catch (e) {
        // one failing view must not stop the others hearing the event
        setTimeout(() => { throw e; });
      }
    }
  }

  connect(token) {
    this.token = token;
    this.attempt = 0;
    this.open();
  }

  open() {
    clearTimeout(this.retryTimer);
    if (!this.token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/v1/ws?token=${encodeURIComponent(this.token)}`);
    this.socket = socket;
    this.setState('connecting');
    socket.addEventListener('message', (e) => {
      let message;
      try { message = JSON.parse(e.data); } catch (err) { return; }
      if (message.type === 'welcome') {
        this.attempt = 0;
        this.setState('open');
      }
      this.emit(message.type, message);
    });
    socket.addEventListener('close', (e) => {
      if (this.socket !== socket) return;
      clearInterval(this.pingTimer);
      this.socket = null;
      if (e.code === 1008) {
        // the server refused the token: the session is over
        this.setState('unauthorized');
        return;
      }
      this.setState('closed');
      this.scheduleReconnect();
    });
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), 25000);
  }

  scheduleReconnect() {
    if (!this.token) return;
    const delay = Math.min(30000, 1000 * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.setState('reconnecting', Math.round(delay / 1000));
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  setState(state, detail) {
    this.state = state;
    this.emit('connection', { state, detail });
  }

  close() {
    this.token = null;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, 'signed out');
    this.setState('closed');
  }
}
