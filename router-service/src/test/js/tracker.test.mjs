import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { P2pSwitch, RouteTokens, Tracker } from '../../main/resources/player/p2p/tracker.js';
import { SegmentStore } from '../../main/resources/player/p2p/store.js';

const ME = {
  peerId: 'p1', trackId: 't1', rendition: '720p', region: 'eu', endpoint: 'wss://sig/p1', uploadKbps: 800,
};
const realFetch = globalThis.fetch;
let sent; // every request: {url, method, type, authorization, body}
let answers; // status and JSON for the next requests, in order (default 200 {})

beforeEach(() => {
  sent = [];
  answers = [];
  globalThis.fetch = async (url, init) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      type: init.headers?.['Content-Type'],
      authorization: init.headers?.Authorization,
      body: init.body ? JSON.parse(init.body) : undefined,
    });
    const { status = 200, json = {} } = answers.shift() ?? {};
    return { ok: status >= 200 && status < 300, status, json: async () => json };
  };
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

function tracker() {
  const store = new SegmentStore(200);
  store.put('a', new Uint8Array(100));
  store.put('b', new Uint8Array(100));
  const counters = { bytesUploaded: 5, bytesPeer: 7, bytesEdge: 11, reportsSent: 0 };
  return { store, counters, tracker: new Tracker('https://tracker.example/', ME, store, counters) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

test('announces started with the whole holding, then updates with the changes', async () => {
  const { store, tracker: t } = tracker();
  await t.maybeAnnounce();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].url, 'https://tracker.example/v1/announce');
  assert.equal(sent[0].method, 'POST');
  assert.equal(sent[0].type, 'application/json');
  assert.deepEqual(sent[0].body, { ...ME, have: ['a', 'b'], event: 'started' });

  await t.maybeAnnounce(0);
  assert.equal(sent.length, 1, 'nothing changed, heartbeat not due');

  store.put('c', new Uint8Array(100)); // evicts a
  await t.maybeAnnounce(0);
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[1].body, {
    ...ME, added: ['c'], removed: ['a'], uploadedBytes: 5, downloadedBytes: 18, event: 'update',
  });
});

test('after a failed announce the next one is started with the whole holding', async () => {
  const { store, tracker: t } = tracker();
  await t.maybeAnnounce();
  answers.push({ status: 500 });
  store.put('c', new Uint8Array(100)); // evicts a
  await t.maybeAnnounce(0);
  assert.equal(sent[1].body.event, 'update');
  await t.maybeAnnounce(0);
  assert.equal(sent.length, 3);
  assert.deepEqual(sent[2].body, { ...ME, have: ['b', 'c'], event: 'started' });
});

test('lookup sends the segments, region, count, exclusion and claim', async () => {
  const { tracker: t } = tracker();
  const segments = [{ segment: 's1', peers: [{ peerId: 'p2' }], loading: [], claimed: true }];
  answers.push({ json: { segments } });
  assert.deepEqual(await t.lookup(['s1', 's2'], ['s1'], 4), segments);
  assert.equal(sent[0].url, 'https://tracker.example/v1/peers/lookup');
  assert.deepEqual(sent[0].body, {
    segments: ['s1', 's2'], region: 'eu', count: 4, exclude: 'p1', claim: ['s1'], claimMax: 1,
  });

  answers.push({ json: { segments: [] } });
  assert.deepEqual(await t.lookup(['s3'], null, 2), []);
  assert.deepEqual(sent[1].body, { segments: ['s3'], region: 'eu', count: 2, exclude: 'p1' });
});

test('lookup fails when the tracker does', async () => {
  const { tracker: t } = tracker();
  answers.push({ status: 503 });
  await assert.rejects(t.lookup(['s1'], null, 2), /tracker answered 503/);
});

test('reports are sent only once announced', async () => {
  const { counters, tracker: t } = tracker();
  t.report('bad/peer', 'hash-mismatch');
  await settled();
  assert.equal(sent.length, 0);

  await t.maybeAnnounce();
  answers.push({ status: 202 });
  t.report('bad/peer', 'hash-mismatch');
  await settled();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].url, 'https://tracker.example/v1/peers/bad%2Fpeer/reports');
  assert.equal(sent[1].method, 'POST');
  assert.deepEqual(sent[1].body, { reporter: 'p1', reason: 'hash-mismatch' });
  assert.equal(counters.reportsSent, 1);
});

test('a change that comes before the batch time is up is announced when it is up', async () => {
  const { store, tracker: t } = tracker();
  await t.maybeAnnounce();
  store.put('c', new Uint8Array(100));
  await t.maybeAnnounce(40);
  assert.equal(sent.length, 1, 'not yet: the batch time is not up');

  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(sent.length, 2);
  assert.equal(sent[1].body.event, 'update');
  assert.deepEqual(sent[1].body.added, ['c']);
  t.stop();
});

test('calls carry the page token from the router, asked for again after half its lifetime', async () => {
  const { store, counters } = tracker();
  const tokens = new RouteTokens('/v1/route?region=eu&peer=p1');
  const t = new Tracker('https://tracker.example/', ME, store, counters, tokens);
  answers.push({ json: { token: 'tok-1', tokenSeconds: 600 } });
  await t.maybeAnnounce();
  answers.push({ json: { segments: [] } });
  await t.lookup(['s1'], null, 2);
  assert.deepEqual(sent.map((request) => [request.url, request.authorization]), [
    ['/v1/route?region=eu&peer=p1', undefined],
    ['https://tracker.example/v1/announce', 'Bearer tok-1'],
    ['https://tracker.example/v1/peers/lookup', 'Bearer tok-1'],
  ]);

  tokens.refreshAt = 0; // half its lifetime has passed
  answers.push({ json: { token: 'tok-2', tokenSeconds: 600 } }, { json: { segments: [] } });
  await t.lookup(['s1'], null, 2);
  assert.equal(sent[3].url, '/v1/route?region=eu&peer=p1');
  assert.equal(sent[4].authorization, 'Bearer tok-2');
});

test('a router that issues no token is asked once, and calls carry none', async () => {
  const { store, counters } = tracker();
  const tokens = new RouteTokens('/v1/route?region=eu&peer=p1');
  const t = new Tracker('https://tracker.example/', ME, store, counters, tokens);
  answers.push({ json: { token: null } });
  await t.maybeAnnounce();
  answers.push({ json: { segments: [] } });
  await t.lookup(['s1'], null, 2);
  assert.equal(sent.length, 3);
  assert.equal(sent[1].authorization, undefined);
  assert.equal(sent[2].authorization, undefined);
});

test('the switch: each of announces and lookups may turn P2P off; lookups turn back on only their own off', () => {
  const p2p = new P2pSwitch();
  const changes = [];
  p2p.onChange = () => changes.push(p2p.on());
  assert.equal(p2p.on(), true);

  assert.equal(p2p.fromAnnounce(false), false);
  assert.equal(p2p.on(), false);
  assert.equal(p2p.fromLookup(true), false, 'a lookup cannot turn on what an announce turned off');
  assert.equal(p2p.on(), false);
  assert.equal(p2p.fromAnnounce(true), true, 'the announce turned it back on');
  assert.equal(p2p.on(), true);

  assert.equal(p2p.fromLookup(false), true, 'a lookup turned it off');
  assert.equal(p2p.fromAnnounce(true), false, 'the lookups still say off');
  assert.equal(p2p.on(), false);
  assert.equal(p2p.fromLookup(true), false);
  assert.equal(p2p.on(), true);
  assert.deepEqual(changes, [false, true, false, true]);

  p2p.takeDown();
  assert.equal(p2p.on(), false);
  assert.equal(p2p.fromAnnounce(true), false);
  assert.equal(p2p.fromLookup(true), false);
  assert.equal(p2p.on(), false, 'taken down for good');
  assert.deepEqual(changes, [false, true, false, true, false]);
});

test('an announce answered p2p false switches P2P off; announces go on, and on again the whole holding is announced', async () => {
  const { store, tracker: t } = tracker();
  answers.push({ json: { intervalSeconds: 30, p2p: false } });
  await t.maybeAnnounce();
  assert.equal(t.p2p.on(), false);

  store.put('c', new Uint8Array(100)); // evicts a
  answers.push({ json: { intervalSeconds: 30, p2p: false } });
  await t.maybeAnnounce(0);
  assert.equal(sent.length, 2, 'still announcing while off, to hear when it is on again');
  assert.equal(sent[1].body.event, 'update');
  assert.equal(t.p2p.on(), false);

  store.put('d', new Uint8Array(100)); // evicts b
  answers.push({ json: { intervalSeconds: 30, p2p: true } });
  await t.maybeAnnounce(0);
  assert.equal(t.p2p.on(), true);
  assert.equal(sent.length, 4, 'the update, then at once a started');
  assert.deepEqual(sent[2].body.added, ['d']);
  assert.deepEqual(sent[3].body, { ...ME, have: ['c', 'd'], event: 'started' });

  await t.maybeAnnounce(0);
  assert.equal(sent.length, 4, 'on as before: nothing more to say');
});

test('an announce answer without p2p leaves P2P on', async () => {
  const { tracker: t } = tracker();
  answers.push({ json: { intervalSeconds: 30 } });
  await t.maybeAnnounce();
  assert.equal(t.p2p.on(), true);
  assert.equal(sent.length, 1);
});

test('a lookup answered p2p false switches P2P off; a later lookup answered true switches it on again', async () => {
  const { tracker: t } = tracker();
  await t.maybeAnnounce();
  const segments = [{ segment: 's1', availability: 0, peers: [] }];
  answers.push({ json: { segments, p2p: false } });
  assert.deepEqual(await t.lookup(['s1'], ['s1'], 4), segments);
  assert.equal(t.p2p.on(), false);

  answers.push({ json: { segments } });
  await t.lookup(['s1'], null, 4);
  assert.equal(t.p2p.on(), true);
  assert.equal(sent.length, 3, 'no announce again: the tracker kept the holding');
});

test('an announce answered takenDown switches P2P off for good: nothing more is announced', async () => {
  const { store, tracker: t } = tracker();
  await t.maybeAnnounce();
  store.put('c', new Uint8Array(100));
  answers.push({ json: { intervalSeconds: 30, p2p: false, takenDown: true } });
  await t.maybeAnnounce(0);
  assert.equal(t.p2p.takenDown, true);
  assert.equal(t.p2p.on(), false);

  store.put('d', new Uint8Array(100));
  t.heartbeatMs = 0;
  await t.maybeAnnounce(0);
  assert.equal(sent.length, 2, 'no announce after the takedown');
});
