// The test's own reference implementation of what a log serves, written with Node's crypto only
// (nothing from web/static/board.js): RFC 9162 Merkle trees and proofs (§2.1.1, §2.1.3.1,
// §2.1.4.1), C2SP signed notes and checkpoints with Ed25519 (FORMATS §1, §2), the protobuf wire
// format and the leaf of FORMATS §6. test/reference.test.mjs checks it against the C++ known-answer
// vectors and the FORMATS worked examples before the other tests trust it.
import crypto from 'node:crypto';

export const sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
export const hex = (b) => Buffer.from(b).toString('hex');
export const unhex = (s) => Buffer.from(s, 'hex');
export const b64 = (b) => Buffer.from(b).toString('base64');
export const unb64 = (s) => Buffer.from(s, 'base64');

// ---- RFC 9162 §2.1 -----------------------------------------------------------------------------

export const leafHash = (leaf) => sha256(Buffer.of(0), leaf);
export const nodeHash = (l, r) => sha256(Buffer.of(1), l, r);

function splitPoint(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH over a list of leaf hashes.
export function rootOf(hashes) {
  if (hashes.length === 0) return sha256(Buffer.alloc(0));
  if (hashes.length === 1) return hashes[0];
  const k = splitPoint(hashes.length);
  return nodeHash(rootOf(hashes.slice(0, k)), rootOf(hashes.slice(k)));
}

// PATH(m, D[n]) over leaf hashes, leaf's sibling first.
export function inclusionPath(m, hashes) {
  const n = hashes.length;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...inclusionPath(m, hashes.slice(0, k)), rootOf(hashes.slice(k))];
  return [...inclusionPath(m - k, hashes.slice(k)), rootOf(hashes.slice(0, k))];
}

function subproof(m, hashes, complete) {
  const n = hashes.length;
  if (m === n) return complete ? [] : [rootOf(hashes)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, hashes.slice(0, k), complete), rootOf(hashes.slice(k))];
  return [...subproof(m - k, hashes.slice(k), false), rootOf(hashes.slice(0, k))];
}

// PROOF(m, D[n]); empty for m == 0 as FORMATS §7 requires.
export function consistencyProof(m, hashes) {
  if (m === 0) return [];
  return subproof(m, hashes, true);
}

// ---- Ed25519 keys, C2SP signed notes and checkpoints --------------------------------------------

const PKCS8_ED25519_PREFIX = unhex('302e020100300506032b657004220420');

export class NoteKey {
  // `seed`: 32 bytes (random when omitted). `type`: 0x01 note key.
  constructor(name, seed = crypto.randomBytes(32)) {
    this.name = name;
    this.seed = Buffer.from(seed);
    this.privateKey = crypto.createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, this.seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const jwk = crypto.createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.publicKey = Buffer.from(jwk.x, 'base64url');
    this.keyId = sha256(Buffer.from(name, 'utf8'), Buffer.of(0x0a, 0x01), this.publicKey).subarray(
      0,
      4,
    );
  }
  get vkey() {
    return `${this.name}+${hex(this.keyId)}+${b64(Buffer.concat([Buffer.of(1), this.publicKey]))}`;
  }
  sign(message) {
    return crypto.sign(null, Buffer.from(message), this.privateKey);
  }
  signatureLine(text) {
    return `\u2014 ${this.name} ${b64(Buffer.concat([this.keyId, this.sign(Buffer.from(text, 'utf8'))]))}\n`;
  }
}

// A signed note: `text` (ending in "\n") signed by each key in order.
export function signNote(text, ...keys) {
  return text + '\n' + keys.map((k) => k.signatureLine(text)).join('');
}

export function checkpointText(origin, size, root) {
  return `${origin}\n${size}\n${b64(root)}\n`;
}

// ---- protobuf wire format ----------------------------------------------------------------------

export function varint(value) {
  let v = BigInt.asUintN(64, BigInt(value));
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return Buffer.from(out);
}
const tag = (number, wireType) => varint((BigInt(number) << 3n) | BigInt(wireType));
// Field builders: pb.varint(n, v), pb.bytes(n, b), pb.string(n, s), pb.message(n, ...fields).
export const pb = {
  varint: (n, v) => Buffer.concat([tag(n, 0), varint(v)]),
  bytes: (n, b) => Buffer.concat([tag(n, 2), varint(b.length), Buffer.from(b)]),
  string: (n, s) => pb.bytes(n, Buffer.from(s, 'utf8')),
  message: (n, ...fields) => pb.bytes(n, Buffer.concat(fields)),
  fixed64: (n, v) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)));
    return Buffer.concat([tag(n, 1), b]);
  },
};

// FORMATS §5 envelope with one (unchecked) signature, and the §6 leaf around it.
export function envelope(payloadType, payload, sig = Buffer.alloc(64, 7), keyid = 'fixture') {
  return Buffer.concat([
    payload.length ? pb.bytes(1, payload) : Buffer.alloc(0),
    pb.string(2, payloadType),
    pb.message(3, pb.bytes(1, sig), pb.string(2, keyid)),
  ]);
}
export function leaf(timeMicros, envelopeBytes) {
  const t = Buffer.alloc(8);
  t.writeBigUInt64BE(BigInt(timeMicros));
  return Buffer.concat([Buffer.of(1), t, envelopeBytes]);
}

// ---- a log served through the contract's JSON endpoints -----------------------------------------

export class FixtureLog {
  constructor(origin, seed) {
    this.origin = origin;
    this.key = new NoteKey(origin, seed);
    this.leaves = [];
  }
  append(leafBytes) {
    this.leaves.push(Buffer.from(leafBytes));
    return this.leaves.length - 1;
  }
  hashes(size = this.leaves.length) {
    return this.leaves.slice(0, size).map(leafHash);
  }
  root(size = this.leaves.length) {
    return rootOf(this.hashes(size));
  }
  checkpoint(size = this.leaves.length, key = this.key) {
    const root = this.root(size);
    return {
      origin: this.origin,
      size,
      root_hash: b64(root),
      note: signNote(checkpointText(this.origin, size, root), key),
    };
  }
  leafJson(index) {
    return { index, leaf: b64(this.leaves[index]) };
  }
  inclusionJson(index, size) {
    return { index, size, hashes: inclusionPath(index, this.hashes(size)).map(b64) };
  }
  consistencyJson(from, to) {
    return { from, to, hashes: consistencyProof(from, this.hashes(to)).map(b64) };
  }

  // The contract's endpoints: (pathname, URLSearchParams) -> {status, body}. `state.size` is the
  // checkpoint size served (default: every leaf); `state.hook` may answer first (tampering).
  handle(pathname, params, state = {}) {
    if (state.hook) {
      const r = state.hook(pathname, params);
      if (r) return r;
    }
    if (params.get('log') !== this.origin) return { status: 404, body: { error: 'unknown log' } };
    const num = (name) =>
      /^(0|[1-9][0-9]*)$/.test(params.get(name) || '') ? Number(params.get(name)) : NaN;
    const size = state.size ?? this.leaves.length;
    switch (pathname) {
      case '/api/v1/checkpoint':
        return { status: 200, body: this.checkpoint(size, state.key), noStore: true };
      case '/api/v1/leaf': {
        const i = num('index');
        if (Number.isNaN(i)) return { status: 400, body: { error: 'bad index' } };
        if (i >= this.leaves.length) return { status: 404, body: { error: 'index beyond size' } };
        return { status: 200, body: this.leafJson(i) };
      }
      case '/api/v1/inclusion': {
        const i = num('index');
        const s = num('size');
        if (Number.isNaN(i) || Number.isNaN(s))
          return { status: 400, body: { error: 'bad parameter' } };
        if (s > this.leaves.length || i >= s)
          return { status: 404, body: { error: 'index beyond size' } };
        return { status: 200, body: this.inclusionJson(i, s) };
      }
      case '/api/v1/consistency': {
        const a = num('from');
        const b = num('to');
        if (Number.isNaN(a) || Number.isNaN(b) || a > b)
          return { status: 400, body: { error: 'bad parameter' } };
        if (b > this.leaves.length) return { status: 404, body: { error: 'size beyond the log' } };
        return { status: 200, body: this.consistencyJson(a, b) };
      }
      default:
        return { status: 404, body: { error: 'not found' } };
    }
  }
}
