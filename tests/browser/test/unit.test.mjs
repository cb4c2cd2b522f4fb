// Known-answer and mismatch tests of board.js's pure functions, run in Debian's headless Chromium
// (WebCrypto Ed25519 and SHA-256 as a villager's browser has them). The vectors come from outside
// our JavaScript (FORMATS worked examples, the C++ RFC 9162 vectors, the protobuf encoding guide);
// the mismatch cases are built with Node's crypto (lib/tlog.mjs, itself checked in
// reference.test.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setUp } from '../lib/harness.mjs';
import * as t from '../lib/tlog.mjs';
import {
  CHECKPOINT_EXAMPLE,
  LEAF_EXAMPLE,
  NOTE_C2SP,
  NOTE_PETER,
  merkleVectors,
} from '../lib/vectors.mjs';

let env;
let page;
before(async () => {
  env = await setUp();
  page = await env.harness();
});
after(() => env && env.close());

test('verifier keys: FORMATS §1.4, the C2SP example and §2 parse; a wrong key id or encoding is refused', async () => {
  const r = await page.evaluate(
    async ([peter, c2sp, cp]) => {
      const L = LedgerBoard;
      const k = await L.parseVerifierKey(peter);
      const variants = {
        wrongId: peter.replace('c74f20a3', 'c74f20a4'),
        upperId: peter.replace('c74f20a3', 'C74F20A3'),
        missingPart: peter.split('+').slice(0, 2).join('+'),
        badBase64: peter.replace('ARpc', 'ARp c'),
        shortKey: peter.slice(0, -4),
        cosignatureType: peter.replace('ARpc', 'BBpc'),
        spaceInName: ' ' + peter,
      };
      const codes = {};
      for (const [name, v] of Object.entries(variants))
        codes[name] = await codeOf(() => L.parseVerifierKey(v));
      return {
        name: k.name,
        id: k.keyIdHex,
        pub: L.toHex(k.publicKey),
        c2sp: (await L.parseVerifierKey(c2sp)).keyIdHex,
        cp: (await L.parseVerifierKey(cp)).name,
        codes,
      };
    },
    [NOTE_PETER.vkey, NOTE_C2SP.vkey, CHECKPOINT_EXAMPLE.vkey],
  );
  assert.equal(r.name, 'PeterNeumann');
  assert.equal(r.id, 'c74f20a3');
  assert.equal(r.pub, NOTE_PETER.publicKey);
  assert.equal(r.c2sp, '530d903a');
  assert.equal(r.cp, CHECKPOINT_EXAMPLE.origin);
  // A key whose base64 holds '+' (the name and key id never do).
  let plus;
  do plus = new t.NoteKey('ledger.example.org/341721');
  while (!plus.vkey.split('+').slice(2).join('+').includes('+'));
  const p = await page.evaluate(
    async (v) => LedgerBoard.toHex((await LedgerBoard.parseVerifierKey(v)).publicKey),
    plus.vkey,
  );
  assert.equal(p, t.hex(plus.publicKey));
  assert.deepEqual(r.codes, {
    wrongId: 'vkey-id',
    upperId: 'vkey',
    missingPart: 'vkey',
    badBase64: 'vkey',
    shortKey: 'vkey',
    cosignatureType: 'vkey',
    spaceInName: 'vkey',
  });
});

test('signed notes: the FORMATS §1.4, C2SP and §2 examples verify with WebCrypto Ed25519', async () => {
  const r = await page.evaluate(
    async ([peter, c2sp, cp]) => {
      const L = LedgerBoard;
      const text1 = await L.verifyNote(peter.note, await L.parseVerifierKey(peter.vkey));
      const text2 = await L.verifyNote(c2sp.note, await L.parseVerifierKey(c2sp.vkey));
      const c = await L.verifyCheckpoint(cp.note, await L.parseVerifierKey(cp.vkey), cp.origin);
      return { text1, text2, origin: c.origin, size: c.size.toString(), root: L.toHex(c.rootHash) };
    },
    [NOTE_PETER, NOTE_C2SP, CHECKPOINT_EXAMPLE],
  );
  assert.equal(r.text1, NOTE_PETER.text);
  assert.equal(r.text2, NOTE_C2SP.text);
  assert.deepEqual(
    [r.origin, r.size, r.root],
    [CHECKPOINT_EXAMPLE.origin, '7', CHECKPOINT_EXAMPLE.root],
  );
});

test('signed notes: wrong key, bad signature, wrong origin and malformed notes are refused', async () => {
  const origin = CHECKPOINT_EXAMPLE.origin;
  const logKey = new t.NoteKey(origin, t.unhex(CHECKPOINT_EXAMPLE.seed));
  const otherKey = new t.NoteKey(origin); // same name, another key: another key id
  const witness = new t.NoteKey('witness.audit.example.org/1');
  const root = t.sha256(Buffer.from('root'));
  const text = t.checkpointText(origin, 5, root);
  const good = t.signNote(text, logKey);
  const sigLine = good.split('\n\n')[1];
  const flipSig = (note) => {
    // one bit of the signature (after the 4-byte key id)
    const [body, line] = [
      note.slice(0, note.lastIndexOf('\n\n') + 2),
      note.slice(note.lastIndexOf('\n\n') + 2),
    ];
    const parts = line.trimEnd().split(' ');
    const raw = Buffer.from(parts[2], 'base64');
    raw[10] ^= 1;
    return `${body}${parts[0]} ${parts[1]} ${raw.toString('base64')}\n`;
  };
  const cases = {
    good,
    withWitness: t.signNote(text, witness, logKey),
    wrongKey: t.signNote(text, otherKey),
    badSignature: flipSig(good),
    tamperedText: good.replace('\n5\n', '\n6\n'),
    wrongOrigin: t.signNote(t.checkpointText('ledger.example.org/341702', 5, root), logKey),
    duplicateLine: good + sigLine,
    noBlankLine: good.replace('\n\n', '\n'),
    carriageReturn: good.replace(`${origin}\n`, `${origin}\r\n`),
    leadingZeroSize: t.signNote(`${origin}\n05\n${t.b64(root)}\n`, logKey),
    shortRoot: t.signNote(`${origin}\n5\n${t.b64(root.subarray(1))}\n`, logKey),
    emptyExtension: t.signNote(`${text}\n`, logKey),
    noSignature: text + '\n',
  };
  const r = await page.evaluate(
    async ([vkey, origin, cases]) => {
      const L = LedgerBoard;
      const key = await L.parseVerifierKey(vkey);
      const out = {};
      for (const [name, note] of Object.entries(cases))
        out[name] = await codeOf(() => L.verifyCheckpoint(note, key, origin));
      return out;
    },
    [logKey.vkey, origin, cases],
  );
  assert.deepEqual(r, {
    good: 'ok',
    withWitness: 'ok',
    wrongKey: 'note-unsigned',
    badSignature: 'note-signature',
    tamperedText: 'note-signature',
    wrongOrigin: 'checkpoint-origin',
    duplicateLine: 'note-format',
    noBlankLine: 'note-format',
    carriageReturn: 'note-format',
    leadingZeroSize: 'checkpoint-format',
    shortRoot: 'checkpoint-format',
    emptyExtension: 'checkpoint-format',
    noSignature: 'note-format',
  });
});

test('Merkle proofs: the C++ RFC 9162 vectors verify; a tampered hash, index, size or length does not', async () => {
  const V = merkleVectors();
  const r = await page.evaluate(async (V) => {
    const L = LedgerBoard;
    const H = L.fromHex;
    const flip = (h) => {
      const b = H(h);
      b[31] ^= 1;
      return b;
    };
    const hashes = await Promise.all(V.leaves.map((l) => L.leafHash(H(l))));
    const out = { inclusion: [], consistency: [] };
    for (const v of V.inclusion) {
      const p = v.proof.map(H);
      const root = H(V.roots[v.size]);
      const inc = (i, s, proof, hash = hashes[v.index], rt = root) =>
        L.verifyInclusion(i, s, hash, proof, rt);
      const res = {
        good: await inc(v.index, v.size, p),
        wrongLeaf: await inc(v.index, v.size, p, hashes[(v.index + 1) % 8]),
        wrongRoot: await inc(v.index, v.size, p, hashes[v.index], flip(V.roots[v.size])),
        indexPlus: await inc(v.index + 1, v.size, p),
        // The proof for `size` offered for a checkpoint of another size (with that size's root).
        sizePlus:
          v.size < 8
            ? await inc(v.index, v.size + 1, p, hashes[v.index], H(V.roots[v.size + 1]))
            : false,
        sizeMinus:
          v.index < v.size - 1
            ? await inc(v.index, v.size - 1, p, hashes[v.index], H(V.roots[v.size - 1]))
            : false,
        extra: await inc(v.index, v.size, [...p, hashes[0]]),
        short: p.length ? await inc(v.index, v.size, p.slice(0, -1)) : false,
        tampered: [],
      };
      for (let k = 0; k < p.length; k++) {
        res.tampered.push(
          await inc(
            v.index,
            v.size,
            v.proof.map((h, j) => (j === k ? flip(h) : H(h))),
          ),
        );
      }
      out.inclusion.push(res);
    }
    for (const v of V.consistency) {
      const p = v.proof.map(H);
      const r1 = H(V.roots[v.size1]);
      const r2 = H(V.roots[v.size2]);
      const res = {
        good: await L.verifyConsistency(v.size1, v.size2, r1, r2, p),
        wrongOld: await L.verifyConsistency(v.size1, v.size2, flip(V.roots[v.size1]), r2, p),
        wrongNew: await L.verifyConsistency(v.size1, v.size2, r1, flip(V.roots[v.size2]), p),
        swapped: v.size1 !== v.size2 && (await L.verifyConsistency(v.size2, v.size1, r2, r1, p)),
        size1Minus: v.size1 > 1 && (await L.verifyConsistency(v.size1 - 1, v.size2, r1, r2, p)),
        extra: await L.verifyConsistency(v.size1, v.size2, r1, r2, [...p, hashes[0]]),
        tampered: [],
      };
      for (let k = 0; k < p.length; k++) {
        res.tampered.push(
          await L.verifyConsistency(
            v.size1,
            v.size2,
            r1,
            r2,
            v.proof.map((h, j) => (j === k ? flip(h) : H(h))),
          ),
        );
      }
      out.consistency.push(res);
    }
    return out;
  }, V);
  for (const [i, res] of r.inclusion.entries()) {
    assert.equal(res.good, true, `inclusion vector ${i}`);
    for (const k of [
      'wrongLeaf',
      'wrongRoot',
      'indexPlus',
      'sizePlus',
      'sizeMinus',
      'extra',
      'short',
    ]) {
      assert.equal(res[k], false, `inclusion vector ${i} ${k}`);
    }
    assert.ok(
      res.tampered.every((x) => x === false),
      `inclusion vector ${i} tampered`,
    );
  }
  for (const [i, res] of r.consistency.entries()) {
    assert.equal(res.good, true, `consistency vector ${i}`);
    for (const k of ['wrongOld', 'wrongNew', 'swapped', 'size1Minus', 'extra']) {
      assert.equal(res[k], false, `consistency vector ${i} ${k}`);
    }
    assert.ok(
      res.tampered.every((x) => x === false),
      `consistency vector ${i} tampered`,
    );
  }
});

test('Merkle proofs: every index and every pair of sizes up to 17 leaves, generated in Node', async () => {
  const N = 17;
  const leaves = Array.from({ length: N }, (_, i) => Buffer.from(`entry ${i}`));
  const hashes = leaves.map(t.leafHash);
  const cases = { inclusion: [], consistency: [] };
  for (let n = 1; n <= N; n++) {
    for (let m = 0; m < n; m++) {
      cases.inclusion.push([
        m,
        n,
        t.hex(hashes[m]),
        t.inclusionPath(m, hashes.slice(0, n)).map(t.hex),
        t.hex(t.rootOf(hashes.slice(0, n))),
      ]);
    }
    for (let m = 0; m <= n; m++) {
      cases.consistency.push([
        m,
        n,
        t.hex(t.rootOf(hashes.slice(0, m))),
        t.hex(t.rootOf(hashes.slice(0, n))),
        t.consistencyProof(m, hashes.slice(0, n)).map(t.hex),
      ]);
    }
  }
  const r = await page.evaluate(async (cases) => {
    const L = LedgerBoard;
    const H = L.fromHex;
    const bad = [];
    for (const [m, n, h, p, root] of cases.inclusion) {
      if (!(await L.verifyInclusion(m, n, H(h), p.map(H), H(root))))
        bad.push(`inclusion ${m}/${n}`);
      if (n > 1 && (await L.verifyInclusion((m + 1) % n, n, H(h), p.map(H), H(root))))
        bad.push(`inclusion accepts wrong index ${m}/${n}`);
    }
    for (const [m, n, r1, r2, p] of cases.consistency) {
      if (!(await L.verifyConsistency(m, n, H(r1), H(r2), p.map(H))))
        bad.push(`consistency ${m}->${n}`);
      if (m > 0 && m < n && (await L.verifyConsistency(m, n, H(r2), H(r2), p.map(H))))
        bad.push(`consistency accepts wrong old root ${m}->${n}`);
    }
    return bad;
  }, cases);
  assert.deepEqual(r, []);
});

test('leaf: FORMATS §6 worked example hashes and parses', async () => {
  const leaf = t.hex(t.leaf(BigInt(LEAF_EXAMPLE.timeMicros), t.unhex(LEAF_EXAMPLE.envelope)));
  const r = await page.evaluate(async (leafHex) => {
    const L = LedgerBoard;
    const leaf = L.fromHex(leafHex);
    const p = L.parseLeaf(leaf);
    const badVersion = leaf.slice();
    badVersion[0] = 2;
    return {
      hash: L.toHex(await L.leafHash(leaf)),
      time: p.timeMicros.toString(),
      type: p.payloadType,
      payload: new TextDecoder().decode(p.payload),
      badVersion: await codeOf(() => L.parseLeaf(badVersion)),
      truncated: await codeOf(() => L.parseLeaf(leaf.slice(0, 40))),
    };
  }, leaf);
  assert.deepEqual(r, {
    hash: LEAF_EXAMPLE.leafHash,
    time: LEAF_EXAMPLE.timeMicros,
    type: LEAF_EXAMPLE.payloadType,
    payload: LEAF_EXAMPLE.payload,
    badVersion: 'leaf-format',
    truncated: 'protobuf',
  });
});

test('protobuf paths: nested and repeated fields, int64/uint64 edges, defaults, and malformed input', async () => {
  const { pb } = t;
  const msg = Buffer.concat([
    pb.varint(1, 150),
    pb.message(7, pb.varint(3, 1)),
    pb.message(7, pb.varint(3, 2), pb.string(4, '张*兵')),
    pb.message(
      7,
      pb.varint(3, -15000000),
      pb.message(5, pb.bytes(1, Buffer.from([0, 0xab, 0xff]))),
    ),
    pb.varint(8, -1),
    pb.varint(9, 1n << 63n),
    pb.string(10, '花园乡'),
    pb.fixed64(11, 5),
  ]);
  const r = await page.evaluate(async (hex) => {
    const L = LedgerBoard;
    const m = L.fromHex(hex);
    const read = (path, type) => {
      try {
        return L.readPath(m, path, type);
      } catch (e) {
        return 'error:' + e.code;
      }
    };
    return {
      known150: L.toHex(L.fromHex('089601')) && read('1', 'uint'),
      first: read('7.3', 'int'),
      third: read('7[2].3', 'int'),
      second: read('7[1].3', 'uint'),
      name: read('7[1].4', 'string'),
      nestedBytes: read('7[2].5.1', 'bytes'),
      minusOneInt: read('8', 'int'),
      minusOneUint: read('8', 'uint'),
      min64: read('9', 'int'),
      text: read('10'),
      missingInt: read('12', 'int'),
      missingString: read('7[9].4'),
      missingNested: read('7[0].5.1', 'bytes'),
      notMessage: read('1.2', 'int'),
      notVarint: read('10', 'int'),
      notBytes: read('1', 'string'),
      fixed: read('11', 'uint'),
      badPath: read('7.x', 'int'),
      zeroField: read('0', 'int'),
      badType: read('1', 'float'),
      truncated: (() => {
        try {
          return L.readPath(m.slice(0, m.length - 3), '10');
        } catch (e) {
          return 'error:' + e.code;
        }
      })(),
      longVarint: (() => {
        try {
          return L.readPath(L.fromHex('08ffffffffffffffffffff01'), '1', 'uint');
        } catch (e) {
          return 'error:' + e.code;
        }
      })(),
    };
  }, t.hex(msg));
  assert.deepEqual(r, {
    known150: '150',
    first: '1',
    third: '-15000000',
    second: '2',
    name: '张*兵',
    nestedBytes: '00abff',
    minusOneInt: '-1',
    minusOneUint: '18446744073709551615',
    min64: '-9223372036854775808',
    text: '花园乡',
    missingInt: '0',
    missingString: '',
    missingNested: '',
    notMessage: 'error:protobuf',
    notVarint: 'error:protobuf',
    notBytes: 'error:protobuf',
    fixed: 'error:protobuf',
    badPath: 'error:path',
    zeroField: 'error:path',
    badType: 'error:path',
    truncated: 'error:protobuf',
    longVarint: 'error:protobuf',
  });
});

test('pinning: first checkpoint stored; newer needs a consistency proof; older, forked or inconsistent refused; key change refused', async () => {
  const log = new t.FixtureLog('ledger.example.org/341721');
  for (let i = 0; i < 9; i++) log.append(Buffer.from(`entry ${i}`));
  const fork = new t.FixtureLog('ledger.example.org/341721');
  for (let i = 0; i < 9; i++) fork.append(Buffer.from(i === 2 ? 'rewritten' : `entry ${i}`));
  const cp = (l, size) => ({ size, root: t.hex(l.root(size)) });
  const proofs = {};
  for (const [a, b] of [
    [4, 7],
    [7, 9],
  ])
    proofs[`${a}-${b}`] = log.consistencyJson(a, b).hashes.map((h) => t.hex(t.unb64(h)));
  proofs['7-9fork'] = fork.consistencyJson(7, 9).hashes.map((h) => t.hex(t.unb64(h)));
  const r = await page.evaluate(
    async ([origin, cps, proofs, vkeys]) => {
      const L = LedgerBoard;
      const s = memoryStorage();
      const c = ({ size, root }) => ({ origin, size: BigInt(size), rootHash: L.fromHex(root) });
      const get = (key) => async (a, b) => proofs[`${a}-${b}${key}`].map(L.fromHex);
      const out = {};
      out.first = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.s4), get('')));
      out.stored4 = s.getItem(L.checkpointPinName(origin));
      out.same = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.s4), get('')));
      out.newer = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.s7), get('')));
      out.older = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.s4), get('')));
      out.forkSameSize = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.f7), get('')));
      out.inconsistent = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.f9), get('fork')));
      out.stillStored = JSON.parse(s.getItem(L.checkpointPinName(origin))).size;
      out.tamperedProof = await codeOf(() =>
        L.acceptCheckpoint(s, origin, c(cps.s9), async () => {
          const p = await get('')(7, 9);
          p[0][0] ^= 1;
          return p;
        }),
      );
      out.newer9 = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.s9), get('')));
      out.stored9 = JSON.parse(s.getItem(L.checkpointPinName(origin))).size;
      s.setItem(L.checkpointPinName(origin), '{"size":"x"}');
      out.corrupt = await codeOf(() => L.acceptCheckpoint(s, origin, c(cps.s9), get('')));
      out.pinFirst = await codeOf(() => L.pinKey(s, origin, vkeys[0]));
      out.pinSame = await codeOf(() => L.pinKey(s, origin, vkeys[0]));
      out.pinOther = await codeOf(() => L.pinKey(s, origin, vkeys[1]));
      out.noStorage = await codeOf(() => L.acceptCheckpoint(null, origin, c(cps.s4), get('')));
      return out;
    },
    [
      log.origin,
      { s4: cp(log, 4), s7: cp(log, 7), s9: cp(log, 9), f7: cp(fork, 7), f9: cp(fork, 9) },
      proofs,
      [log.key.vkey, new t.NoteKey(log.origin).vkey],
    ],
  );
  assert.deepEqual(r, {
    first: 'ok',
    stored4: JSON.stringify({ size: 4, root_hash: t.b64(log.root(4)) }),
    same: 'ok',
    newer: 'ok',
    older: 'rollback',
    forkSameSize: 'fork',
    inconsistent: 'inconsistent',
    stillStored: 7,
    tamperedProof: 'inconsistent',
    newer9: 'ok',
    stored9: 9,
    corrupt: 'pin-corrupt',
    pinFirst: 'ok',
    pinSame: 'ok',
    pinOther: 'key-changed',
    noStorage: 'ok',
  });
});

test('records: figures, payload type, tampered leaf and wrong index are each caught', async () => {
  const log = new t.FixtureLog('ledger.example.org/341721');
  const body = Buffer.concat([
    t.pb.string(2, 'D1'),
    t.pb.varint(7, 15000000),
    t.pb.string(8, '某某电力公司'),
  ]);
  for (let i = 0; i < 5; i++)
    log.append(t.leaf(1767225600000000n + BigInt(i), t.envelope('ledger.v1.Disbursement', body)));
  log.leaves[3] = t.leaf(1, t.envelope('ledger.v1.Other', Buffer.from('x')));
  const root = t.hex(log.root());
  const leafHex = (i) => t.hex(log.leaves[i]);
  const proof = (i) => log.inclusionJson(i, 5).hashes.map((h) => t.hex(t.unb64(h)));
  const tampered = Buffer.from(log.leaves[1]);
  tampered[tampered.indexOf(Buffer.from('某某'))] ^= 1;
  const r = await page.evaluate(
    async ([root, l1, p1, l3, p3, tampered]) => {
      const L = LedgerBoard;
      const H = L.fromHex;
      const cp = { origin: 'o', size: 5n, rootHash: H(root) };
      const figs = [
        { path: '7', type: 'int', value: '15000000' },
        { path: '8', value: '某某电力公司' },
      ];
      const check = (index, leaf, proof, expected) =>
        codeOf(() => L.verifyRecord(cp, index, H(leaf), proof.map(H), expected));
      const fieldOf = async (f) => {
        try {
          await f();
          return 'ok';
        } catch (e) {
          return e.field + ' ' + e.reason;
        }
      };
      return {
        good: await check(1, l1, p1, { payloadType: 'ledger.v1.Disbursement', figures: figs }),
        other: await check(3, l3, p3, {}),
        figure: await fieldOf(() =>
          L.verifyRecord(cp, 1, H(l1), p1.map(H), {
            figures: [{ path: '7', type: 'int', value: '16000000' }],
          }),
        ),
        payloadType: await check(1, l1, p1, { payloadType: 'ledger.v1.Receipt', figures: [] }),
        tamperedLeaf: await check(1, tampered, p1, { figures: [] }),
        wrongIndex: await check(2, l1, p1, { figures: [] }),
        beyondSize: await check(5, l1, p1, { figures: [] }),
      };
    },
    [root, leafHex(1), proof(1), leafHex(3), proof(3), t.hex(tampered)],
  );
  assert.deepEqual(r, {
    good: 'ok',
    other: 'ok',
    figure: '7 页面上的数据与日志不符（字段 7：页面为 16000000，日志中为 15000000）',
    payloadType: 'payload-type',
    tamperedLeaf: 'inclusion',
    wrongIndex: 'inclusion',
    beyondSize: 'not-in-checkpoint',
  });
});

test('base64: only the canonical RFC 4648 §4 text is accepted (FORMATS "Canonical base64")', async () => {
  const r = await page.evaluate(() => {
    const L = LedgerBoard;
    const d = (s) => {
      const b = L.fromBase64(s);
      return b === null ? null : L.toHex(b);
    };
    return {
      empty: d(''), one: d('AA=='), two: d('AAE='), three: d('AAEC'), plus: d('+/8='),
      unusedBits1: d('AB=='), unusedBits2: d('AAF='), unpadded: d('AA'), space: d('AA ='),
      urlSafe: d('-_8='), innerPad: d('A=A='), roundTrip: L.toBase64(L.fromHex('00fbff0102')),
    };
  });
  assert.deepEqual(r, {
    empty: '', one: '00', two: '0001', three: '000102', plus: 'fbff', unusedBits1: null,
    unusedBits2: null, unpadded: null, space: null, urlSafe: null, innerPad: null,
    roundTrip: 'APv/AQI=',
  });
});
