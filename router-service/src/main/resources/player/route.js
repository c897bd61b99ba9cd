// The router's answer for this browser: ranked edges, tracker, signaling (same origin as
// the page, so no CORS).
export async function route(trackId, region = null) {
  const query = new URLSearchParams(Object.entries({ track: trackId, region }).filter(([, value]) => value));
  const answer = await fetch(query.size ? `/v1/route?${query}` : '/v1/route');
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
