// hls.js's fragment loader (config.fLoader): every fragment through the P2P engine, so a
// peer's bytes are checked before hls.js sees them. `timing(frag)` says how long peers may
// take for it before the edge. A load that failed on an edge's 410 Gone reaches hls.js as
// code 410.

function newStats() {
  return {
    aborted: false, loaded: 0, retry: 0, total: 0, chunkCount: 0, bwEstimate: 0,
    loading: { start: 0, first: 0, end: 0 },
    parsing: { start: 0, end: 0 },
    buffering: { start: 0, first: 0, end: 0 },
  };
}

export function p2pFragmentLoader(engine, timing, onLoaded = () => {}) {
  return class P2PFragmentLoader {
    constructor() {
      this.stats = newStats();
      this.context = null;
      this.done = false;
    }

    load(context, config, callbacks) {
      this.context = context;
      const stats = this.stats;
      stats.loading.start = performance.now();
      engine.load(context.url, timing(context.frag)).then(
        ({ bytes, source }) => {
          if (this.done) {
            return;
          }
          this.done = true;
          stats.loading.first = stats.loading.end = performance.now();
          stats.loaded = stats.total = bytes.byteLength;
          onLoaded(context.frag, source, bytes.byteLength);
          // a copy: hls.js may hand its buffer to a worker, and the store keeps sharing ours
          callbacks.onSuccess({ url: context.url, data: bytes.slice().buffer }, stats, context, null);
        },
        (error) => {
          if (this.done) {
            return;
          }
          this.done = true;
          // an edge's 410 (the track gone) as its HTTP status: hls.js retries no 4xx, and
          // the player stops on it
          callbacks.onError({ code: error.status ?? 0, text: error.message }, context, null, stats);
        },
      );
    }

    abort() {
      this.done = true;
      this.stats.aborted = true;
    }

    destroy() {
      this.done = true;
    }

    getCacheAge() {
      return null;
    }

    getResponseHeader() {
      return null;
    }
  };
}
