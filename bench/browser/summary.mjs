// Sums up the arms' result files (driver.mjs --out; several rounds of an arm are summed
// as one arm) into one line per arm and, last,
//   ours: p2p_ratio=0.xx startup_p50_ms=NNN stalls=N | p2pml: p2p_ratio=0.xx startup_p50_ms=NNN stalls=N
// p2p_ratio: bytes from peers / (bytes from peers + bytes over HTTP), over all viewers;
// startup_p50_ms: median over viewers of navigation start -> first 'playing' (a viewer that
// never played counts as its whole window, SECONDS * 1000, and is named in its arm's line);
// stalls: 'waiting' events after the first 'playing', summed over viewers.
//   node summary.mjs ours-1.json [ours-2.json …] p2pml-1.json [p2pml-2.json …]
import { readFile } from 'node:fs/promises';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function arm(runs) {
  const run = runs[0];
  const rows = runs.flatMap((each) => each.rows.map((row, i) => ({ ...row, viewer: `${runs.length > 1 ? `${each.round ?? runs.indexOf(each) + 1}.` : ''}${row.viewer ?? i + 1}` })));
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
    detail: `${runs.length > 1 ? `rounds=${runs.length} ` : ''}viewers=${rows.length} played=${rows.length - unplayed.length}/${rows.length}`
      + (unplayed.length ? ` (never played: viewer ${unplayed.join(', ')}; counted as ${run.seconds * 1000} ms)` : '')
      + ` bytes_edge=${edge} bytes_peer=${peer} bytes_total=${edge + peer}`
      + ` startup_ms=[${startups.join(',')}] stalled_ms=${rows.reduce((sum, row) => sum + row.stalledMs, 0)}`
      + ` console_errors=${rows.reduce((sum, row) => sum + row.consoleErrors, 0)}`
      + (errors.length ? ` errors=${JSON.stringify(errors)}` : ''),
  };
}

const runs = await Promise.all(process.argv.slice(2).map(async (file) => JSON.parse(await readFile(file, 'utf8'))));
const names = [...new Set(runs.map((run) => run.arm))];
const arms = names.map((name) => arm(runs.filter((run) => run.arm === name)));
for (const a of arms) {
  console.log(`${a.name} total: ${a.detail}`);
}
console.log(arms.map((a) => `${a.name}: p2p_ratio=${a.ratio.toFixed(2)} startup_p50_ms=${a.p50} stalls=${a.stalls}`).join(' | '));
