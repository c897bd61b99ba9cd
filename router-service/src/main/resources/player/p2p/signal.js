// The page's connection to signaling-service (WS /v1/signal): joins the swarm, relays
// offers, answers and candidates to other members, hands theirs to `onRelay`.

const PING_MS = 30000;

export class Signaling {
  // token: the page's listener token (a signaling service that requires one checks the join)
  constructor(url, peerId, swarm, token = null) {
    this.url = url;
    this.peerId = peerId;
    this.swarm = swarm;
    this.token = token;
    this.onRelay = () => {};
    this.onError = () => {};
    this.socket = null;
  }

  // Resolves once joined; rejects when the service refuses or cannot be reached.
  connect() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      let joined = false;
      socket.onopen = () => {
        const join = { type: 'join', swarm: this.swarm, peerId: this.peerId };
        socket.send(JSON.stringify(this.token ? { ...join, token: this.token } : join));
      };
      socket.onmessage = (event) => {
        const frame = JSON.parse(event.data);
        if (frame.type === 'joined') {
          joined = true;
          this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_MS);
          resolve();
        } else if (frame.type === 'error') {
          if (!joined) {
            reject(new Error(`signaling refused the join: ${frame.reason}`));
          } else {
            this.onError(frame);
          }
        } else if (frame.from && frame.data !== undefined) {
          this.onRelay(frame.type, frame.from, frame.data);
        }
      };
      socket.onerror = () => reject(new Error('signaling is unreachable'));
      socket.onclose = () => clearInterval(this.pinger);
    });
  }

  relay(type, to, data) {
    this.send({ type, swarm: this.swarm, to, data });
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
    }
  }

  close() {
    clearInterval(this.pinger);
    this.socket?.close();
  }
}
