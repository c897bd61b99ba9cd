import Hls from './vendor/hls.light.min.mjs';
import { bestEdge, route } from './route.js';

// Plays /listen/{trackId} with hls.js from the best edge and keeps the overlay's counters.
// window.cdnPlayer.stats() gives them to tests and to the page's own reporting.
const stats = {
  trackId: decodeURIComponent(location.pathname.split('/').pop()),
  state: 'starting',
  edge: null,
  bytesEdge: 0,
  bytesPeer: 0,
  peers: 0,
  bitrateKbps: 0,
  startupMs: null,
  stalls: 0,
  error: null,
};
window.cdnPlayer = { stats: () => ({ ...stats, currentTime: audio.currentTime }) };

const audio = document.getElementById('audio');
const started = performance.now();

function show() {
  const cells = {
    state: stats.state,
    edge: stats.edge ?? '–',
    'bytes-edge': stats.bytesEdge.toLocaleString(),
    'bytes-peer': stats.bytesPeer.toLocaleString(),
    peers: stats.peers,
    bitrate: stats.bitrateKbps ? `${stats.bitrateKbps} kbit/s` : '–',
    startup: stats.startupMs === null ? '–' : `${stats.startupMs} ms`,
    stalls: stats.stalls,
  };
  for (const [id, value] of Object.entries(cells)) {
    document.getElementById(id).textContent = value;
  }
}

function fail(message) {
  stats.state = 'failed';
  stats.error = message;
  show();
}

async function play() {
  document.getElementById('title').textContent = stats.trackId;
  if (!Hls.isSupported()) {
    fail('this browser has no Media Source Extensions');
    return;
  }
  const answer = await route(stats.trackId);
  stats.edge = bestEdge(answer);
  const hls = new Hls({ lowLatencyMode: false, liveSyncDurationCount: 3 });
  hls.on(Hls.Events.FRAG_LOADED, (event, data) => {
    stats.bytesEdge += data.payload.byteLength;
    show();
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (event, data) => {
    stats.bitrateKbps = Math.round(hls.levels[data.level].bitrate / 1000);
    show();
  });
  hls.on(Hls.Events.ERROR, (event, data) => {
    if (data.fatal) {
      fail(`${data.type}: ${data.details}`);
    }
  });
  audio.addEventListener('playing', () => {
    if (stats.startupMs === null) {
      stats.startupMs = Math.round(performance.now() - started);
    }
    stats.state = 'playing';
    show();
  });
  audio.addEventListener('waiting', () => {
    if (stats.startupMs !== null) {
      stats.stalls += 1;
      stats.state = 'stalled';
      show();
    }
  });
  audio.addEventListener('ended', () => {
    stats.state = 'ended';
    show();
  });
  hls.loadSource(`${stats.edge}/tracks/${encodeURIComponent(stats.trackId)}/master.m3u8`);
  hls.attachMedia(audio);
  show();
}

play().catch((error) => fail(error.message));
