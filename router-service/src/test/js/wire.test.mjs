import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHUNK_BYTES, request, head, cancel, parseText, chunks, parseChunk, Body,
} from '../../main/resources/player/p2p/wire.js';

const SEGMENT = 'ab'.repeat(32);

test('request, head and cancel round-trip through parseText', () => {
  assert.deepEqual(parseText(request(7, SEGMENT)), { t: 'get', id: 7, segment: SEGMENT });
  assert.deepEqual(parseText(head(7, 200, 1234)), { t: 'res', id: 7, status: 200, length: 1234 });
  assert.deepEqual(parseText(head(8, 404)), { t: 'res', id: 8, status: 404, length: 0 });
  assert.deepEqual(parseText(cancel(9)), { t: 'cancel', id: 9 });
});

test('parseText rejects what is not one of our frames', () => {
  const bad = [
    'not json', '', 'null', '42', '"get"',
    JSON.stringify({ t: 'hello', id: 1 }),
    JSON.stringify({ id: 1 }),
    JSON.stringify({ t: 'get', id: 1, segment: 'AB'.repeat(32) }),
    JSON.stringify({ t: 'get', id: 1, segment: 'ab'.repeat(31) }),
    JSON.stringify({ t: 'get', id: 1, segment: `${SEGMENT}0` }),
    JSON.stringify({ t: 'get', id: 1 }),
    JSON.stringify({ t: 'get', id: -1, segment: SEGMENT }),
    JSON.stringify({ t: 'get', id: 1.5, segment: SEGMENT }),
    JSON.stringify({ t: 'get', id: '1', segment: SEGMENT }),
    JSON.stringify({ t: 'cancel', id: -3 }),
    JSON.stringify({ t: 'res', id: 1, status: 200, length: -1 }),
    JSON.stringify({ t: 'res', id: 1, status: 200, length: 0.5 }),
    JSON.stringify({ t: 'res', id: 1, status: '200', length: 0 }),
  ];
  for (const text of bad) {
    assert.equal(parseText(text), null, text);
  }
});

test('parseText rejects a segment that is not a string', () => {
  assert.equal(parseText(JSON.stringify({ t: 'get', id: 1, segment: [SEGMENT] })), null);
});

test('chunks splits a body into id-tagged frames that Body reassembles', () => {
  const bytes = new Uint8Array(40000).map((_, i) => (i * 31) & 0xff);
  const frames = [...chunks(0x01020304, bytes)];
  assert.equal(frames.length, Math.ceil(40000 / (CHUNK_BYTES - 4)));
  const body = new Body(bytes.byteLength);
  frames.forEach((frame, i) => {
    assert.ok(frame instanceof ArrayBuffer);
    assert.ok(frame.byteLength <= CHUNK_BYTES);
    const { id, payload } = parseChunk(frame);
    assert.equal(id, 0x01020304);
    assert.equal(body.add(payload), i === frames.length - 1);
  });
  assert.deepEqual(body.bytes, bytes);
});

test('an empty body yields no frames', () => {
  assert.deepEqual([...chunks(1, new Uint8Array(0))], []);
  assert.equal(new Body(0).complete(), true);
});

test('Body.add throws when more bytes arrive than announced', () => {
  const body = new Body(10);
  assert.equal(body.add(new Uint8Array(6)), false);
  assert.throws(() => body.add(new Uint8Array(5)), /more bytes than announced/);
  assert.equal(body.received, 6);
});

test('parseChunk rejects a frame shorter than the id', () => {
  assert.equal(parseChunk(new ArrayBuffer(3)), null);
  assert.deepEqual(parseChunk(new ArrayBuffer(4)).payload, new Uint8Array(0));
});

test('parseText rejects an id that does not fit the 4 bytes of a body frame', () => {
  assert.equal(parseText(cancel(2 ** 32)), null);
  assert.deepEqual(parseText(cancel(2 ** 32 - 1)), { t: 'cancel', id: 2 ** 32 - 1 });
});
