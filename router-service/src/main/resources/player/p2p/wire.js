// The peer wire protocol of the Java peers (GET /p2p/segments/{id} → bytes | 404 | 429 | 503)
// framed on a DataChannel. Text frames carry JSON: a request {t:'get', id, segment}, its
// answer's head {t:'res', id, status, length}, a cancel {t:'cancel', id}. The body follows
// in binary frames of at most CHUNK_BYTES, each starting with the request id (4 bytes, big
// endian), so several answers may share a channel. 16 KiB is the message size every
// browser's DataChannel delivers whole.

export const CHUNK_BYTES = 16 * 1024;
const ID_BYTES = 4;
const MAX_ID = 0xffffffff;

export const STATUS = Object.freeze({ OK: 200, NOT_HELD: 404, BUSY: 429, CAPPED: 503 });

const SEGMENT_ID = /^[0-9a-f]{64}$/;

export function request(id, segment) {
  return JSON.stringify({ t: 'get', id, segment });
}

export function head(id, status, length = 0) {
  return JSON.stringify({ t: 'res', id, status, length });
}

export function cancel(id) {
  return JSON.stringify({ t: 'cancel', id });
}

// The text frame as an object, or null when it is not one of ours (a protocol violation).
export function parseText(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (frame === null || typeof frame !== 'object' || !Number.isInteger(frame.id) || frame.id < 0
      || frame.id > MAX_ID) {
    return null;
  }
  switch (frame.t) {
    case 'get':
      return typeof frame.segment === 'string' && SEGMENT_ID.test(frame.segment) ? frame : null;
    case 'res':
      return Number.isInteger(frame.status) && Number.isInteger(frame.length) && frame.length >= 0 ? frame : null;
    case 'cancel':
      return frame;
    default:
      return null;
  }
}

// The body of an answer as binary frames (none for an empty body).
export function* chunks(id, bytes) {
  const body = new Uint8Array(bytes);
  const payload = CHUNK_BYTES - ID_BYTES;
  for (let offset = 0; offset < body.byteLength; offset += payload) {
    const part = body.subarray(offset, Math.min(offset + payload, body.byteLength));
    const frame = new Uint8Array(ID_BYTES + part.byteLength);
    new DataView(frame.buffer).setUint32(0, id);
    frame.set(part, ID_BYTES);
    yield frame.buffer;
  }
}

// The request id of a binary frame and its payload.
export function parseChunk(buffer) {
  if (buffer.byteLength < ID_BYTES) {
    return null;
  }
  return { id: new DataView(buffer).getUint32(0), payload: new Uint8Array(buffer, ID_BYTES) };
}

// Collects one answer's body; more bytes than the head announced is a protocol violation.
export class Body {
  constructor(length) {
    this.bytes = new Uint8Array(length);
    this.received = 0;
  }

  // true once complete; throws on overflow
  add(payload) {
    if (this.received + payload.byteLength > this.bytes.byteLength) {
      throw new Error('more bytes than announced');
    }
    this.bytes.set(payload, this.received);
    this.received += payload.byteLength;
    return this.complete();
  }

  complete() {
    return this.received === this.bytes.byteLength;
  }
}
