import { test, mock } from 'node:test';
import assert from 'node:assert/strict';

import { keepSigned, route, signed } from '../../main/resources/player/route.js';

const SIGNATURE = 'cdn-scope=/tracks/t1/&cdn-exp=1767225600&cdn-kid=u1&cdn-sig=abc';

test('a URL carries the route signature, after a query of its own, and nothing without one', () => {
  const route = { urlSignature: SIGNATURE };
  assert.equal(signed('http://e/tracks/t1/master.m3u8', route), `http://e/tracks/t1/master.m3u8?${SIGNATURE}`);
  assert.equal(signed('http://e/tracks/t1/master.m3u8?x=1', route), `http://e/tracks/t1/master.m3u8?x=1&${SIGNATURE}`);
  assert.equal(signed('http://e/segments/a.m4s', {}), 'http://e/segments/a.m4s');
  const fromPlaylist = `http://e/tracks/t1/a128/index.m3u8?${SIGNATURE}`;
  assert.equal(signed(fromPlaylist, { urlSignature: 'cdn-scope=/tracks/t1/&cdn-sig=newer' }), fromPlaylist);
});

test('the signature is asked for again at half its life, and a minute after a failed ask', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const route = { region: 'eu-west', urlSignature: 'old', urlSignatureSeconds: 600 };
    const asked = [];
    let fail = true;
    const ask = async (trackId, region) => {
      asked.push([trackId, region]);
      if (fail) {
        fail = false;
        throw new Error('router down');
      }
      return { urlSignature: 'new', urlSignatureSeconds: 600 };
    };
    const stop = keepSigned(route, 't1', ask);
    mock.timers.tick(299_000);
    await Promise.resolve();
    assert.equal(asked.length, 0);
    mock.timers.tick(1_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(asked, [['t1', 'eu-west']]);
    assert.equal(route.urlSignature, 'old');
    mock.timers.tick(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked.length, 2);
    assert.equal(route.urlSignature, 'new');
    stop();
    mock.timers.tick(600_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked.length, 2, 'stopped');
  } finally {
    mock.timers.reset();
  }
});

test('a route without a signature is never asked for again', () => {
  let asked = 0;
  keepSigned({ region: 'r' }, 't1', async () => {
    asked += 1;
    return {};
  })();
  assert.equal(asked, 0);
});

test('a track taken down: the router\'s 410 is said so, and the signature is not asked for again', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => ({ ok: false, status: 410, json: async () => ({}) });
  try {
    await assert.rejects(route('t1', 'eu'), (error) => {
      assert.equal(error.status, 410);
      assert.match(error.message, /taken down/);
      return true;
    });
  } finally {
    globalThis.fetch = realFetch;
  }

  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let asked = 0;
    keepSigned({ region: 'eu', urlSignature: 'old', urlSignatureSeconds: 600 }, 't1', async () => {
      asked += 1;
      throw Object.assign(new Error('taken down'), { status: 410 });
    });
    mock.timers.tick(300_000);
    await new Promise((resolve) => setImmediate(resolve));
    mock.timers.tick(3_600_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked, 1);
  } finally {
    mock.timers.reset();
  }
});
