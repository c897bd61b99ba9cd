import { test, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { reportPeriodically } from '../../main/resources/player/reports.js';
import { RouteTokens } from '../../main/resources/player/route.js';

const realFetch = globalThis.fetch;
let sent; // every request: {url, method, authorization, keepalive, body}
let answers; // JSON for the next requests, in order (default 202, no body)
let pagehide; // the page's pagehide listener

const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  sent = [];
  answers = [];
  pagehide = null;
  globalThis.fetch = async (url, init = {}) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      authorization: init.headers?.Authorization,
      keepalive: init.keepalive ?? false,
      body: init.body ? JSON.parse(init.body) : undefined,
    });
    const next = answers.shift();
    if (next instanceof Error) {
      throw next;
    }
    return { ok: true, status: next ? 200 : 202, json: async () => next ?? {} };
  };
  globalThis.addEventListener = (type, listener) => {
    if (type === 'pagehide') {
      pagehide = listener;
    }
  };
  globalThis.removeEventListener = () => {};
  mock.timers.enable({ apis: ['setInterval'] });
});

afterEach(() => {
  mock.timers.reset();
  globalThis.fetch = realFetch;
  delete globalThis.addEventListener;
  delete globalThis.removeEventListener;
});

function playing() {
  const now = {
    peerId: 'b-page1', region: 'eu-west', bytesPeer: 0, bytesEdge: 0, hashFailures: 0, stalls: 0,
    stalledSeconds: 0, playedSeconds: 0, startupMs: null, bitrateKbps: 128,
  };
  return { now, read: () => ({ ...now }) };
}

test('each report names the page and carries its token, the last one too (keepalive, as it is)', async () => {
  const { now, read } = playing();
  let asked = 0;
  const tokens = { bearer: async () => { asked += 1; return 'Bearer tok-1'; }, current: () => 'Bearer tok-1' };
  const stop = reportPeriodically(read, tokens);
  now.bytesEdge = 1000;
  now.startupMs = 180;
  mock.timers.tick(10_000);
  await flush();
  now.bytesEdge = 1500;
  now.bytesPeer = 700;
  pagehide();
  stop();

  assert.equal(asked, 1);
  assert.deepEqual(sent.map(({ url, method, authorization, keepalive }) => [url, method, authorization, keepalive]), [
    ['/v1/listener-reports', 'POST', 'Bearer tok-1', false],
    ['/v1/listener-reports', 'POST', 'Bearer tok-1', true],
  ]);
  assert.equal(sent[0].body.peerId, 'b-page1');
  assert.equal(sent[0].body.region, 'eu-west');
  assert.equal(sent[0].body.bytesEdge, 1000);
  assert.equal(sent[0].body.startupMs, 180);
  assert.equal(sent[1].body.peerId, 'b-page1');
  assert.equal(sent[1].body.bytesEdge, 500, 'deltas');
  assert.equal(sent[1].body.bytesPeer, 700);
  assert.equal(sent[1].body.startupMs, undefined, 'startup reported once');
});

test('the token comes from the router for the page; a router that issues none gets reports without', async () => {
  const { read } = playing();
  const tokens = new RouteTokens('/v1/route?region=eu-west&peer=b-page1');
  const stop = reportPeriodically(read, tokens);
  answers.push({ token: null });
  mock.timers.tick(10_000);
  await flush();
  mock.timers.tick(10_000);
  await flush();
  stop();

  assert.deepEqual(sent.map(({ url, authorization }) => [url, authorization]), [
    ['/v1/route?region=eu-west&peer=b-page1', undefined],
    ['/v1/listener-reports', undefined],
    ['/v1/listener-reports', undefined],
  ], 'asked once');
});

test('a token that cannot be had now keeps the deltas for the next report, which carries them', async () => {
  const { now, read } = playing();
  const tokens = new RouteTokens('/v1/route?region=eu-west&peer=b-page1');
  const stop = reportPeriodically(read, tokens);
  now.bytesEdge = 1000;
  now.startupMs = 150;
  answers.push(new Error('router down'));
  mock.timers.tick(10_000);
  await flush();
  now.bytesEdge = 1600;
  answers.push({ token: 'tok-2', tokenSeconds: 600 });
  mock.timers.tick(10_000);
  await flush();
  stop();

  assert.deepEqual(sent.map(({ url, authorization }) => [url, authorization]), [
    ['/v1/route?region=eu-west&peer=b-page1', undefined],
    ['/v1/route?region=eu-west&peer=b-page1', undefined],
    ['/v1/listener-reports', 'Bearer tok-2'],
  ], 'no report without a token');
  assert.equal(sent[2].body.bytesEdge, 1600, 'the first interval\'s deltas too');
  assert.equal(sent[2].body.startupMs, 150);
});

test('a token that cannot be asked for again goes as it is held while still valid', async () => {
  const { now, read } = playing();
  let asked = 0;
  const tokens = {
    bearer: async () => { asked += 1; throw new Error('router down'); },
    current: () => 'Bearer tok-held',
  };
  const stop = reportPeriodically(read, tokens);
  now.bytesPeer = 300;
  mock.timers.tick(10_000);
  await flush();
  stop();

  assert.equal(asked, 1);
  assert.deepEqual(sent.map(({ url, authorization }) => [url, authorization]), [
    ['/v1/listener-reports', 'Bearer tok-held'],
  ]);
  assert.equal(sent[0].body.bytesPeer, 300);
});

test('a page without a region reports nothing', async () => {
  const stop = reportPeriodically(() => ({ region: null }), null);
  mock.timers.tick(30_000);
  await flush();
  pagehide();
  stop();
  assert.equal(sent.length, 0);
});
