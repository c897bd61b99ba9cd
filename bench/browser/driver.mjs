// Drives one arm of the browser benchmark: N headless Chromiums (own profiles), started
// SPACING seconds apart, each on the arm's page for SECONDS from its navigation, then
// closed. Startup and stalls are measured here, the same way for both arms (a probe
// installed before any page script); bytes come from the page's own counters.
//
//   node driver.mjs --arm ours|p2pml --viewers N --seconds S --spacing 3 --out FILE
//        [--router http://localhost:8080] [--track rising-arpeggio] [--rendition a128]
//        [--edge http://localhost:8082] [--stun stun:127.0.0.1:3478] [--buffer 30] [--warmup 6]
//
// Prints one line per viewer; writes every viewer's figures, samples and captured console
// errors to FILE (JSON).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startP2pmlServers } from './p2pml-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.BENCH_MODULES ?? path.join(here, '.work', 'node_modules');
const puppeteer = (await import(createRequire(path.join(modules, 'noop.js')).resolve('puppeteer-core'))).default;

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const arm = args.arm;
const viewers = Number(args.viewers ?? 2);
const seconds = Number(args.seconds ?? 40);
const spacing = Number(args.spacing ?? 3);
const router = args.router ?? 'http://localhost:8080';
const track = args.track ?? 'rising-arpeggio';
const rendition = args.rendition ?? 'a128';
const buffer = Number(args.buffer ?? 30);
const chromium = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!['ours', 'p2pml'].includes(arm) || !(viewers >= 1 && viewers <= 6) || !(seconds > 0) || !args.out) {
  console.error('usage: node driver.mjs --arm ours|p2pml --viewers 1..6 --seconds S [--spacing 3] --out FILE');
  process.exit(2);
}

// The flags our BrowserP2PIT uses; puppeteer adds --headless and its automation defaults.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--autoplay-policy=no-user-gesture-required', '--mute-audio', '--allow-loopback-in-peer-connection',
  '--disable-dev-shm-usage'];

// Installed before any script of the page: the first 'playing' (ms since navigation start,
// performance.timeOrigin) and 'waiting' events after it, on whatever media element plays.
const PROBE = `(() => {
  const b = window.__bench = { firstPlayingMs: null, waiting: 0, stalledMs: 0, playingEvents: 0, ended: false };
  let since = null;
  document.addEventListener('playing', () => {
    const now = performance.now();
    b.playingEvents += 1;
    if (b.firstPlayingMs === null) b.firstPlayingMs = Math.round(now);
    if (since !== null) { b.stalledMs += now - since; since = null; }
  }, true);
  document.addEventListener('waiting', (event) => {
    if (b.firstPlayingMs === null || event.target.ended) return;
    b.waiting += 1;
    if (since === null) since = performance.now();
  }, true);
  document.addEventListener('ended', () => { b.ended = true; }, true);
})();`;

const READ = `(() => {
  const player = window.cdnPlayer ?? window.p2pmlPlayer;
  let page = null;
  try { page = player ? player.stats() : null; } catch (error) { page = { error: 'stats() threw: ' + error.message }; }
  // where the startup went before the player ran: the HTML, then DOMContentLoaded (after
  // the page's module scripts, which are deferred, ran their top level)
  const nav = performance.getEntriesByType('navigation')[0];
  const timing = nav ? { htmlMs: Math.round(nav.responseEnd), connectMs: Math.round(nav.connectEnd), responseStartMs: Math.round(nav.responseStart), domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd) } : null;
  // the requests before the first sound: name@start-end (ms from navigation start)
  const until = window.__bench?.firstPlayingMs ?? Infinity;
  const short = (name) => new URL(name).pathname.split('/').slice(-2).join('/');
  const startup = performance.getEntriesByType('resource').filter((e) => e.startTime < until)
    .map((e) => short(e.name) + '@' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd));
  return { probe: window.__bench ?? null, page, timing, startup };
})()`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => console.error(`[${arm}] ${line}`);

async function pageUrl() {
  if (arm === 'ours') {
    return { url: `${router}/listen/${encodeURIComponent(track)}?rendition=${rendition}`, close: async () => {}, info: {} };
  }
  const servers = await startP2pmlServers({ log });
  const edge = args.edge ?? 'http://localhost:8082';
  const query = new URLSearchParams({
    // with signed URLs required at the edge, every viewer gets the same signed URL (the edge
    // signs the playlists' URIs), so p2p-media-loader's swarm and segment ids still match
    src: `${edge}/tracks/${encodeURIComponent(track)}/master.m3u8${args.signature ? `?${args.signature}` : ''}`,
    rendition, tracker: servers.trackerUrl, buffer: String(buffer),
  });
  if (args.stun) query.set('stun', args.stun);
  log(`bittorrent-tracker ${servers.trackerUrl}, page ${servers.pageUrl}`);
  return {
    url: `${servers.pageUrl}?${query}`,
    close: servers.close,
    info: () => ({ trackerUrl: servers.trackerUrl, trackerAnnounces: servers.announces(), trackerSwarms: servers.swarms() }),
  };
}

async function viewer(index, url, window = seconds) {
  const result = { viewer: index + 1, url, samples: [], console: [], final: null, failure: null };
  const profile = await mkdtemp(path.join(os.tmpdir(), `cdn-bench-${arm}-${index + 1}-`));
  let browser = null;
  try {
    browser = await puppeteer.launch({
      executablePath: chromium, headless: true, userDataDir: profile, args: FLAGS, protocolTimeout: 30000,
    });
    const page = await browser.newPage();
    let started = Date.now();
    const note = (kind, text) => { if (result.console.length < 200) result.console.push({ t: Date.now() - started, kind, text: text.slice(0, 500) }); };
    const noise = (url) => /\/favicon\.ico$/.test(url ?? '');
    page.on('console', (message) => {
      if (['error', 'warn', 'warning', 'assert'].includes(message.type()) && !noise(message.location()?.url)) {
        note(message.type(), `${message.text()}${message.location()?.url ? ` (${message.location().url})` : ''}`);
      }
    });
    page.on('pageerror', (error) => note('pageerror', String(error?.message ?? error)));
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? '?';
      if (reason !== 'net::ERR_ABORTED') note('requestfailed', `${request.url()} ${reason}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !noise(response.url())) note('http', `${response.status()} ${response.request().method()} ${response.url()}`);
    });
    await page.evaluateOnNewDocument(PROBE);
    started = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 20000 });
    const deadline = started + window * 1000;
    while (Date.now() < deadline) {
      await sleep(Math.min(5000, deadline - Date.now()));
      try {
        const sample = await page.evaluate(READ);
        result.samples.push({ t: Math.round((Date.now() - started) / 1000), ...compact(sample) });
      } catch (error) {
        note('driver', `sample failed: ${error.message}`);
      }
    }
    result.final = await page.evaluate(READ);
    result.heldSeconds = Math.round((Date.now() - started) / 100) / 10;
  } catch (error) {
    result.failure = error.message;
  } finally {
    await browser?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
  return result;
}

function compact({ probe, page }) {
  return {
    state: page?.state, time: page?.currentTime === undefined ? null : Math.round(page.currentTime * 10) / 10,
    edge: page?.bytesEdge, peer: page?.bytesPeer, peers: page?.peers, waiting: probe?.waiting,
  };
}

// One viewer's figures, the same keys for both arms.
function figures(result) {
  const probe = result.final?.probe ?? {};
  const page = result.final?.page ?? {};
  return {
    viewer: result.viewer,
    startupMs: probe.firstPlayingMs ?? null,
    stalls: probe.waiting ?? 0,
    stalledMs: Math.round(probe.stalledMs ?? 0),
    bytesEdge: page.bytesEdge ?? 0,
    bytesPeer: page.bytesPeer ?? 0,
    segmentsEdge: page.segmentsEdge ?? 0,
    segmentsPeer: page.segmentsPeer ?? 0,
    bytesUploaded: page.bytesUploaded ?? 0,
    peers: page.peers ?? 0,
    p2p: page.p2p ?? null,
    edgeReasons: page.edgeReasons ?? null,
    pageStartupMs: page.startupMs ?? null,
    domContentLoadedMs: result.final?.timing?.domContentLoadedMs ?? null,
    html: result.final?.timing ? `connect ${result.final.timing.connectMs} first-byte ${result.final.timing.responseStartMs} end ${result.final.timing.htmlMs}` : null,
    pageStalls: page.stalls ?? null,
    state: page.state ?? null,
    currentTime: page.currentTime ?? null,
    error: result.failure ?? page.error ?? null,
    consoleErrors: result.console.length,
    startupRequests: result.final?.startup ?? [],
  };
}

const source = await pageUrl();
// One visit with P2P off first, not counted: the page's server (a JVM for ours) and the
// browser's first-launch costs are paid before the measured viewers, for both arms alike.
const warmup = Number(args.warmup ?? 0);
if (warmup > 0) {
  const warm = figures(await viewer(-1, `${source.url}${source.url.includes('?') ? '&' : '?'}p2p=off`, warmup));
  log(`warm-up visit (P2P off, not counted): startup_ms=${warm.startupMs ?? 'none'} bytes_edge=${warm.bytesEdge}`
    + ` bytes_peer=${warm.bytesPeer} state=${warm.state}${warm.error ? ` error=${JSON.stringify(warm.error)}` : ''}`);
}
log(`${viewers} viewer(s), ${spacing} s apart, ${seconds} s each: ${source.url}`);
const runs = [];
for (let i = 0; i < viewers; i++) {
  if (i > 0) await sleep(spacing * 1000);
  runs.push(viewer(i, source.url));
}
const results = await Promise.all(runs);
const info = typeof source.info === 'function' ? source.info() : source.info;
await source.close();

const rows = results.map(figures);
for (const row of rows) {
  const total = row.bytesEdge + row.bytesPeer;
  console.log(`${arm.padEnd(5)} viewer ${row.viewer}: startup_ms=${row.startupMs ?? 'none'} stalls=${row.stalls}`
    + ` bytes_edge=${row.bytesEdge} bytes_peer=${row.bytesPeer} p2p_ratio=${total ? (row.bytesPeer / total).toFixed(2) : '0.00'}`
    + ` segments_edge=${row.segmentsEdge} segments_peer=${row.segmentsPeer} uploaded=${row.bytesUploaded} peers=${row.peers}`
    + ` state=${row.state} t=${row.currentTime === null ? '?' : row.currentTime.toFixed(1)}`
    + ` page_startup_ms=${row.pageStartupMs ?? 'none'} dcl_ms=${row.domContentLoadedMs ?? 'none'} html="${row.html}" p2p=${JSON.stringify(row.p2p)}`
    + (row.edgeReasons ? ` edge_because=${JSON.stringify(row.edgeReasons)}` : '')
    + (row.consoleErrors ? ` console_errors=${row.consoleErrors}` : '')
    + ` startup_requests=${row.startupRequests.join(',')}`
    + (row.error ? ` error=${JSON.stringify(row.error)}` : ''));
}
await writeFile(args.out, JSON.stringify({ arm, viewers, seconds, spacing, rendition, track, url: source.url, info, rows, results }, null, 1));
