import './webcrypto.mjs';
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { PeerLinks } from '../../main/resources/player/p2p/peers.js';
import { SegmentStore } from '../../main/resources/player/p2p/store.js';
import { P2pSwitch } from '../../main/resources/player/p2p/tracker.js';
import { UploadLimiter } from '../../main/resources/player/p2p/upload.js';
import { request } from '../../main/resources/player/p2p/wire.js';

const HELD = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const RealRTCPeerConnection = globalThis.RTCPeerConnection;

beforeEach(() => {
  // only what serving touches: no negotiation happens here
  globalThis.RTCPeerConnection = class {
    close() {}
  };
});

afterEach(() => {
  globalThis.RTCPeerConnection = RealRTCPeerConnection;
});

const settled = () => new Promise((resolve) => setImmediate(resolve));

// A page holding HELD, with a channel open to a peer that asks it; `frames` are what the
// page sent on it: the answers' heads as objects, body frames as their byte counts.
function page({ loading = () => undefined } = {}) {
  const store = new SegmentStore(1024);
  store.put(HELD, new Uint8Array(100).fill(7));
  const p2p = new P2pSwitch();
  const counters = { bytesUploaded: 0, peers: 0 };
  const links = new PeerLinks({
    signaling: {},
    iceServers: [],
    store,
    limiter: new UploadLimiter({ slots: 4, bytesPerSecond: 1e9 }),
    counters,
    loading,
    p2p,
  });
  const frames = [];
  const link = links.create('b-asker', 'cid-1');
  link.attach({
    readyState: 'open',
    bufferedAmount: 0,
    send: (frame) => frames.push(typeof frame === 'string' ? JSON.parse(frame) : frame.byteLength),
    close() {},
    addEventListener() {},
  });
  let nextId = 1;
  const ask = async (segment) => {
    frames.length = 0;
    link.receive(request(nextId++, segment));
    await settled();
    return frames[0].status;
  };
  return { store, p2p, counters, frames, ask, link };
}

test('serves what it holds and 404 for what it does not', async () => {
  const { counters, frames, ask } = page();
  assert.equal(await ask(HELD), 200);
  assert.deepEqual(frames, [{ t: 'res', id: 1, status: 200, length: 100 }, 104]);
  assert.equal(counters.bytesUploaded, 100);
  assert.equal(await ask(OTHER), 404);
});

test('switched off by the operator, every request is answered busy (503), until it is on again', async () => {
  const { p2p, counters, frames, ask } = page();
  p2p.fromAnnounce(false);
  assert.equal(await ask(HELD), 503);
  assert.deepEqual(frames, [{ t: 'res', id: 1, status: 503, length: 0 }], 'no byte of the body');
  assert.equal(await ask(OTHER), 503);

  p2p.fromAnnounce(true);
  p2p.fromLookup(false);
  assert.equal(await ask(HELD), 503, 'off by a lookup as well');
  assert.equal(counters.bytesUploaded, 0);

  p2p.fromLookup(true);
  assert.equal(await ask(HELD), 200);
});

test('a request for a segment it loads, switched off meanwhile, is answered busy', async () => {
  let loaded;
  const load = new Promise((resolve) => { loaded = resolve; });
  const { store, p2p, frames, link } = page({ loading: (id) => (id === OTHER ? load : undefined) });
  link.receive(request(1, OTHER));
  await settled();
  assert.deepEqual(frames, [], 'waits for its own load');
  p2p.fromLookup(false);
  store.put(OTHER, new Uint8Array(10));
  loaded();
  await settled();
  assert.deepEqual(frames, [{ t: 'res', id: 1, status: 503, length: 0 }]);
});

test('once the track is taken down, nothing is served: 404 for every segment', async () => {
  const { p2p, counters, ask } = page();
  p2p.takeDown();
  assert.equal(await ask(HELD), 404, 'not held, even before the store is emptied');
  assert.equal(await ask(OTHER), 404);
  p2p.fromAnnounce(true);
  assert.equal(await ask(HELD), 404, 'for good');
  assert.equal(counters.bytesUploaded, 0);
});

test('connections take the ICE transport policy signaling handed out: relay only for a relay-only track', () => {
  const configs = [];
  globalThis.RTCPeerConnection = class {
    constructor(config) {
      configs.push(config);
    }

    close() {}
  };
  const links = (policy) => new PeerLinks({
    signaling: {},
    iceServers: [{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }],
    iceTransportPolicy: policy,
    store: new SegmentStore(1024),
    limiter: new UploadLimiter({ slots: 1, bytesPerSecond: 1e6 }),
    counters: { bytesUploaded: 0, peers: 0 },
    loading: () => undefined,
  });
  links('relay').create('b-1', 'cid-relay');
  links('all').create('b-2', 'cid-all');
  links(undefined).create('b-3', 'cid-none');
  links('something-else').create('b-4', 'cid-odd');
  assert.deepEqual(configs.map((config) => config.iceTransportPolicy), ['relay', 'all', 'all', 'all']);
  assert.deepEqual(configs[0].iceServers, [{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }]);
});
