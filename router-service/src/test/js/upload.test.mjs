import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UploadLimiter } from '../../main/resources/player/p2p/upload.js';

function limiter(slots, bytesPerSecond) {
  const clock = { ms: 1000 };
  return { clock, limiter: new UploadLimiter({ slots, bytesPerSecond, now: () => clock.ms }) };
}

test('429 once every slot is taken; release frees one', () => {
  const { limiter: up } = limiter(2, 1e9);
  assert.equal(up.acquire(10), 200);
  assert.equal(up.acquire(10), 200);
  assert.equal(up.acquire(10), 429);
  up.release();
  assert.equal(up.acquire(10), 200);
  assert.equal(up.acquire(10), 429);
});

test('503 once the bucket is empty, refilled over time', () => {
  const { clock, limiter: up } = limiter(100, 1000);
  assert.equal(up.acquire(600), 200);
  assert.equal(up.acquire(600), 503); // 400 left
  assert.equal(up.acquire(400), 200); // 0 left
  assert.equal(up.acquire(1), 503);
  clock.ms += 500; // +500
  assert.equal(up.acquire(600), 503);
  assert.equal(up.acquire(500), 200);
  clock.ms += 10_000; // refilled to the one-second burst, not beyond
  assert.equal(up.acquire(1000), 200);
  assert.equal(up.acquire(1), 503);
});

test('a refused acquire takes no slot', () => {
  const { limiter: up } = limiter(1, 100);
  assert.equal(up.acquire(100), 200);
  up.release();
  assert.equal(up.acquire(50), 503);
  assert.equal(up.busy, 0);
});

test('a full bucket lets one answer larger than a second through, then owes it', () => {
  const { clock, limiter: up } = limiter(10, 1000);
  assert.equal(up.acquire(1500), 200); // 500 in debt
  clock.ms += 1000;
  assert.equal(up.acquire(600), 503); // only 500 back
  assert.equal(up.acquire(500), 200);
});
