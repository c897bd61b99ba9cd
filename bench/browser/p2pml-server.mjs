// The p2pml arm's two local servers, both on 127.0.0.1 and free ports:
//  - a WebTorrent (WebSocket) tracker: bittorrent-tracker's Server, ws only (no http/udp
//    announce, no stats page), fresh for each run of the arm;
//  - a static server for p2pml.html/p2pml.js and the ES module builds vendored from
//    node_modules (hls.js, p2p-media-loader-core, p2p-media-loader-hlsjs): nothing is
//    loaded from a CDN.
// Used in-process by driver.mjs; `node p2pml-server.mjs` runs it alone for a manual look.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// node_modules lives in the run-time cache (BENCH_MODULES, default .work/node_modules)
const modules = process.env.BENCH_MODULES ?? path.join(here, '.work', 'node_modules');

const FILES = {
  '/p2pml.html': path.join(here, 'p2pml.html'),
  '/p2pml.js': path.join(here, 'p2pml.js'),
  '/vendor/hls.light.min.mjs': path.join(modules, 'hls.js/dist/hls.light.min.mjs'),
  '/vendor/p2p-media-loader-core.es.min.js': path.join(modules, 'p2p-media-loader-core/dist/p2p-media-loader-core.es.min.js'),
  '/vendor/p2p-media-loader-hlsjs.es.min.js': path.join(modules, 'p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.min.js'),
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript' };

function listening(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

export async function startP2pmlServers({ log = () => {} } = {}) {
  // by path: the package's exports name its client too, whose WebRTC polyfill wants a
  // native module that --ignore-scripts leaves unbuilt (the server needs none)
  const { default: Server } = await import(pathToFileURL(path.join(modules, 'bittorrent-tracker', 'server.js')).href);
  const tracker = new Server({ http: false, udp: false, ws: true, stats: false });
  let announces = 0;
  tracker.on('start', () => { announces += 1; });
  tracker.on('warning', (error) => log(`tracker warning: ${error.message}`));
  tracker.on('error', (error) => log(`tracker error: ${error.message}`));
  const trackerPort = await new Promise((resolve, reject) => {
    tracker.once('error', reject);
    tracker.listen(0, '127.0.0.1', () => resolve(tracker.ws.address().port));
  });

  const web = createServer(async (req, res) => {
    const file = FILES[new URL(req.url, 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (error) {
      res.writeHead(500).end(error.message);
    }
  });
  const webPort = await listening(web);

  return {
    trackerUrl: `ws://127.0.0.1:${trackerPort}`,
    pageUrl: `http://127.0.0.1:${webPort}/p2pml.html`,
    swarms: () => Object.keys(tracker.torrents ?? {}).length,
    announces: () => announces,
    close: () => Promise.all([
      new Promise((resolve) => tracker.close(resolve)),
      new Promise((resolve) => { web.closeAllConnections?.(); web.close(resolve); }),
    ]),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const servers = await startP2pmlServers({ log: console.error });
  console.log(`tracker ${servers.trackerUrl}`);
  console.log(`page    ${servers.pageUrl}?src=http://localhost:8082/tracks/rising-arpeggio/master.m3u8&rendition=a128&tracker=${encodeURIComponent(servers.trackerUrl)}`);
  console.log('Ctrl-C stops');
}
