import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Signaling } from '../../main/resources/player/p2p/signal.js';

const RealWebSocket = globalThis.WebSocket;
let sent; // the frames the page sent

// A signaling service that answers every join with `answer(join)`.
function fakeService(answer) {
  sent = [];
  globalThis.WebSocket = class {
    constructor(url) {
      this.url = url;
      setImmediate(() => this.onopen());
    }

    send(data) {
      const frame = JSON.parse(data);
      sent.push(frame);
      if (frame.type === 'join') {
        setImmediate(() => this.onmessage({ data: JSON.stringify(answer(frame)) }));
      }
    }

    close() {}
  };
}

afterEach(() => {
  globalThis.WebSocket = RealWebSocket;
});

test('the join carries the page token when it has one', async () => {
  fakeService((join) => ({ type: 'joined', swarm: join.swarm }));
  const signaling = new Signaling('ws://sig/v1/signal', 'b-1', 't1/a128', 'tok-1');
  await signaling.connect();
  clearInterval(signaling.pinger);
  assert.deepEqual(sent, [{ type: 'join', swarm: 't1/a128', peerId: 'b-1', token: 'tok-1' }]);
});

test('without a token the join names none, and a refused join rejects with its reason', async () => {
  fakeService(() => ({ type: 'error', reason: 'unauthorized', detail: 'bearer token required' }));
  const signaling = new Signaling('ws://sig/v1/signal', 'b-2', 't1/a128');
  await assert.rejects(signaling.connect(), /signaling refused the join: unauthorized/);
  assert.deepEqual(sent, [{ type: 'join', swarm: 't1/a128', peerId: 'b-2' }]);
});
