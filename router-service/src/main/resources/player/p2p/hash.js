// Segment ids are the SHA-256 of the bytes: whoever sent them, they are checked before
// anything uses or re-shares them.

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function matches(segmentId, bytes) {
  return (await sha256Hex(bytes)) === segmentId;
}

const SEGMENT_URL = /\/segments\/([0-9a-f]{64})\.(m4s|mp4|ts)(?:[?#]|$)/;

// The segment id a URL names, or null for a URL that is not content-addressed.
export function segmentIdOf(url) {
  const match = SEGMENT_URL.exec(url);
  return match ? match[1] : null;
}
