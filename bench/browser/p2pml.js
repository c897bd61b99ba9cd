import Hls from 'hls.js';
import { HlsJsP2PEngine } from 'p2p-media-loader-hlsjs';

// The p2pml arm's player: hls.js 1.7.4 (the same light build our player vendors) with
// p2p-media-loader 2.x's hls.js integration, on p2pml's defaults except what running
// locally needs (the tracker, STUN) and hls.js's buffer goal, held at our player's 30 s.
// window.p2pmlPlayer.stats() has the shape of our window.cdnPlayer.stats() for the driver.
//
// Query: src (master playlist), rendition (held, e.g. a128), tracker (ws://...),
// stun (optional stun: URL; none gives an empty iceServers), buffer (seconds, default 30),
// p2p=off (HTTP only: the driver's warm-up visit).

const params = new URLSearchParams(location.search);
const BUFFER_SECONDS = Number(params.get('buffer') ?? 30);
const audio = document.getElementById('audio');
const peers = new Set();
const stats = {
  state: 'starting',
  rendition: null,
  startupMs: null, // from navigation start (performance.timeOrigin) to the first 'playing'
  stalls: 0,
  stalledMs: 0,
  error: null,
  bytesEdge: 0, // HTTP: p2pml's own downloads (onChunkDownloaded 'http') + fragments it passes to hls.js's loader
  bytesPeer: 0, // onChunkDownloaded 'p2p'
  bytesEdgeCore: 0,
  bytesEdgeHlsLoader: 0,
  bytesUploaded: 0,
  segmentsEdge: 0,
  segmentsPeer: 0,
  segmentsHlsLoader: 0,
  peers: 0,
  peersSeen: 0,
  peerErrors: 0,
  trackerErrors: 0,
  lastTrackerError: null,
  segmentErrors: 0,
  p2p: 'starting',
};
let stalledSince = null;

window.p2pmlPlayer = {
  stats: () => ({ ...stats, peers: peers.size, currentTime: audio.currentTime }),
};

function show() {
  document.getElementById('overlay').textContent = JSON.stringify(window.p2pmlPlayer.stats(), null, 1);
}

function fail(message) {
  stats.state = 'failed';
  stats.error = message;
  show();
}

// hls.js's own loader, counting the fragments p2pml hands to it instead of its core (the
// init segment, anything its core does not know yet): HTTP bytes all the same.
const BaseLoader = Hls.DefaultConfig.loader;
class CountingLoader extends BaseLoader {
  load(context, config, callbacks) {
    if (context.frag) {
      const onSuccess = callbacks.onSuccess;
      callbacks = {
        ...callbacks,
        onSuccess: (response, loaderStats, ctx, details) => {
          const bytes = response.data?.byteLength ?? 0;
          stats.bytesEdge += bytes;
          stats.bytesEdgeHlsLoader += bytes;
          stats.segmentsHlsLoader += 1;
          onSuccess(response, loaderStats, ctx, details);
        },
      };
    }
    super.load(context, config, callbacks);
  }
}

const renditionOf = (url) => /\/([^/]+)\/index\.m3u8/.exec(url)?.[1] ?? null;

function play() {
  const src = params.get('src');
  const tracker = params.get('tracker');
  if (!src || !tracker) {
    fail('p2pml.html needs ?src=<master.m3u8>&tracker=ws://host:port');
    return;
  }
  if (!Hls.isSupported()) {
    fail('this browser has no Media Source Extensions');
    return;
  }
  const stun = params.get('stun');
  const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
  const hls = new HlsWithP2P({
    // the same buffer goal as our player (hls.js's; p2pml's own look-ahead windows stay at
    // their defaults)
    maxBufferLength: BUFFER_SECONDS,
    maxMaxBufferLength: BUFFER_SECONDS,
    loader: CountingLoader,
    p2p: {
      core: {
        announceTrackers: [tracker],
        rtcConfig: { iceServers: stun ? [{ urls: stun }] : [] },
        // ?p2p=off: the driver's warm-up visit, HTTP only, no tracker
        isP2PDisabled: params.get('p2p') === 'off',
      },
    },
  });
  window.p2pmlPlayer.hls = hls;
  const engine = hls.p2pEngine;
  engine.addEventListener('onChunkDownloaded', (bytes, source) => {
    if (source === 'p2p') {
      stats.bytesPeer += bytes;
    } else {
      stats.bytesEdge += bytes;
      stats.bytesEdgeCore += bytes;
    }
  });
  engine.addEventListener('onSegmentLoaded', ({ downloadSource }) => {
    if (downloadSource === 'p2p') {
      stats.segmentsPeer += 1;
    } else {
      stats.segmentsEdge += 1;
    }
    show();
  });
  engine.addEventListener('onChunkUploaded', (bytes) => { stats.bytesUploaded += bytes; });
  engine.addEventListener('onPeerConnect', ({ peerId }) => {
    peers.add(peerId);
    stats.peersSeen += 1;
    stats.p2p = 'on';
    show();
  });
  engine.addEventListener('onPeerClose', ({ peerId }) => { peers.delete(peerId); show(); });
  engine.addEventListener('onPeerError', () => { stats.peerErrors += 1; });
  engine.addEventListener('onSegmentError', () => { stats.segmentErrors += 1; });
  engine.addEventListener('onTrackerError', ({ error }) => {
    stats.trackerErrors += 1;
    stats.lastTrackerError = String(error?.message ?? error);
  });

  hls.on(Hls.Events.MANIFEST_PARSED, (event, data) => {
    const held = params.get('rendition');
    const level = held ? hls.levels.findIndex((l) => renditionOf(l.url) === held) : data.firstLevel;
    if (held && level < 0) {
      fail(`the track has no rendition ${held}`);
      return;
    }
    if (held) {
      hls.currentLevel = level;
    }
    stats.rendition = renditionOf(hls.levels[level].url);
  });
  hls.on(Hls.Events.ERROR, (event, data) => {
    if (data.fatal) {
      fail(`${data.type}: ${data.details}`);
    }
  });
  audio.addEventListener('playing', () => {
    if (stats.startupMs === null) {
      stats.startupMs = Math.round(performance.now());
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
    stats.state = 'ended';
    show();
  });
  // p2p-media-loader's own order: media first, then the source
  hls.attachMedia(audio);
  hls.loadSource(src);
  show();
}

try {
  play();
} catch (error) {
  fail(error.message);
}
