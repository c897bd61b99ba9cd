import { RouteTokens, signed } from '../route.js';
import { matches, segmentIdOf } from './hash.js';
import { SegmentStore } from './store.js';

// A page's P2P: each segment from a peer of its swarm first, checked against its id before
// anything sees a byte, else from the edges in the router's order; what it holds is shared
// under an upload cap and announced to the tracker. Without signaling or the tracker the
// page plays from the edges alone, and so it does while the operator switches P2P off (the
// tracker's answers say `"p2p": false`) or after it took the track down (`"takenDown"`).

export const DEFAULTS = Object.freeze({
  quotaBytes: 64 * 1024 * 1024,
  uploadSlots: 4,
  uploadKbps: 4000,
  lookahead: 8, // segments named in one lookup
  // holders asked of the tracker per segment: Java listeners of the swarm are among them
  // and left out (HTTP, not WebRTC), so more than the few this page will ask
  lookupCount: 20,
  peersPerSegment: 3, // peers asked, one after another, before the edge
  edgeTimeoutMs: 8000,
});

// less time than this for peers is none: the edge at once
const PEER_MIN_MS = 100;
const HEARTBEAT_CHECK_MS = 5000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function newCounters() {
  return {
    bytesEdge: 0, bytesPeer: 0, bytesUploaded: 0,
    segmentsEdge: 0, segmentsPeer: 0, segmentsCached: 0,
    hashFailures: 0, hashFailuresEdge: 0, reportsSent: 0, peers: 0, p2p: 'starting',
    // why segments came from the edge: not-joined, p2p-off (switched off by the operator,
    // or the track taken down), no-time, lookup-failed, no-peer, claimed (this page loads it
    // for the others) or a peer's failure (timeout, busy, …)
    edgeReasons: {},
  };
}


// An edge's 410 as the player shows it: `status` 410 and a message that says why.
export function goneError(takenDown, edge, detail = null) {
  const error = new Error(takenDown
    ? `the track was taken down by the operator (${edge} answered 410 Gone)`
    : `the track is no longer served: ${edge} answered 410 Gone${detail ? ` (${detail})` : ''}`);
  error.status = 410;
  return error;
}

// The `detail` (else `title`) of a problem+json answer, or null.
async function problemDetail(answer) {
  try {
    const problem = await answer.json();
    return typeof problem?.detail === 'string' ? problem.detail
      : typeof problem?.title === 'string' ? problem.title : null;
  } catch {
    return null;
  }
}

export class P2PEngine {
  // route: the router's answer; swarm: {trackId, rendition}; upcoming(id): the segment
  // ids after `id` in playing order
  constructor({ route, swarm, counters, upcoming, options = {} }) {
    this.options = { ...DEFAULTS, ...options };
    this.route = route;
    this.swarm = swarm;
    this.counters = counters;
    this.upcoming = upcoming;
    this.edges = route.edges.filter((edge) => edge.healthy).map((edge) => edge.url);
    this.peerId = `b-${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
    this.store = new SegmentStore(this.options.quotaBytes);
    this.loads = new Map(); // segment id -> its load in progress
    this.dropped = new Set();
    this.tracker = null;
    this.links = null;
    this.p2p = null; // the operator's switch (tracker.js's P2pSwitch), once joined
    this.routeTokens = null; // see tokens()
    // a peer is reached through the signaling service it announced, so only those on this
    // page's (a Java peer's http endpoint is not for pages)
    this.reachable = (peer) => peer.endpoint === route.signaling;
  }

  // The page's listener token (route.js's RouteTokens) for its peer id, one for the page:
  // the swarm's calls and the page's listener reports share it.
  tokens() {
    const query = new URLSearchParams({ region: this.route.region, peer: this.peerId });
    this.routeTokens ??= new RouteTokens(`/v1/route?${query}`);
    return this.routeTokens;
  }

  // Joins the swarm; on any failure the page goes on from the edges alone. Segments asked
  // for meanwhile wait for it within their budget (see fetchSegment).
  start() {
    this.joining = this.join();
    return this.joining;
  }

  async join() {
    const { route, swarm } = this;
    if (!route.signaling || !route.tracker) {
      this.counters.p2p = 'off: the route names no signaling or tracker';
      return;
    }
    try {
      // the swarm's modules load when the page joins, after its first sound: the page's
      // startup loads and compiles only what plays from the edge
      const [{ PeerLinks }, { Signaling }, { Tracker }, { UploadLimiter }] = await Promise.all([
        import('./peers.js'), import('./signal.js'), import('./tracker.js'), import('./upload.js'),
      ]);
      // the page's listener token, from the router that served it (its own origin): signaling
      // and the tracker may require it
      const tokens = this.tokens();
      const authorization = await tokens.bearer();
      const signaling = new Signaling(route.signaling, this.peerId, `${swarm.trackId}/${swarm.rendition}`,
        tokens.value);
      const [ice] = await Promise.all([this.iceServers(route.signaling, authorization), signaling.connect()]);
      this.signaling = signaling;
      const tracker = new Tracker(route.tracker, {
        peerId: this.peerId, trackId: swarm.trackId, rendition: swarm.rendition,
        region: route.region, endpoint: route.signaling, uploadKbps: this.options.uploadKbps,
      }, this.store, this.counters, tokens);
      this.attach(tracker, new PeerLinks({
        signaling,
        iceServers: ice.iceServers,
        iceTransportPolicy: ice.iceTransportPolicy,
        store: this.store,
        limiter: new UploadLimiter({
          slots: this.options.uploadSlots,
          bytesPerSecond: (this.options.uploadKbps * 1000) / 8,
        }),
        counters: this.counters,
        loading: (id) => this.loads.get(id),
        p2p: tracker.p2p,
      }));
    } catch (error) {
      this.counters.p2p = `off: ${error.message}`;
      this.links?.close();
      this.links = null;
    }
  }

  // In the swarm: it may ask peers now; they learn of it from the announce. The heartbeat
  // keeps a page that stopped loading (paused, or at the end) a holder, and one that the
  // operator switched off hears when it is on again.
  attach(tracker, links) {
    this.tracker = tracker;
    this.links = links;
    this.p2p = tracker.p2p;
    this.p2p.onChange = () => this.switched();
    this.counters.p2p = 'on';
    this.tracker.maybeAnnounce();
    this.heartbeat = setInterval(() => this.tracker.maybeAnnounce(), HEARTBEAT_CHECK_MS);
  }

  // The tracker's answers switched P2P off or on, or took the track down.
  switched() {
    if (this.p2p.takenDown) {
      // nothing of the track is kept or served again (the links answer 404); the page leaves
      // the swarm and plays from the edges as long as they serve it
      this.counters.p2p = 'off: the track was taken down';
      this.store.clear();
      clearInterval(this.heartbeat);
      this.tracker.stop();
    } else {
      this.counters.p2p = this.p2p.on() ? 'on' : 'off: switched off by the operator';
    }
  }

  // Whether the tracker said that the operator took the track down.
  takenDown() {
    return this.p2p?.takenDown === true;
  }

  // The page's ICE servers and transport policy: `relay` when signaling says its tenant or
  // track is relay-only (TURN relays only: no other listener learns its address), else `all`.
  async iceServers(signalingUrl, authorization) {
    const url = new URL('/v1/ice-servers', signalingUrl.replace(/^ws/, 'http'));
    url.searchParams.set('peerId', this.peerId);
    url.searchParams.set('track', this.swarm.trackId);
    const headers = authorization ? { Authorization: authorization } : {};
    const answer = await fetch(url, { headers, signal: AbortSignal.timeout(3000) });
    if (!answer.ok) {
      throw new Error(`ice-servers answered ${answer.status}`);
    }
    const { iceServers, iceTransportPolicy } = await answer.json();
    return { iceServers, iceTransportPolicy: iceTransportPolicy === 'relay' ? 'relay' : 'all' };
  }

  // Whether the page is in its swarm (peers may be asked): joined and P2P on.
  joined() {
    return this.links !== null && this.p2p?.on() === true;
  }

  // The bytes of `url` (checked when it names a segment id) and where they came from;
  // budgetMs: what peers may take before the edge (too little: the edge at once).
  load(url, { budgetMs = 0 } = {}) {
    const id = segmentIdOf(url);
    if (id === null) {
      return this.fromEdges(url, null).then((bytes) => ({ bytes, source: 'edge' }));
    }
    const held = this.store.get(id);
    if (held) {
      this.counters.segmentsCached += 1;
      return Promise.resolve({ bytes: held, source: 'cache' });
    }
    if (!this.loads.has(id)) {
      const load = this.fetchSegment(id, url, budgetMs).finally(() => this.loads.delete(id));
      this.loads.set(id, load);
    }
    return this.loads.get(id);
  }

  async fetchSegment(id, url, budgetMs) {
    const deadline = performance.now() + budgetMs;
    if (!this.joined() && this.joining && budgetMs >= PEER_MIN_MS) {
      // joining: worth waiting for within the budget (a page's first burst of segments)
      await Promise.race([this.joining, sleep(budgetMs - PEER_MIN_MS)]);
    }
    let why = 'no-time';
    if (!this.joined()) {
      why = this.links !== null && this.p2p ? 'p2p-off' : 'not-joined';
      if (why === 'p2p-off' && this.p2p.byAnnounce && !this.p2p.takenDown) {
        // off by the lookups alone: only a lookup turns that back on, so ask one (no claim,
        // not waited for: this segment comes from the edge)
        this.tracker.lookup([id], null, 1).catch(() => {});
      }
    }
    if (this.joined() && deadline - performance.now() >= PEER_MIN_MS) {
      const fromPeers = await this.fromPeers(id, deadline);
      if (fromPeers.bytes) {
        return this.keep(id, fromPeers.bytes, 'peer');
      }
      why = fromPeers.why;
    }
    const reasons = this.counters.edgeReasons;
    reasons[why] = (reasons[why] ?? 0) + 1;
    return this.keep(id, await this.fromEdges(url, id), 'edge');
  }

  keep(id, bytes, source) {
    if (!this.takenDown()) {
      this.store.put(id, bytes);
    }
    if (source === 'peer') {
      this.counters.bytesPeer += bytes.byteLength;
      this.counters.segmentsPeer += 1;
    } else {
      this.counters.bytesEdge += bytes.byteLength;
      this.counters.segmentsEdge += 1;
    }
    this.tracker?.maybeAnnounce();
    return { bytes, source };
  }

  // {bytes} from a peer, or {why} not
  async fromPeers(id, deadline) {
    let answer;
    try {
      answer = await this.lookup(id);
    } catch {
      return { why: 'lookup-failed' };
    }
    if (!this.p2p.on()) {
      return { why: 'p2p-off' }; // the answer switched it off: it names no peer
    }
    const usable = (peers) => (peers ?? []).filter((peer) => this.reachable(peer) && !this.dropped.has(peer.peerId));
    // holders first; a peer loading it answers once it has it; none if this page may load it
    const candidates = [...usable(answer.peers), ...(answer.claimed ? [] : usable(answer.loading))];
    let why = answer.claimed ? 'claimed' : 'no-peer';
    for (const peer of candidates.slice(0, this.options.peersPerSegment)) {
      const left = deadline - performance.now();
      if (left < PEER_MIN_MS) {
        why = 'no-time';
        break;
      }
      let bytes;
      try {
        bytes = await this.links.request(peer.peerId, id, left);
      } catch (error) {
        why = error.reason;
        if (error.reason === 'unreachable' || error.reason === 'protocol-violation') {
          this.tracker.report(peer.peerId, error.reason);
          this.dropped.add(peer.peerId);
        }
        continue;
      }
      if (await matches(id, bytes)) {
        return { bytes };
      }
      why = 'hash-mismatch';
      this.counters.hashFailures += 1;
      this.tracker.report(peer.peerId, 'hash-mismatch');
      this.dropped.add(peer.peerId);
      this.links.drop(peer.peerId);
    }
    return { why };
  }

  // One round trip for this segment and the next ones; offers to load this one (a claim)
  // so that pages in lockstep split the edge's load. Connects to the next ones' holders
  // meanwhile.
  async lookup(id) {
    const segments = [id, ...this.upcoming(id)].slice(0, this.options.lookahead);
    const answers = await this.tracker.lookup(segments, [id], this.options.lookupCount);
    for (const next of this.p2p.on() ? answers.slice(1) : []) {
      for (const peer of (next.peers ?? []).filter(this.reachable).slice(0, 1)) {
        if (!this.dropped.has(peer.peerId)) {
          this.links.open(peer.peerId).catch(() => {});
        }
      }
    }
    return answers[0];
  }

  // The bytes from the first edge that serves them. An edge that answers 410 Gone (the
  // track taken down, or the URL's signature expired) gives an error with `status` 410 when
  // no edge serves them: the player stops on it rather than retrying.
  async fromEdges(url, id) {
    const path = new URL(url).pathname;
    let lastError = new Error('no healthy edge');
    let gone = null;
    for (const edge of this.edges) {
      try {
        const answer = await fetch(signed(edge + path, this.route), {
          signal: AbortSignal.timeout(this.options.edgeTimeoutMs),
        });
        if (answer.status === 410) {
          gone ??= { edge, detail: await problemDetail(answer) };
        }
        if (!answer.ok) {
          throw new Error(`${edge} answered ${answer.status}`);
        }
        const bytes = new Uint8Array(await answer.arrayBuffer());
        if (id !== null && !(await matches(id, bytes))) {
          this.counters.hashFailuresEdge += 1;
          throw new Error(`${edge} sent bytes that are not ${id}`);
        }
        return bytes;
      } catch (error) {
        lastError = error;
      }
    }
    if (gone) {
      throw goneError(this.takenDown(), gone.edge, gone.detail);
    }
    throw lastError;
  }

  stop() {
    clearInterval(this.heartbeat);
    this.tracker?.stop();
    this.links?.close();
    this.signaling?.close();
  }
}
