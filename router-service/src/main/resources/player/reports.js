// Posts what the page played to the router (POST /v1/listener-reports) every 10 s and
// when it leaves, as deltas, so Prometheus counts browser listeners as it counts JVM ones
// (cdn.client.*, client=browser). A router that issues listener tokens takes a report only
// with the page's token (`tokens`: route.js's RouteTokens) for its peer id: each report
// carries both, the last one too (fetch with keepalive: sendBeacon sends no header). A
// report whose token cannot be had (the router unreachable, none held yet) is not sent:
// its deltas are kept for the next one. (The router issues a token for any peer id to
// anyone: it binds a report to a peer id, it does not prove who sent it.)

const EVERY_MS = 10000;
const REPORTS_URL = '/v1/listener-reports';

// read(): {peerId, region, bytesPeer, …, startupMs, bitrateKbps}; tokens: null when the
// page has none to show. Returns a function that stops it (tests).
export function reportPeriodically(read, tokens = null) {
  const sent = { bytesPeer: 0, bytesEdge: 0, hashFailures: 0, stalls: 0, stalledSeconds: 0, playedSeconds: 0 };
  let startupSent = false;

  const body = () => {
    const now = read();
    if (!now.region) {
      return null;
    }
    const report = { peerId: now.peerId ?? null, region: now.region, bitrateKbps: now.bitrateKbps || null };
    for (const key of Object.keys(sent)) {
      report[key] = Math.max(0, now[key] - sent[key]);
      sent[key] = now[key];
    }
    if (now.startupMs !== null && !startupSent) {
      report.startupMs = now.startupMs;
      startupSent = true;
    }
    return JSON.stringify(report);
  };

  const post = (report, authorization, keepalive = false) => fetch(REPORTS_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: report,
    keepalive,
  }).catch(() => {});

  const timer = setInterval(async () => {
    // the token first, the deltas after: they are taken (and count as sent) only when
    // the report can go
    let authorization = null;
    if (tokens) {
      try {
        authorization = await tokens.bearer();
      } catch {
        // a token that cannot be had now: the one held (asked again at half its
        // lifetime, so still valid), else the report waits and its deltas go with the
        // next one
        authorization = tokens.current();
        if (!authorization) {
          return;
        }
      }
    }
    const report = body();
    if (report) {
      await post(report, authorization);
    }
  }, EVERY_MS);

  const leave = () => {
    clearInterval(timer);
    const report = body();
    if (report) {
      // the page is going: the token as it is, no asking
      post(report, tokens?.current() ?? null, true);
    }
  };
  addEventListener('pagehide', leave);
  return () => {
    clearInterval(timer);
    removeEventListener('pagehide', leave);
  };
}
