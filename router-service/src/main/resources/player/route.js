// The router's answer for this browser: ranked edges, tracker, signaling (same origin as
// the page, so no CORS). A track the operator took down: an error with `status` 410.
export async function route(trackId, region = null) {
  const query = new URLSearchParams(Object.entries({ track: trackId, region }).filter(([, value]) => value));
  const answer = await fetch(query.size ? `/v1/route?${query}` : '/v1/route');
  if (answer.status === 410) {
    throw Object.assign(new Error('the track was taken down by the operator (the router answered 410 Gone)'),
      { status: 410 });
  }
  if (!answer.ok) {
    throw new Error(`the router answered ${answer.status}`);
  }
  return answer.json();
}

// The first healthy edge of a route (the router ranks them).
export function bestEdge(route) {
  const healthy = route.edges.filter((edge) => edge.healthy);
  if (healthy.length === 0) {
    throw new Error('no healthy edge');
  }
  return healthy[0].url;
}

// `url` with the route's signature of its track's URLs (cdn-scope, cdn-exp, cdn-kid,
// cdn-sig), which edges ask for when they require signed URLs; `url` itself without one,
// or when it has one already (an edge that requires them signs a playlist's URIs).
export function signed(url, route) {
  if (!route.urlSignature || url.includes('cdn-sig=')) {
    return url;
  }
  return `${url}${url.includes('?') ? '&' : '?'}${route.urlSignature}`;
}

// Keeps answer.urlSignature valid while the page plays: asks the router for the track's
// route again at half the signature's life (a minute later when that fails). `ask` is
// route() or a test's stand-in; returns a function that stops it. A track taken down (410)
// is not asked for again: the edges will refuse it too, and the page stops on their 410.
export function keepSigned(answer, trackId, ask = route) {
  let timer = null;
  const schedule = (seconds) => {
    timer = setTimeout(async () => {
      try {
        const fresh = await ask(trackId, answer.region);
        answer.urlSignature = fresh.urlSignature;
        answer.urlSignatureSeconds = fresh.urlSignatureSeconds;
        schedule(fresh.urlSignatureSeconds / 2);
      } catch (error) {
        if (error.status !== 410) {
          schedule(60);
        }
      }
    }, seconds * 1000);
  };
  if (answer.urlSignatureSeconds) {
    schedule(answer.urlSignatureSeconds / 2);
  }
  return () => clearTimeout(timer);
}

const TOKEN_TIMEOUT_MS = 3000;

// The page's listener token: the router's answer to /v1/route?peer= (the page's own
// origin), asked for again once half its lifetime has passed; none when the router issues
// none (services that then require no token). Tracker, signaling and the router's listener
// reports take it (the page's requests to edges carry the route's URL signature).
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
    const answer = await fetch(this.routeUrl, { signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
    if (!answer.ok) {
      throw new Error(`router answered ${answer.status}`);
    }
    const { token, tokenSeconds } = await answer.json();
    this.value = token ?? null;
    this.refreshAt = token ? performance.now() + tokenSeconds * 500 : Infinity;
  }
}
