// The tracker's peer API as the Java client speaks it (docs/ARCHITECTURE.md, "Tracker"):
// announce what the page holds, look up who holds (or loads) the next segments, report a
// peer that misbehaved.

const TIMEOUT_MS = 3000;

async function post(url, body) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!answer.ok) {
    throw new Error(`tracker answered ${answer.status}`);
  }
  return answer.status === 202 ? null : answer.json();
}

export class Tracker {
  // me: {peerId, trackId, rendition, region, endpoint, uploadKbps}
  constructor(baseUrl, me, store, counters) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.me = me;
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
    this.pending = post(`${this.baseUrl}/v1/announce`, body)
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
    const answer = await post(`${this.baseUrl}/v1/peers/lookup`, body);
    return answer.segments;
  }

  report(peerId, reason) {
    if (!this.announced) {
      return; // the tracker hears reports from live peers only
    }
    post(`${this.baseUrl}/v1/peers/${encodeURIComponent(peerId)}/reports`, { reporter: this.me.peerId, reason })
      .then(() => { this.counters.reportsSent += 1; })
      .catch(() => {});
  }

  // Leaving: keepalive lets it reach the tracker while the page unloads.
  stop() {
    clearTimeout(this.deferred);
    if (this.announced) {
      fetch(`${this.baseUrl}/v1/announce`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ peerId: this.me.peerId, event: 'stopped' }),
        keepalive: true,
      }).catch(() => {});
    }
  }
}
