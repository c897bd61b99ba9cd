import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLAYER = join(dirname(fileURLToPath(import.meta.url)), '../../main/resources/player');

// Every module player.js imports statically, directly or not, as /player/… paths (the
// swarm's modules, imported when the page joins, are not among them).
function importedFrom(file, seen = new Set()) {
  seen.add(`/player/${relative(PLAYER, file)}`);
  const source = readFileSync(file, 'utf8');
  for (const [, path] of source.matchAll(/^import[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    const next = join(dirname(file), path);
    if (!seen.has(`/player/${relative(PLAYER, next)}`)) {
      importedFrom(next, seen);
    }
  }
  return seen;
}

test('the listen page preloads every module the player imports statically (its startup), and only those', () => {
  const page = readFileSync(join(PLAYER, 'listen.html'), 'utf8');
  const preloaded = [...page.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(new Set(preloaded), importedFrom(join(PLAYER, 'player.js')));
  assert.equal(preloaded.length, new Set(preloaded).size, 'no module preloaded twice');
});
