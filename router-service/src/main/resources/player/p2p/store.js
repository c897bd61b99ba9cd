// The segments this page holds, to play and to share, within a byte quota: the least
// recently used go first. What leaves is reported so the next announce withdraws it.

export class SegmentStore {
  constructor(quotaBytes) {
    this.quotaBytes = quotaBytes;
    this.bytes = 0;
    this.segments = new Map(); // id -> Uint8Array, in use order (oldest first)
    this.added = new Set();
    this.removed = new Set();
  }

  has(id) {
    return this.segments.has(id);
  }

  get(id) {
    const bytes = this.segments.get(id);
    if (bytes !== undefined) {
      this.segments.delete(id);
      this.segments.set(id, bytes);
    }
    return bytes;
  }

  // Keeps checked bytes; a segment larger than the whole quota is not kept.
  put(id, bytes) {
    if (this.segments.has(id) || bytes.byteLength > this.quotaBytes) {
      return;
    }
    this.segments.set(id, bytes);
    this.bytes += bytes.byteLength;
    // back before its removal was announced: the tracker still has it, nothing to say
    if (!this.removed.delete(id)) {
      this.added.add(id);
    }
    for (const [oldest, oldBytes] of this.segments) {
      if (this.bytes <= this.quotaBytes) {
        break;
      }
      this.segments.delete(oldest);
      this.bytes -= oldBytes.byteLength;
      // gone before its addition was announced: the tracker never heard of it
      if (!this.added.delete(oldest)) {
        this.removed.add(oldest);
      }
    }
  }

  // Drops every segment (the track was taken down); what the tracker knew is reported
  // removed, as for an eviction.
  clear() {
    for (const id of this.segments.keys()) {
      if (!this.added.delete(id)) {
        this.removed.add(id);
      }
    }
    this.segments.clear();
    this.bytes = 0;
  }

  ids() {
    return [...this.segments.keys()];
  }

  // What changed since the last call: {added, removed}.
  takeChanges() {
    const changes = { added: [...this.added], removed: [...this.removed] };
    this.added.clear();
    this.removed.clear();
    return changes;
  }

  hasChanges() {
    return this.added.size > 0 || this.removed.size > 0;
  }
}
