// Checks the test's own reference code (lib/tlog.mjs, Node crypto only) against known answers from
// outside our JavaScript, so that the proofs and notes it generates for the browser tests are right.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import test from 'node:test';
import * as t from '../lib/tlog.mjs';
import {
  CHECKPOINT_EXAMPLE,
  LEAF_EXAMPLE,
  NOTE_C2SP,
  NOTE_PETER,
  merkleVectors,
} from '../lib/vectors.mjs';

const V = merkleVectors();
const hashes = V.leaves.map((l) => t.leafHash(t.unhex(l)));

test('Merkle roots, inclusion and consistency proofs equal the C++ RFC 6962/9162 vectors', () => {
  for (let n = 0; n <= 8; n++)
    assert.equal(t.hex(t.rootOf(hashes.slice(0, n))), V.roots[n], `root ${n}`);
  for (const v of V.inclusion) {
    assert.deepEqual(t.inclusionPath(v.index, hashes.slice(0, v.size)).map(t.hex), v.proof);
  }
  for (const v of V.consistency) {
    assert.deepEqual(t.consistencyProof(v.size1, hashes.slice(0, v.size2)).map(t.hex), v.proof);
  }
});

test('Ed25519 note keys and signatures equal FORMATS §1.4 and §2', () => {
  const peter = new t.NoteKey('PeterNeumann', t.unhex(NOTE_PETER.seed));
  assert.equal(t.hex(peter.publicKey), NOTE_PETER.publicKey);
  assert.equal(peter.vkey, NOTE_PETER.vkey);
  assert.equal(t.signNote(NOTE_PETER.text, peter), NOTE_PETER.note);
  const log = new t.NoteKey(CHECKPOINT_EXAMPLE.origin, t.unhex(CHECKPOINT_EXAMPLE.seed));
  assert.equal(log.vkey, CHECKPOINT_EXAMPLE.vkey);
  const leaves = Array.from({ length: 7 }, (_, i) => t.leafHash(Buffer.from(`leaf ${i}`)));
  const root = t.rootOf(leaves);
  assert.equal(t.hex(root), CHECKPOINT_EXAMPLE.root);
  assert.equal(
    t.signNote(t.checkpointText(CHECKPOINT_EXAMPLE.origin, 7, root), log),
    CHECKPOINT_EXAMPLE.note,
  );
  // The C2SP example key verifies its note with Node's own Ed25519.
  const raw = Buffer.from(NOTE_C2SP.vkey.split('+')[2], 'base64').subarray(1);
  const spki = Buffer.concat([t.unhex('302a300506032b6570032100'), raw]);
  const sig = Buffer.from(NOTE_C2SP.note.split(' ').pop(), 'base64').subarray(4);
  assert.ok(
    crypto.verify(
      null,
      Buffer.from(NOTE_C2SP.text),
      crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      sig,
    ),
  );
});

test('the leaf of FORMATS §6 and protobuf varints from the protobuf encoding guide', () => {
  const leaf = t.leaf(BigInt(LEAF_EXAMPLE.timeMicros), t.unhex(LEAF_EXAMPLE.envelope));
  assert.equal(t.hex(leaf.subarray(1, 9)), LEAF_EXAMPLE.time);
  assert.equal(t.hex(t.leafHash(leaf)), LEAF_EXAMPLE.leafHash);
  assert.equal(t.hex(t.varint(150)), '9601');
  assert.equal(t.hex(t.varint(-1)), 'ffffffffffffffffff01');
  assert.equal(t.hex(t.pb.varint(1, 150)), '089601');
  assert.equal(t.hex(t.pb.string(2, 'testing')), '120774657374696e67');
});
