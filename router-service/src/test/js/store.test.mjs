import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentStore } from '../../main/resources/player/p2p/store.js';

const bytes = (n) => new Uint8Array(n);

test('evicts the least recently used by bytes; get refreshes recency', () => {
  const store = new SegmentStore(300);
  store.put('a', bytes(100));
  store.put('b', bytes(100));
  store.put('c', bytes(100));
  assert.equal(store.get('a').byteLength, 100); // a is now the newest
  store.put('d', bytes(100));
  assert.deepEqual(store.ids(), ['c', 'a', 'd']);
  assert.equal(store.has('b'), false);
  assert.equal(store.get('b'), undefined);
  assert.equal(store.bytes, 300);
  store.put('e', bytes(250)); // pushes out c, a and d
  assert.deepEqual(store.ids(), ['e']);
  assert.equal(store.bytes, 250);
});

test('a segment larger than the quota is not kept', () => {
  const store = new SegmentStore(100);
  store.put('a', bytes(50));
  store.put('big', bytes(101));
  assert.deepEqual(store.ids(), ['a']);
  assert.equal(store.hasChanges(), true);
  assert.deepEqual(store.takeChanges(), { added: ['a'], removed: [] });
});

test('takeChanges reports what was added and removed since the last call', () => {
  const store = new SegmentStore(200);
  assert.equal(store.hasChanges(), false);
  store.put('a', bytes(100));
  store.put('b', bytes(100));
  assert.deepEqual(store.takeChanges(), { added: ['a', 'b'], removed: [] });
  assert.equal(store.hasChanges(), false);
  store.put('c', bytes(100)); // evicts a
  store.put('d', bytes(100)); // evicts b
  store.put('e', bytes(100)); // evicts c, which was never reported
  assert.deepEqual(store.takeChanges(), { added: ['d', 'e'], removed: ['a', 'b'] });
  assert.deepEqual(store.takeChanges(), { added: [], removed: [] });
});

test('putting a held id again changes nothing', () => {
  const store = new SegmentStore(200);
  store.put('a', bytes(100));
  store.takeChanges();
  store.put('a', bytes(100));
  assert.equal(store.bytes, 100);
  assert.equal(store.hasChanges(), false);
});

test('a reported id evicted, put back and evicted again is reported removed', () => {
  const store = new SegmentStore(100);
  store.put('a', bytes(100));
  store.takeChanges(); // the tracker now knows a
  store.put('b', bytes(100)); // evicts a
  store.put('a', bytes(100)); // evicts b (never reported), a is back
  store.put('c', bytes(100)); // evicts a again
  assert.deepEqual(store.takeChanges(), { added: ['c'], removed: ['a'] });
});

test('clear drops every segment and reports what the tracker knew as removed', () => {
  const store = new SegmentStore(300);
  store.put('a', bytes(100));
  store.put('b', bytes(100));
  store.takeChanges(); // the tracker now knows a and b
  store.put('c', bytes(100)); // never announced
  store.clear();
  assert.deepEqual(store.ids(), []);
  assert.equal(store.bytes, 0);
  assert.equal(store.get('a'), undefined);
  assert.deepEqual(store.takeChanges(), { added: [], removed: ['a', 'b'] });
});
