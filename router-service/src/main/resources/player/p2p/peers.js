import { Body, STATUS, cancel, chunks, head, parseChunk, parseText, request } from './wire.js';

// DataChannels to other pages of the swarm. To ask a peer, the page opens a connection to
// it (offer through signaling); a peer that offers gets an answer. Either side of a
// channel serves what the page holds; requests go on the connections this page opened,
// so two pages that ask each other hold two connections and never negotiate over one.

const CONNECT_MS = 5000;
const MAX_LINKS = 24;
const HIGH_WATER = 1024 * 1024;
const LOAD_WAIT_MS = 8000;

// Why a request failed; `reason` maps onto the tracker's report reasons.
export class PeerError extends Error {
  constructor(reason, detail) {
    super(`${reason}: ${detail}`);
    this.reason = reason; // unreachable | timeout | segment-absent | busy | protocol-violation
  }
}

class Link {
  constructor(remote, cid, pc, links) {
    this.remote = remote;
    this.cid = cid;
    this.pc = pc;
    this.links = links;
    this.channel = null;
    this.nextId = 1;
    this.asked = new Map(); // request id -> {resolve, reject, body}
    this.serving = new Map(); // request id -> {cancelled}
    this.candidates = [];
    this.opened = new Promise((resolve, reject) => {
      this.openResolve = resolve;
      this.openReject = reject;
    });
    this.opened.catch(() => {});
  }

  attach(channel) {
    this.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = HIGH_WATER / 4;
    channel.onopen = () => {
      this.links.changed();
      this.openResolve(this);
    };
    channel.onclose = () => this.close('the channel closed');
    channel.onmessage = (event) => this.receive(event.data);
    if (channel.readyState === 'open') {
      channel.onopen();
    }
  }

  isOpen() {
    return this.channel?.readyState === 'open';
  }

  async remoteDescription(description) {
    await this.pc.setRemoteDescription(description);
    for (const candidate of this.candidates.splice(0)) {
      await this.pc.addIceCandidate(candidate).catch(() => {});
    }
  }

  candidate(candidate) {
    if (this.pc.remoteDescription) {
      this.pc.addIceCandidate(candidate).catch(() => {});
    } else {
      this.candidates.push(candidate);
    }
  }

  // The segment's bytes as the peer sent them, unchecked.
  get(segment, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.asked.delete(id);
        this.send(cancel(id));
        reject(new PeerError('timeout', `no answer within ${Math.round(timeoutMs)} ms`));
      }, timeoutMs);
      const done = (settle) => (value) => {
        clearTimeout(timer);
        this.asked.delete(id);
        settle(value);
      };
      this.asked.set(id, { resolve: done(resolve), reject: done(reject), body: null });
      this.send(request(id, segment));
    });
  }

  receive(data) {
    if (typeof data !== 'string') {
      const chunk = parseChunk(data);
      const asked = chunk && this.asked.get(chunk.id);
      if (!asked?.body) {
        return; // the rest of an answer given up on
      }
      try {
        if (asked.body.add(chunk.payload)) {
          asked.resolve(asked.body.bytes);
        }
      } catch (error) {
        asked.reject(new PeerError('protocol-violation', error.message));
      }
      return;
    }
    const frame = parseText(data);
    if (frame === null) {
      this.close('a frame that is not the wire protocol', 'protocol-violation');
    } else if (frame.t === 'get') {
      this.serve(frame.id, frame.segment);
    } else if (frame.t === 'cancel') {
      const serving = this.serving.get(frame.id);
      if (serving) {
        serving.cancelled = true;
      }
    } else {
      const asked = this.asked.get(frame.id);
      if (!asked) {
        return;
      }
      if (frame.status !== STATUS.OK) {
        const reason = frame.status === STATUS.NOT_HELD ? 'segment-absent' : 'busy';
        asked.reject(new PeerError(reason, `the peer answered ${frame.status}`));
      } else if (frame.length === 0) {
        asked.resolve(new Uint8Array(0));
      } else {
        asked.body = new Body(frame.length);
      }
    }
  }

  async serve(id, segment) {
    const links = this.links;
    // the operator's switch off: busy (the asker turns to another holder or the edge, and
    // reports nobody); the track taken down: nothing of it is held any more
    const refused = () => (links.p2p.takenDown ? STATUS.NOT_HELD : links.p2p.on() ? null : STATUS.CAPPED);
    if (refused()) {
      this.send(head(id, refused()));
      return;
    }
    let bytes = links.store.get(segment);
    if (!bytes && links.loading(segment)) {
      // its claim: answer once its own load is done (404 if it fails)
      await settledWithin(links.loading(segment), LOAD_WAIT_MS);
      if (refused()) {
        this.send(head(id, refused()));
        return;
      }
      bytes = links.store.get(segment);
    }
    if (!bytes) {
      this.send(head(id, STATUS.NOT_HELD));
      return;
    }
    const status = links.limiter.acquire(bytes.byteLength);
    if (status !== STATUS.OK) {
      this.send(head(id, status));
      return;
    }
    const serving = { cancelled: false };
    this.serving.set(id, serving);
    try {
      this.send(head(id, STATUS.OK, bytes.byteLength));
      for (const frame of chunks(id, bytes)) {
        if (serving.cancelled || !this.isOpen() || links.p2p.takenDown) {
          return;
        }
        if (this.channel.bufferedAmount > HIGH_WATER) {
          await new Promise((resolve) => {
            this.channel.addEventListener('bufferedamountlow', resolve, { once: true });
            this.channel.addEventListener('close', resolve, { once: true });
          });
        }
        this.send(frame);
      }
      links.counters.bytesUploaded += bytes.byteLength;
    } finally {
      this.serving.delete(id);
      links.limiter.release();
    }
  }

  send(frame) {
    if (this.isOpen()) {
      try {
        this.channel.send(frame);
      } catch {
        this.close('send failed');
      }
    }
  }

  close(why, reason = 'unreachable') {
    if (this.closed) {
      return;
    }
    this.closed = true;
    const error = new PeerError(reason, why);
    this.openReject(error);
    for (const asked of this.asked.values()) {
      asked.reject(error);
    }
    this.channel?.close();
    this.pc.close();
    this.links.forget(this);
  }
}

// Waits for `promise` to settle, at most `ms` (no timer left behind).
function settledWithin(promise, ms) {
  let timer;
  return Promise.race([promise.catch(() => {}), new Promise((resolve) => { timer = setTimeout(resolve, ms); })])
    .finally(() => clearTimeout(timer));
}
const ALWAYS_ON = Object.freeze({ takenDown: false, on: () => true });

export class PeerLinks {
  // loading(segmentId): the page's own load of it in progress, if any (a promise); p2p: the
  // operator's switch (tracker.js's P2pSwitch), which decides whether the page serves at all;
  // iceTransportPolicy: `relay` (TURN relays only, a relay-only tenant or track) or `all`
  constructor({ signaling, iceServers, iceTransportPolicy = 'all', store, limiter, counters, loading,
    p2p = ALWAYS_ON }) {
    this.p2p = p2p;
    this.signaling = signaling;
    this.iceServers = iceServers;
    this.iceTransportPolicy = iceTransportPolicy === 'relay' ? 'relay' : 'all';
    this.store = store;
    this.limiter = limiter;
    this.counters = counters;
    this.loading = loading;
    this.byCid = new Map();
    this.outgoing = new Map(); // remote peer id -> Link this page opened
    signaling.onRelay = (type, from, data) => this.relayed(type, from, data);
  }

  // The segment's bytes from `peerId`, connecting first if needed; rejects with PeerError.
  async request(peerId, segment, timeoutMs) {
    const started = performance.now();
    const link = await this.open(peerId, Math.min(timeoutMs, CONNECT_MS));
    const left = timeoutMs - (performance.now() - started);
    if (left <= 0) {
      throw new PeerError('timeout', 'connected too late');
    }
    return link.get(segment, left);
  }

  // A link to `peerId`, open within `timeoutMs`.
  open(peerId, timeoutMs = CONNECT_MS) {
    let link = this.outgoing.get(peerId);
    if (!link) {
      if (this.byCid.size >= MAX_LINKS) {
        return Promise.reject(new PeerError('busy', 'too many connections'));
      }
      link = this.create(peerId, crypto.randomUUID());
      this.outgoing.set(peerId, link);
      link.attach(link.pc.createDataChannel('segments'));
      this.offer(link).catch(() => link.close('the offer failed'));
    }
    let timer;
    const late = new Promise((resolve, reject) => {
      // the caller's budget ran out, not the connection's own time (that closes it:
      // unreachable): it may still open, for the next segment
      timer = setTimeout(() => reject(new PeerError('timeout', 'no channel within the budget')), timeoutMs);
    });
    return Promise.race([link.opened, late]).finally(() => clearTimeout(timer));
  }

  async offer(link) {
    await link.pc.setLocalDescription(await link.pc.createOffer());
    this.signaling.relay('offer', link.remote, { cid: link.cid, sdp: link.pc.localDescription.sdp });
    setTimeout(() => {
      if (!link.isOpen()) {
        link.close('no channel within the connect timeout');
      }
    }, CONNECT_MS);
  }

  create(remote, cid) {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers, iceTransportPolicy: this.iceTransportPolicy });
    const link = new Link(remote, cid, pc, this);
    this.byCid.set(cid, link);
    pc.onicecandidate = (event) => {
      if (event.candidate) {
        this.signaling.relay('candidate', remote, { cid, candidate: event.candidate.toJSON() });
      }
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        link.close(`connection ${pc.connectionState}`);
      }
    };
    return link;
  }

  async relayed(type, from, data) {
    if (typeof data?.cid !== 'string') {
      return;
    }
    let link = this.byCid.get(data.cid);
    try {
      if (type === 'offer' && !link && typeof data.sdp === 'string' && this.byCid.size >= MAX_LINKS) {
        // said at once: the asker turns to another holder instead of waiting out its
        // connect budget (and counting this page unreachable)
        this.signaling.relay('answer', from, { cid: data.cid, busy: true });
      } else if (type === 'offer' && !link && typeof data.sdp === 'string') {
        link = this.create(from, data.cid);
        link.pc.ondatachannel = (event) => link.attach(event.channel);
        await link.remoteDescription({ type: 'offer', sdp: data.sdp });
        await link.pc.setLocalDescription(await link.pc.createAnswer());
        this.signaling.relay('answer', from, { cid: data.cid, sdp: link.pc.localDescription.sdp });
      } else if (type === 'answer' && link?.remote === from && data.busy === true) {
        link.close('the peer has no room for another connection', 'busy');
      } else if (type === 'answer' && link?.remote === from && typeof data.sdp === 'string') {
        await link.remoteDescription({ type: 'answer', sdp: data.sdp });
      } else if (type === 'candidate' && link?.remote === from && data.candidate) {
        link.candidate(data.candidate);
      } else if (type === 'candidate' && link?.remote === from && Array.isArray(data.candidates)) {
        // a Java listener sends the candidates it found together
        data.candidates.forEach((candidate) => link.candidate(candidate));
      }
    } catch {
      link?.close('negotiation failed');
    }
  }

  // Stops asking a peer that misbehaved.
  drop(peerId) {
    this.outgoing.get(peerId)?.close('dropped');
  }

  forget(link) {
    this.byCid.delete(link.cid);
    if (this.outgoing.get(link.remote) === link) {
      this.outgoing.delete(link.remote);
    }
    this.changed();
  }

  changed() {
    const open = [...this.byCid.values()].filter((link) => link.isOpen());
    this.counters.peers = new Set(open.map((link) => link.remote)).size;
  }

  close() {
    for (const link of [...this.byCid.values()]) {
      link.close('leaving');
    }
  }
}
