// Node 18 has WebCrypto only as require('node:crypto').webcrypto; Node 19+ has globalThis.crypto.
import { webcrypto } from 'node:crypto';

if (globalThis.crypto === undefined) {
  globalThis.crypto = webcrypto;
}
