// Sums up the two arms' result files (driver.mjs --out) into one line per arm and, last,
//   ours: p2p_ratio=0.xx startup_p50_ms=NNN stalls=N | p2pml: p2p_ratio=0.xx startup_p50_ms=NNN stalls=N
// p2p_ratio: bytes from peers / (bytes from peers + bytes over HTTP), over all viewers;
// startup_p50_ms: median over viewers of navigation start -> first 'playing' (a viewer that
// never played counts as its whole window, SECONDS * 1000, and is named in its arm's line);
// stalls: 'waiting' events after the first 'playing', summed over viewers.
//   node summary.mjs ours.json p2pml.json
import { readFile } from 'node:fs/promises';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function arm(file) {
  const run = JSON.parse(await readFile(file, 'utf8'));
  const rows = run.rows;
  const peer = rows.reduce((sum, row) => sum + row.bytesPeer, 0);
  const edge = rows.reduce((sum, row) => sum + row.bytesEdge, 0);
  const unplayed = rows.filter((row) => row.startupMs === null).map((row) => row.viewer);
  const startups = rows.map((row) => row.startupMs ?? run.seconds * 1000);
  const errors = rows.filter((row) => row.error).map((row) => `viewer ${row.viewer}: ${row.error}`);
  return {
    name: run.arm,
    ratio: edge + peer ? peer / (edge + peer) : 0,
    p50: Math.round(median(startups)),
    stalls: rows.reduce((sum, row) => sum + row.stalls, 0),
    detail: `viewers=${rows.length} played=${rows.length - unplayed.length}/${rows.length}`
      + (unplayed.length ? ` (never played: viewer ${unplayed.join(', ')}; counted as ${run.seconds * 1000} ms)` : '')
      + ` bytes_edge=${edge} bytes_peer=${peer} bytes_total=${edge + peer}`
      + ` startup_ms=[${startups.join(',')}] stalled_ms=${rows.reduce((sum, row) => sum + row.stalledMs, 0)}`
      + ` console_errors=${rows.reduce((sum, row) => sum + row.consoleErrors, 0)}`
      + (errors.length ? ` errors=${JSON.stringify(errors)}` : ''),
  };
}

const arms = await Promise.all(process.argv.slice(2).map(arm));
for (const a of arms) {
  console.log(`${a.name} total: ${a.detail}`);
}
console.log(arms.map((a) => `${a.name}: p2p_ratio=${a.ratio.toFixed(2)} startup_p50_ms=${a.p50} stalls=${a.stalls}`).join(' | '));
