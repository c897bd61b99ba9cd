// The tracker's peer API as the Java client speaks it (docs/ARCHITECTURE.md, "Tracker"):
// announce what the page holds, look up who holds (or loads) the next segments, report a
// peer that misbehaved.

const TIMEOUT_MS = 3000;

// The page's listener token: the router's answer to /v1/route?peer= (the page's own
// origin), asked for again once half its lifetime has passed; none when the router issues
// none (a tracker that requires no token).
export class RouteTokens {
  constructor(routeUrl) {
    this.routeUrl = routeUrl;
    this.value = null;
    this.refreshAt = 0; // performance.now() when to ask again; Infinity: never
    this.pending = null;
  }

  // The Authorization header value, or null without a token.
  async bearer() {
    if (performance.now() >= this.refreshAt) {
      this.pending ??= this.refresh().finally(() => { this.pending = null; });
      await this.pending;
    }
    return this.current();
  }

  // The header value as it is now, without asking (a page that unloads cannot wait).
  current() {
    return this.value ? `Bearer ${this.value}` : null;
  }

  async refresh() {
    const answer = await fetch(this.routeUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!answer.ok) {
      throw new Error(`router answered ${answer.status}`);
    }
    const { token, tokenSeconds } = await answer.json();
    this.value = token ?? null;
    this.refreshAt = token ? performance.now() + tokenSeconds * 500 : Infinity;
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
  }

  // Announces when something changed (at most every `batchMs`: a change arriving sooner is
  // announced when that time is up) or the heartbeat is due.
  async maybeAnnounce(batchMs = 250) {
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
    this.pending = this.post('/v1/announce', body)
      .then((answer) => {
        this.heartbeatMs = Math.max(5, (answer?.intervalSeconds ?? 35) - 5) * 1000;
      })
      .catch(() => {
        this.announced = false; // the whole holding again next time: nothing is lost
      })
      .finally(() => {
        this.pending = null;
      });
    await this.pending;
  }

  // Holders (and loaders, with a claim) of each segment: [{segment, peers, loading, claimed}].
  async lookup(segments, claim, count) {
    const body = {
      segments, region: this.me.region, count, exclude: this.me.peerId,
      ...(claim ? { claim, claimMax: claim.length } : {}),
    };
    const answer = await this.post('/v1/peers/lookup', body);
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
