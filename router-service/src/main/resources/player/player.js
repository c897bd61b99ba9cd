import Hls from './vendor/hls.light.min.mjs';
import { bestEdge, keepSigned, route, signed } from './route.js';
import { P2PEngine, goneError, newCounters } from './p2p/engine.js';
import { segmentIdOf } from './p2p/hash.js';
import { p2pFragmentLoader } from './p2p/loader.js';
import { reportPeriodically } from './reports.js';

// Plays /listen/{trackId} with hls.js, every fragment through the P2P engine (peers of the
// swarm first, then the edges the router ranked), and keeps the overlay's counters.
// window.cdnPlayer.stats() gives them to tests and to the page's reporting.
// ?rendition=a128 holds one rendition (no ABR); ?p2p=off plays from the edges alone;
// ?rate=2 plays twice as fast (the demo's sped-up clock).

const params = new URLSearchParams(location.search);
const BUFFER_SECONDS = 30;
const counters = newCounters();
const stats = {
  trackId: decodeURIComponent(location.pathname.split('/').pop()),
  state: 'starting',
  edge: null,
  rendition: null,
  bitrateKbps: 0,
  startupMs: null,
  stalls: 0,
  stalledMs: 0,
  error: null,
};
const audio = document.getElementById('audio');
// startup counts from the navigation (performance.now()'s origin): page and modules included
const started = 0;
let engine = null;
let stalledSince = null;
let endedAt = null;

window.cdnPlayer = {
  stats: () => ({ ...stats, ...counters, peerId: engine?.peerId ?? null, currentTime: audio.currentTime }),
  engine: () => engine,
};

function show() {
  const cells = {
    state: stats.state === 'failed' && stats.error ? `failed: ${stats.error}` : stats.state,
    edge: stats.edge ?? '–',
    'bytes-edge': counters.bytesEdge.toLocaleString(),
    'bytes-peer': counters.bytesPeer.toLocaleString(),
    peers: counters.peers,
    p2p: counters.p2p,
    bitrate: stats.bitrateKbps ? `${stats.bitrateKbps} kbit/s` : '–',
    startup: stats.startupMs === null ? '–' : `${stats.startupMs} ms`,
    stalls: stats.stalls,
  };
  for (const [id, value] of Object.entries(cells)) {
    document.getElementById(id).textContent = value;
  }
}

// Stalled time, the stall in progress included.
function stalledMs() {
  return stats.stalledMs + (stalledSince === null ? 0 : performance.now() - stalledSince);
}

function fail(message) {
  stats.state = 'failed';
  stats.error = message;
  show();
}

// The `detail` of the problem an edge answered to hls.js's own request (a playlist), or null.
function problemDetail(xhr) {
  try {
    return JSON.parse(xhr.responseText).detail ?? null;
  } catch {
    return null;
  }
}

// An edge answered 410 Gone, for a fragment (the engine tried every edge) or a playlist: the
// operator took the track down (the tracker said so, or the edges do), or, should renewing it
// have failed for half its life, the URL signature expired. The page stops and says why
// rather than retrying (hls.js retries no 4xx, but would switch levels and fail vaguely).
let gone = false;
function stopGone(hls, data) {
  if (gone) {
    return;
  }
  gone = true;
  hls.stopLoad();
  audio.pause();
  engine.stop();
  let edge = 'the edge';
  try {
    edge = new URL(data.response.url ?? data.url).origin;
  } catch {
    // no URL: said without it
  }
  fail(data.frag && !engine.takenDown() ? data.response.text
    : goneError(engine.takenDown(), edge, problemDetail(data.networkDetails)).message);
}

// The page joins its swarm when the first fragment that peers may bring is asked for: the
// startup's requests never share the network or the CPU with P2P's (that fragment waits
// for the join within its budget).
let joinAsked = false;
function joinOnce() {
  if (!joinAsked && params.get('p2p') !== 'off') {
    joinAsked = true;
    engine.start().then(show);
  }
}

// How long peers may take for a fragment before the edge. The init segment and the first
// media fragment come from the edge at once: no wait for P2P before the first sound (a
// DataChannel takes a few hundred milliseconds to open). Later ones give peers half the
// time until they play, less a second, keeping the edge's half.
function timing(frag) {
  if (frag.sn === 'initSegment' || stats.startupMs === null && counters.segmentsEdge + counters.segmentsPeer <= 1) {
    return { budgetMs: 0 };
  }
  joinOnce();
  const secondsUntilPlayed = (frag.start - audio.currentTime) / (audio.playbackRate || 1);
  return { budgetMs: Math.min(6000, Math.max(0, (secondsUntilPlayed - 1) * 500)) };
}

const renditionOf = (url) => /\/([^/]+)\/index\.m3u8/.exec(url)?.[1] ?? null;

function upcomingIn(hls) {
  return (id) => {
    const fragments = hls.levels[hls.loadLevel]?.details?.fragments ?? [];
    const ids = fragments.map((frag) => segmentIdOf(frag.url));
    const at = ids.indexOf(id);
    return at < 0 ? [] : ids.slice(at + 1).filter((next) => next !== null);
  };
}

async function play() {
  document.getElementById('title').textContent = stats.trackId;
  if (!Hls.isSupported()) {
    fail('this browser has no Media Source Extensions');
    return;
  }
  // the router put this page's route in it; a page without one (no healthy edge) asks
  const routed = document.getElementById('cdn-route');
  const answer = routed ? JSON.parse(routed.textContent) : await route(stats.trackId, params.get('region'));
  stats.edge = bestEdge(answer);
  keepSigned(answer, stats.trackId);
  let hls = null;
  const upcoming = (id) => upcomingIn(hls)(id);
  const held = params.get('rendition');
  engine = new P2PEngine({ route: answer, swarm: { trackId: stats.trackId }, counters, upcoming });
  if (params.get('p2p') === 'off') {
    counters.p2p = 'off: ?p2p=off';
  }
  hls = new Hls({
    lowLatencyMode: false,
    liveSyncDurationCount: 3,
    // 30 s ahead, not hls.js's 60 MB (a whole album of audio): what is loaded long before
    // it plays cannot come from the peers that will have it by then
    maxBufferLength: BUFFER_SECONDS,
    maxMaxBufferLength: BUFFER_SECONDS,
    startFragPrefetch: true,
    // playlists carry the route's URL signature (fragments: the engine adds it)
    xhrSetup: (xhr, url) => xhr.open('GET', signed(url, answer), true),
    fLoader: p2pFragmentLoader(engine, timing, show),
  });
  hls.on(Hls.Events.MANIFEST_PARSED, (event, data) => {
    const level = held ? hls.levels.findIndex((l) => renditionOf(l.url) === held) : data.firstLevel;
    if (held && level < 0) {
      fail(`the track has no rendition ${held}`);
      return;
    }
    if (held) {
      hls.loadLevel = level; // no ABR from now on, and no switch to flush
    }
    // the swarm is the rendition it starts in, as for the Java listeners
    stats.rendition = engine.swarm.rendition = renditionOf(hls.levels[level].url);
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (event, data) => {
    stats.bitrateKbps = Math.round(hls.levels[data.level].bitrate / 1000);
    show();
  });
  hls.on(Hls.Events.ERROR, (event, data) => {
    if (data.response?.code === 410) {
      stopGone(hls, data);
    } else if (data.fatal && !gone) {
      fail(`${data.type}: ${data.details}`);
    }
  });
  audio.addEventListener('playing', () => {
    if (stats.startupMs === null) {
      stats.startupMs = Math.round(performance.now() - started);
    }
    if (stalledSince !== null) {
      stats.stalledMs += performance.now() - stalledSince;
      stalledSince = null;
    }
    stats.state = 'playing';
    show();
  });
  audio.addEventListener('waiting', () => {
    if (stats.startupMs !== null && stalledSince === null && !audio.ended) {
      stats.stalls += 1;
      stalledSince = performance.now();
      stats.state = 'stalled';
      show();
    }
  });
  audio.addEventListener('ended', () => {
    endedAt = performance.now();
    stats.state = 'ended';
    show();
  });
  addEventListener('pagehide', () => engine.stop());
  reportPeriodically(() => ({
    peerId: engine.peerId,
    region: answer.region,
    bytesPeer: counters.bytesPeer,
    bytesEdge: counters.bytesEdge,
    hashFailures: counters.hashFailures,
    stalls: stats.stalls,
    stalledSeconds: stalledMs() / 1000,
    playedSeconds: stats.startupMs === null ? 0 : ((endedAt ?? performance.now()) - started - stats.startupMs) / 1000,
    startupMs: stats.startupMs,
    bitrateKbps: stats.bitrateKbps,
  }), engine.tokens());
  const rate = Number(params.get('rate') ?? 1);
  if (rate > 0 && rate <= 16) {
    audio.defaultPlaybackRate = rate; // kept across hls.js's media reloads
    audio.playbackRate = rate;
  }
  hls.loadSource(`${stats.edge}/tracks/${encodeURIComponent(stats.trackId)}/master.m3u8`);
  hls.attachMedia(audio);
  show();
}

play().catch((error) => fail(error.message));
