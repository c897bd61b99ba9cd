import './webcrypto.mjs';
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { P2PEngine, newCounters } from '../../main/resources/player/p2p/engine.js';
import { sha256Hex } from '../../main/resources/player/p2p/hash.js';
import { Tracker } from '../../main/resources/player/p2p/tracker.js';

const EDGE = 'https://edge-1.example';
const EDGE_2 = 'https://edge-2.example';
const ROUTE = {
  region: 'eu',
  tracker: 'https://tracker.example',
  signaling: 'wss://signaling.example/v1/signal',
  edges: [{ url: EDGE, healthy: true }, { url: EDGE_2, healthy: true }],
};
const realFetch = globalThis.fetch;

// Three segments and their ids (the SHA-256 of their bytes).
const segments = await Promise.all([1, 2, 3].map(async (n) => {
  const bytes = new Uint8Array(50).fill(n);
  const id = await sha256Hex(bytes);
  return { id, bytes, url: `${EDGE}/segments/${id}.m4s` };
}));

let announces; // bodies of POST /v1/announce
let lookups; // bodies of POST /v1/peers/lookup
let edgeRequests; // edge URLs asked
let announceAnswer; // body -> JSON
let lookupAnswer; // body -> JSON
let edgeAnswer; // (edge, path) -> {status, bytes?, problem?}

beforeEach(() => {
  announces = [];
  lookups = [];
  edgeRequests = [];
  announceAnswer = () => ({ intervalSeconds: 30 });
  lookupAnswer = (body) => ({ segments: body.segments.map((segment) => ({ segment, availability: 0, peers: [] })) });
  edgeAnswer = (edge, path) => {
    const segment = segments.find((s) => path.endsWith(`${s.id}.m4s`));
    return segment ? { status: 200, bytes: segment.bytes } : { status: 404 };
  };
  globalThis.fetch = async (url, init = {}) => {
    const json = (value) => ({ ok: true, status: 200, json: async () => value });
    const body = init.body ? JSON.parse(init.body) : undefined;
    if (url === `${ROUTE.tracker}/v1/announce`) {
      announces.push(body);
      return json(body.event === 'stopped' ? {} : announceAnswer(body));
    }
    if (url === `${ROUTE.tracker}/v1/peers/lookup`) {
      lookups.push(body);
      return json(lookupAnswer(body));
    }
    edgeRequests.push(url);
    const { origin, pathname } = new URL(url);
    const { status, bytes, problem } = edgeAnswer(origin, pathname);
    return {
      ok: status === 200,
      status,
      arrayBuffer: async () => bytes.slice().buffer,
      json: async () => {
        if (!problem) {
          throw new SyntaxError('not JSON');
        }
        return problem;
      },
    };
  };
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

const settled = () => new Promise((resolve) => setImmediate(resolve));

// An engine in its swarm, with a real tracker client and stand-in DataChannels whose peers
// hold every segment.
async function joinedEngine() {
  const counters = newCounters();
  const engine = new P2PEngine({
    route: ROUTE, swarm: { trackId: 't1', rendition: 'a128' }, counters, upcoming: () => [],
  });
  const asked = []; // [peerId, segment id]
  const links = {
    request: async (peerId, id) => {
      asked.push([peerId, id]);
      return segments.find((s) => s.id === id).bytes;
    },
    open: async () => {},
    drop() {},
    close() {},
  };
  engine.attach(new Tracker(ROUTE.tracker, {
    peerId: engine.peerId, trackId: 't1', rendition: 'a128', region: 'eu', endpoint: ROUTE.signaling, uploadKbps: 800,
  }, engine.store, counters), links);
  await settled();
  await settled();
  return { engine, counters, asked };
}

const holders = (body) => ({
  segments: body.segments.map((segment) => ({
    segment, availability: 1, peers: [{ peerId: 'b-holder', endpoint: ROUTE.signaling, region: 'eu' }],
  })),
});

test('a lookup answered p2p false sends segments to the edge; a later lookup answered true turns peers back on', async (t) => {
  const { engine, counters, asked } = await joinedEngine();
  t.after(() => engine.stop());
  assert.equal(counters.p2p, 'on');

  lookupAnswer = (body) => ({ ...holders(body), p2p: false });
  const first = await engine.load(segments[0].url, { budgetMs: 3000 });
  assert.equal(first.source, 'edge');
  assert.deepEqual(asked, [], 'no peer asked, although the answer named one');
  assert.equal(counters.p2p, 'off: switched off by the operator');
  assert.deepEqual(counters.edgeReasons, { 'p2p-off': 1 });

  // off by the lookups alone: a lookup (no claim) goes on beside the edge, to hear when it is on
  lookupAnswer = (body) => holders(body);
  const second = await engine.load(segments[1].url, { budgetMs: 3000 });
  assert.equal(second.source, 'edge');
  await settled();
  assert.deepEqual(lookups[1], { segments: [segments[1].id], region: 'eu', count: 1, exclude: engine.peerId });
  assert.equal(counters.p2p, 'on');
  assert.equal(announces.filter((a) => a.event === 'started').length, 1, 'the tracker kept the holding');

  const third = await engine.load(segments[2].url, { budgetMs: 3000 });
  assert.equal(third.source, 'peer');
  assert.deepEqual(asked, [['b-holder', segments[2].id]]);
  assert.deepEqual(lookups[2].claim, [segments[2].id]);
});

test('an announce answered p2p false: no lookup, no claim, no peer; heartbeats go on; on again the whole holding is announced', async (t) => {
  announceAnswer = () => ({ intervalSeconds: 30, p2p: false });
  const { engine, counters, asked } = await joinedEngine();
  t.after(() => engine.stop());
  assert.equal(counters.p2p, 'off: switched off by the operator');

  lookupAnswer = (body) => holders(body);
  assert.equal((await engine.load(segments[0].url, { budgetMs: 3000 })).source, 'edge');
  assert.equal((await engine.load(segments[1].url, { budgetMs: 3000 })).source, 'edge');
  assert.deepEqual(lookups, [], 'no lookup: the announces decide');
  assert.deepEqual(asked, []);
  assert.deepEqual(counters.edgeReasons, { 'p2p-off': 2 });

  announceAnswer = () => ({ intervalSeconds: 30, p2p: true });
  await engine.tracker.maybeAnnounce(0);
  assert.equal(counters.p2p, 'on');
  const [update, started] = announces.slice(-2);
  assert.equal(update.event, 'update', 'announced while off');
  assert.deepEqual(started.event, 'started');
  assert.deepEqual(new Set(started.have), new Set([segments[0].id, segments[1].id]), 'the whole holding');

  assert.equal((await engine.load(segments[2].url, { budgetMs: 3000 })).source, 'peer');
});

test('a takedown empties the store, keeps nothing more, leaves the swarm; the edges serve until they answer 410', async (t) => {
  const { engine, counters } = await joinedEngine();
  t.after(() => engine.stop());
  await engine.load(segments[0].url);
  await engine.load(segments[1].url);
  assert.equal(engine.store.ids().length, 2);

  announceAnswer = () => ({ intervalSeconds: 30, p2p: false, takenDown: true });
  engine.tracker.heartbeatMs = 0;
  await engine.tracker.maybeAnnounce(0);
  assert.equal(engine.takenDown(), true);
  assert.equal(counters.p2p, 'off: the track was taken down');
  assert.deepEqual(engine.store.ids(), []);
  assert.equal(announces.at(-1).event, 'stopped', 'the page leaves the swarm');
  const said = announces.length;

  const again = await engine.load(segments[0].url, { budgetMs: 3000 });
  assert.equal(again.source, 'edge', 'from the edge, not the store');
  assert.deepEqual(engine.store.ids(), [], 'not kept');
  assert.deepEqual(lookups, []);
  await engine.tracker.maybeAnnounce(0);
  assert.equal(announces.length, said, 'nothing more announced');

  edgeAnswer = () => ({ status: 410, problem: { title: 'Gone', detail: 'the track was taken down' } });
  await assert.rejects(engine.load(segments[2].url), (error) => {
    assert.equal(error.status, 410);
    assert.equal(error.message, `the track was taken down by the operator (${EDGE} answered 410 Gone)`);
    return true;
  });
});

test('an edge answering 410 is passed over for the next; when none serves, the error says 410 and why', async () => {
  const engine = new P2PEngine({ route: ROUTE, swarm: { trackId: 't1' }, counters: newCounters(), upcoming: () => [] });
  edgeAnswer = (edge) => (edge === EDGE ? { status: 410 } : { status: 200, bytes: segments[0].bytes });
  assert.equal((await engine.load(segments[0].url)).source, 'edge');
  assert.deepEqual(edgeRequests.map((url) => new URL(url).origin), [EDGE, EDGE_2]);

  edgeAnswer = (edge) => (edge === EDGE ? { status: 503 } : { status: 410, problem: { detail: 'gone for good' } });
  await assert.rejects(engine.load(segments[1].url), (error) => {
    assert.equal(error.status, 410);
    assert.equal(error.message, `the track is no longer served: ${EDGE_2} answered 410 Gone (gone for good)`);
    return true;
  });

  edgeAnswer = () => ({ status: 503 });
  await assert.rejects(engine.load(segments[2].url), (error) => error.status === undefined);
});

test('the ICE servers are asked for with the page\'s track, and a relay-only answer makes the policy relay', async () => {
  const engine = new P2PEngine({
    route: ROUTE, swarm: { trackId: 'private-gig', rendition: 'a128' }, counters: newCounters(), upcoming: () => [],
  });
  const asked = [];
  let answer;
  globalThis.fetch = async (url, init = {}) => {
    asked.push({ url: String(url), authorization: init.headers?.Authorization });
    return { ok: true, status: 200, json: async () => answer };
  };
  const turn = [{ urls: ['turn:turn.example:3478?transport=udp'], username: '1:p', credential: 'c' }];

  answer = { iceServers: turn, ttlSeconds: 3600, iceTransportPolicy: 'relay' };
  assert.deepEqual(await engine.iceServers(ROUTE.signaling, 'Bearer t'), { iceServers: turn, iceTransportPolicy: 'relay' });
  const url = new URL(asked[0].url);
  assert.equal(`${url.origin}${url.pathname}`, 'https://signaling.example/v1/ice-servers');
  assert.equal(url.searchParams.get('peerId'), engine.peerId);
  assert.equal(url.searchParams.get('track'), 'private-gig');
  assert.equal(asked[0].authorization, 'Bearer t');

  answer = { iceServers: [{ urls: ['stun:stun.example:3478'] }, ...turn], ttlSeconds: 3600, iceTransportPolicy: 'all' };
  assert.equal((await engine.iceServers(ROUTE.signaling, null)).iceTransportPolicy, 'all');
  // a signaling service from before relay-only says nothing: every path
  answer = { iceServers: turn, ttlSeconds: 3600 };
  assert.equal((await engine.iceServers(ROUTE.signaling, null)).iceTransportPolicy, 'all');
});
