import { bestEdge, route } from './route.js';

// Lists the catalog as the best edge serves it (a cross-origin read: the edge answers CORS).
async function show() {
  const status = document.getElementById('status');
  try {
    const edge = bestEdge(await route());
    const tracks = await (await fetch(`${edge}/v1/catalog`)).json();
    const list = document.getElementById('catalog');
    for (const track of tracks) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `/listen/${encodeURIComponent(track.trackId)}`;
      link.textContent = track.title;
      item.append(link, track.live ? ' (live)' : ` (${Math.round(track.durationSeconds)} s)`);
      list.append(item);
    }
    status.textContent = `${tracks.length} tracks from ${edge}`;
  }
  catch (error) {
    status.textContent = `The catalog is not available: ${error.message}`;
  }
}

show();
