import './webcrypto.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Hex, matches, segmentIdOf } from '../../main/resources/player/p2p/hash.js';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const abc = new TextEncoder().encode('abc');

test('sha256Hex of known inputs', async () => {
  assert.equal(await sha256Hex(abc), ABC);
  assert.equal(await sha256Hex(new Uint8Array(0)), EMPTY);
});

test('matches compares the digest with the segment id', async () => {
  assert.equal(await matches(ABC, abc), true);
  assert.equal(await matches(EMPTY, abc), false);
  assert.equal(await matches(ABC, new TextEncoder().encode('abd')), false);
});

test('segmentIdOf names the id of content-addressed segment URLs', () => {
  assert.equal(segmentIdOf(`https://edge.example/v/segments/${ABC}.m4s`), ABC);
  assert.equal(segmentIdOf(`/segments/${ABC}.mp4?token=x&exp=1`), ABC);
  assert.equal(segmentIdOf(`https://edge.example/segments/${ABC}.ts#t=3`), ABC);
});

test('segmentIdOf is null for other URLs', () => {
  const urls = [
    'https://edge.example/v/master.m3u8',
    `https://edge.example/v/segments/${ABC}.m3u8`,
    `https://edge.example/segments/${ABC.toUpperCase()}.m4s`,
    `https://edge.example/segments/${ABC.slice(1)}.m4s`,
    `https://edge.example/segments/${ABC}.m4sx`,
    `https://edge.example/${ABC}.m4s`,
  ];
  for (const url of urls) {
    assert.equal(segmentIdOf(url), null, url);
  }
});
