// What this page uploads to other peers: at most `slots` answers at once (429 beyond) and
// at most `bytesPerSecond` on average with a burst of one second (503 beyond), like the
// Java peer's upload slots and cap.

export class UploadLimiter {
  constructor({ slots, bytesPerSecond, now = () => performance.now() }) {
    this.slots = slots;
    this.bytesPerSecond = bytesPerSecond;
    this.now = now;
    this.busy = 0;
    this.tokens = bytesPerSecond;
    this.refilled = now();
  }

  // 200 and a slot taken (give it back with release), or the status to answer.
  acquire(length) {
    if (this.busy >= this.slots) {
      return 429;
    }
    const now = this.now();
    this.tokens = Math.min(this.bytesPerSecond, this.tokens + ((now - this.refilled) / 1000) * this.bytesPerSecond);
    this.refilled = now;
    if (this.tokens < length && this.tokens < this.bytesPerSecond) {
      return 503;
    }
    this.tokens -= length;
    this.busy += 1;
    return 200;
  }

  release() {
    this.busy -= 1;
  }
}
