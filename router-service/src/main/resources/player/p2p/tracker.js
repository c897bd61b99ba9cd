// The tracker's peer API as the Java client speaks it (docs/ARCHITECTURE.md, "Tracker"):
// announce what the page holds, look up who holds (or loads) the next segments, report a
// peer that misbehaved; and hear the operator's word on P2P in the answers.

// the page's listener token lives with the route (the page's reports carry it too)
export { RouteTokens } from '../route.js';

const TIMEOUT_MS = 3000;

// Whether the operator lets this page use P2P, as the tracker last said (the Java client's
// P2pSwitch): announce answers (which know the page's track) and lookup answers (which do
// not) each may switch it off (`"p2p": false`); it is on while neither does. A lookup only
// turns back on what lookups turned off; an announce saying `true` again turns it back on,
// and the page then announces its whole holding anew (the tracker dropped it). An announce
// answer `"takenDown": true` (the operator took the track down) turns it off for good.
// Off, the page fetches from the edges only, claims nothing and serves no peer.
export class P2pSwitch {
  constructor() {
    this.byAnnounce = true;
    this.byLookup = true;
    this.takenDown = false;
    this.onChange = () => {}; // called after each change of on() or takenDown
  }

  on() {
    return !this.takenDown && this.byAnnounce && this.byLookup;
  }

  // Takes an announce answer's word; whether that turned P2P back on.
  fromAnnounce(on) {
    const was = this.on();
    this.byAnnounce = on;
    return this.changed(was) && this.on();
  }

  // Takes a lookup answer's word; whether that turned P2P off.
  fromLookup(on) {
    const was = this.on();
    this.byLookup = on;
    return this.changed(was) && !this.on();
  }

  // The track was taken down: off for the rest of the page's life.
  takeDown() {
    if (!this.takenDown) {
      this.takenDown = true;
      this.onChange();
    }
  }

  changed(was) {
    if (was === this.on()) {
      return false;
    }
    this.onChange();
    return true;
  }
}

async function post(url, body, authorization) {
  const headers = { 'Content-Type': 'application/json' };
  if (authorization) {
    headers.Authorization = authorization;
  }
  const answer = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!answer.ok) {
    throw new Error(`tracker answered ${answer.status}`);
  }
  return answer.status === 202 ? null : answer.json();
}

export class Tracker {
  // me: {peerId, trackId, rendition, region, endpoint, uploadKbps}; tokens: the page's
  // RouteTokens (null: calls carry no token)
  constructor(baseUrl, me, store, counters, tokens = null) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.me = me;
    this.tokens = tokens;
    this.store = store;
    this.counters = counters;
    this.announced = false;
    this.lastAnnounce = 0;
    this.heartbeatMs = 30000;
    this.pending = null;
    this.deferred = null;
    this.p2p = new P2pSwitch();
  }

  // Announces when something changed (at most every `batchMs`: a change arriving sooner is
  // announced when that time is up) or the heartbeat is due.
  // While P2P is switched off the page keeps announcing (its heartbeat) to hear when it is
  // on again; once the track is taken down it announces nothing more.
  async maybeAnnounce(batchMs = 250) {
    if (this.p2p.takenDown) {
      return;
    }
    const since = performance.now() - this.lastAnnounce;
    const changed = this.store.hasChanges();
    const due = !this.announced || (changed && since >= batchMs) || since >= this.heartbeatMs;
    if (!due || this.pending) {
      if (changed && !this.deferred) {
        this.deferred = setTimeout(() => {
          this.deferred = null;
          this.maybeAnnounce(batchMs);
        }, Math.max(batchMs - since, 50));
      }
      return;
    }
    this.lastAnnounce = performance.now();
    const { peerId, trackId, rendition, region, endpoint, uploadKbps } = this.me;
    let body;
    if (!this.announced) {
      this.store.takeChanges();
      body = { peerId, trackId, rendition, region, endpoint, have: this.store.ids(), uploadKbps, event: 'started' };
    } else {
      const { added, removed } = this.store.takeChanges();
      body = {
        peerId, trackId, rendition, region, endpoint, added, removed, uploadKbps,
        uploadedBytes: this.counters.bytesUploaded,
        downloadedBytes: this.counters.bytesPeer + this.counters.bytesEdge,
        event: 'update',
      };
    }
    this.announced = true;
    let again = false;
    this.pending = this.post('/v1/announce', body)
      .then((answer) => {
        this.heartbeatMs = Math.max(5, (answer?.intervalSeconds ?? 35) - 5) * 1000;
        if (answer?.takenDown === true) {
          this.p2p.takeDown();
        } else if (this.p2p.fromAnnounce(answer?.p2p !== false)) {
          // switched back on: the tracker dropped the holding while P2P was off
          this.announced = false;
          again = true;
        }
      })
      .catch(() => {
        this.announced = false; // the whole holding again next time: nothing is lost
      })
      .finally(() => {
        this.pending = null;
      });
    await this.pending;
    if (again) {
      await this.maybeAnnounce(batchMs); // `started` with the whole holding, at once
    }
  }

  // Holders (and loaders, with a claim) of each segment: [{segment, peers, loading, claimed}];
  // switched off (the answer's `"p2p": false`, taken into this.p2p), they name no peer.
  async lookup(segments, claim, count) {
    const body = {
      segments, region: this.me.region, count, exclude: this.me.peerId,
      ...(claim ? { claim, claimMax: claim.length } : {}),
    };
    const answer = await this.post('/v1/peers/lookup', body);
    this.p2p.fromLookup(answer.p2p !== false);
    return answer.segments;
  }

  report(peerId, reason) {
    if (!this.announced) {
      return; // the tracker hears reports from live peers only
    }
    this.post(`/v1/peers/${encodeURIComponent(peerId)}/reports`, { reporter: this.me.peerId, reason })
      .then(() => { this.counters.reportsSent += 1; })
      .catch(() => {});
  }

  // A call to the tracker as this page, with its token.
  async post(path, body) {
    return post(`${this.baseUrl}${path}`, body, this.tokens ? await this.tokens.bearer() : null);
  }

  // Leaving: keepalive lets it reach the tracker while the page unloads.
  stop() {
    clearTimeout(this.deferred);
    if (this.announced) {
      this.announced = false;
      const authorization = this.tokens?.current();
      fetch(`${this.baseUrl}/v1/announce`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ peerId: this.me.peerId, event: 'stopped' }),
        keepalive: true,
      }).catch(() => {});
    }
  }
}
