// Posts what the page played to the router (POST /v1/listener-reports) every 10 s and
// when it leaves, as deltas, so Prometheus counts browser listeners as it counts JVM ones
// (cdn.client.*, client=browser).

const EVERY_MS = 10000;

export function reportPeriodically(read) {
  const sent = { bytesPeer: 0, bytesEdge: 0, hashFailures: 0, stalls: 0, stalledSeconds: 0, playedSeconds: 0 };
  let startupSent = false;

  const body = () => {
    const now = read(); // {region, bytesPeer, …, startupMs, bitrateKbps}
    if (!now.region) {
      return null;
    }
    const report = { region: now.region, bitrateKbps: now.bitrateKbps || null };
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

  const timer = setInterval(() => {
    const report = body();
    if (report) {
      fetch('/v1/listener-reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: report })
        .catch(() => {});
    }
  }, EVERY_MS);

  addEventListener('pagehide', () => {
    clearInterval(timer);
    const report = body();
    if (report) {
      navigator.sendBeacon('/v1/listener-reports', new Blob([report], { type: 'application/json' }));
    }
  });
}
