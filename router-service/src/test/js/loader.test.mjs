import { test } from 'node:test';
import assert from 'node:assert/strict';
import { p2pFragmentLoader } from '../../main/resources/player/p2p/loader.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

// A fake engine whose load resolves (or rejects) with `result`, and callbacks that record calls.
function setup(result) {
  const loads = [];
  const loaded = [];
  const engine = {
    load(url, timing) {
      loads.push({ url, timing });
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
  const timing = (frag) => ({ startup: frag.sn === 0, budgetMs: 900 });
  const Loader = p2pFragmentLoader(engine, timing, (...args) => loaded.push(args));
  const calls = { success: [], error: [] };
  const callbacks = {
    onSuccess: (...args) => calls.success.push(args),
    onError: (...args) => calls.error.push(args),
    onTimeout: () => assert.fail('no timeout expected'),
  };
  const context = { url: 'https://edge.example/segments/x.m4s', frag: { sn: 0 } };
  return { loader: new Loader(), loads, loaded, calls, callbacks, context };
}

test('onSuccess once, with a copy of the bytes and the stats', async () => {
  const bytes = Uint8Array.from([1, 2, 3, 4, 5]);
  const { loader, loads, loaded, calls, callbacks, context } = setup({ bytes, source: 'peer' });
  loader.load(context, {}, callbacks);
  await settled();
  assert.deepEqual(loads, [{ url: context.url, timing: { startup: true, budgetMs: 900 } }]);
  assert.equal(calls.success.length, 1);
  assert.equal(calls.error.length, 0);
  const [response, stats, ctx] = calls.success[0];
  assert.equal(response.url, context.url);
  assert.ok(response.data instanceof ArrayBuffer);
  assert.notEqual(response.data, bytes.buffer);
  assert.deepEqual(new Uint8Array(response.data), bytes);
  assert.equal(stats.loaded, 5);
  assert.equal(stats, loader.stats);
  assert.equal(ctx, context);
  assert.deepEqual(loaded, [[context.frag, 'peer', 5]]);
});

test('the copy holds only the view, not the whole underlying buffer', async () => {
  const bytes = new Uint8Array(new ArrayBuffer(16), 4, 8).fill(9);
  const { loader, calls, callbacks, context } = setup({ bytes, source: 'cache' });
  loader.load(context, {}, callbacks);
  await settled();
  assert.equal(calls.success[0][0].data.byteLength, 8);
  assert.equal(calls.success[0][1].loaded, 8);
});

test('no callback after abort', async () => {
  const { loader, loaded, calls, callbacks, context } = setup({ bytes: new Uint8Array(3), source: 'edge' });
  loader.load(context, {}, callbacks);
  loader.abort();
  await settled();
  assert.equal(loader.stats.aborted, true);
  assert.deepEqual(calls, { success: [], error: [] });
  assert.deepEqual(loaded, []);
});

test('a rejected load calls onError', async () => {
  const { loader, calls, callbacks, context } = setup(new Error('all edges failed'));
  loader.load(context, {}, callbacks);
  await settled();
  assert.equal(calls.success.length, 0);
  assert.equal(calls.error.length, 1);
  const [error, ctx, , stats] = calls.error[0];
  assert.deepEqual(error, { code: 0, text: 'all edges failed' });
  assert.equal(ctx, context);
  assert.equal(stats, loader.stats);
});

test('a load that failed on an edge\'s 410 reaches hls.js as code 410', async () => {
  const gone = Object.assign(new Error('the track was taken down by the operator'), { status: 410 });
  const { loader, calls, callbacks, context } = setup(gone);
  loader.load(context, {}, callbacks);
  await settled();
  assert.deepEqual(calls.error[0][0], { code: 410, text: 'the track was taken down by the operator' });
});
