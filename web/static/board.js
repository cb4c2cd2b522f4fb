// board.js: verifies the village notice board (公示栏) in the reader's own browser.
//
// The contract with the server is docs/FORMATS.md §22 (the notice-board contract): the page names
// its log (<meta name="ledger-origin">) and the log's C2SP verifier key (<meta name="ledger-vkey">);
// each record carries data-ledger-index and a badge. This script fetches the signed checkpoint,
// verifies its Ed25519 signature with WebCrypto, keeps the last accepted checkpoint per log in
// localStorage and requires an RFC 9162 consistency proof before accepting a newer one, then
// for every record fetches the leaf and its inclusion proof, verifies both, and compares the
// figures printed on the page with the fields of the signed entry. A badge turns green only when
// all of that holds; otherwise it turns red with the reason in Chinese (English in `title`).
//
// No framework, no build step, no external resource: ledgerd serves an embedded copy of this file.
// The pure functions are on `window.LedgerBoard` so that tests can call them on their own; the
// page wiring runs only when both meta tags are present.
(function (global) {
  'use strict';

  const NOTE_SIZE_MAX = 1048576;
  const NOTE_SIGNATURES_MAX = 100;
  const ENVELOPE_SIZE_MAX = 65536;
  const UINT64_MAX = (1n << 64n) - 1n;
  const STORAGE_PREFIX = 'ledger-board/';
  const FETCH_TIMEOUT_MS = 20000;
  const RECORDS_IN_FLIGHT = 4;

  // An error with a reason for the reader (Chinese) and a detail for whoever debugs (English).
  class VerifyError extends Error {
    constructor(code, reason, detail) {
      super(detail || reason);
      this.name = 'VerifyError';
      this.code = code;
      this.reason = reason;
      this.detail = detail || '';
    }
  }
  function fail(code, reason, detail) {
    throw new VerifyError(code, reason, detail);
  }

  // ---- bytes, hex, base64, UTF-8 ----------------------------------------------------------------

  const utf8Encoder = new TextEncoder();
  const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  function utf8(text) {
    return utf8Encoder.encode(text);
  }

  // Decodes UTF-8 strictly (RFC 3629: no overlong forms, no surrogates); null when invalid.
  function decodeUtf8(bytes) {
    try {
      return utf8Decoder.decode(bytes);
    } catch (e) {
      return null;
    }
  }

  function concatBytes(...parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  function toHex(bytes) {
    let s = '';
    for (const b of bytes) s += b.toString(16).padStart(2, '0');
    return s;
  }

  // Lower- or upper-case hex of an even length; null otherwise.
  function fromHex(text) {
    if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
      return null;
    }
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

  function toBase64(bytes) {
    let s = '';
    let i = 0;
    for (; i + 3 <= bytes.length; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    }
    const rest = bytes.length - i;
    if (rest === 1) {
      const v = bytes[i] << 16;
      s += B64[v >> 18] + B64[(v >> 12) & 63] + '==';
    } else if (rest === 2) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + '=';
    }
    return s;
  }

  // Canonical standard base64 only (FORMATS "Canonical base64"): padded, no whitespace, unused
  // low bits zero. Returns null for anything else, so each byte string has one accepted text.
  function fromBase64(text) {
    if (typeof text !== 'string' || text.length % 4 !== 0) return null;
    let pad = 0;
    if (text.endsWith('==')) pad = 2;
    else if (text.endsWith('=')) pad = 1;
    const body = text.length - pad;
    const out = new Uint8Array((text.length / 4) * 3 - pad);
    let acc = 0;
    let bits = 0;
    let at = 0;
    for (let i = 0; i < body; i++) {
      const v = B64_VALUE.get(text[i]);
      if (v === undefined) return null;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[at++] = (acc >> bits) & 0xff;
        acc &= (1 << bits) - 1;
      }
    }
    if (acc !== 0) return null; // non-zero unused bits: not the canonical text
    if (at !== out.length) return null;
    return out;
  }

  // ---- hashing and the RFC 9162 Merkle tree -----------------------------------------------------

  function subtle() {
    const c = global.crypto;
    if (!c || !c.subtle) {
      fail(
        'no-webcrypto',
        '此浏览器无法验证（没有 WebCrypto；请用 HTTPS 或本机地址打开）',
        'crypto.subtle is unavailable (not a secure context?)',
      );
    }
    return c.subtle;
  }

  async function sha256(bytes) {
    return new Uint8Array(await subtle().digest('SHA-256', bytes));
  }

  // RFC 9162 §2.1.1: SHA-256(0x00 || leaf).
  function leafHash(leaf) {
    return sha256(concatBytes(Uint8Array.of(0), leaf));
  }

  // RFC 9162 §2.1.1: SHA-256(0x01 || left || right).
  function nodeHash(left, right) {
    return sha256(concatBytes(Uint8Array.of(1), left, right));
  }

  function toSize(value) {
    let v;
    try {
      v = BigInt(value);
    } catch (e) {
      return null;
    }
    if (v < 0n || v > UINT64_MAX) return null;
    return v;
  }

  function checkHashes(proof) {
    if (!Array.isArray(proof)) return false;
    for (const h of proof) {
      if (!(h instanceof Uint8Array) || h.length !== 32) return false;
    }
    return true;
  }

  // RFC 9162 §2.1.3.2: true when `proof` (the audit path, leaf's sibling first) leads from the
  // hash of leaf `index` in a tree of `size` leaves to `root`.
  async function verifyInclusion(index, size, hash, proof, root) {
    const m = toSize(index);
    const n = toSize(size);
    if (m === null || n === null || m >= n) return false;
    if (!checkHashes(proof) || !checkHashes([hash, root])) return false;
    let fn = m;
    let sn = n - 1n;
    let r = hash;
    for (const p of proof) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(p, r);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n;
            sn >>= 1n;
          }
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n && equalBytes(r, root);
  }

  // RFC 9162 §2.1.4.2: true when `proof` shows that the tree of size1 leaves with root1 is a
  // prefix of the tree of size2 leaves with root2. Like FORMATS §7, the proof must be empty when
  // size1 == size2 (then the roots must be equal) or size1 == 0 (every tree extends the empty one).
  async function verifyConsistency(size1, size2, root1, root2, proof) {
    const m = toSize(size1);
    const n = toSize(size2);
    if (m === null || n === null || m > n) return false;
    if (!checkHashes(proof) || !checkHashes([root1, root2])) return false;
    if (m === n) return proof.length === 0 && equalBytes(root1, root2);
    if (m === 0n) return proof.length === 0;
    if (proof.length === 0) return false;
    let path = proof;
    if ((m & (m - 1n)) === 0n) path = [root1, ...proof]; // size1 is a power of two
    let fn = m - 1n;
    let sn = n - 1n;
    while ((fn & 1n) === 1n) {
      fn >>= 1n;
      sn >>= 1n;
    }
    let fr = path[0];
    let sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        fr = await nodeHash(c, fr);
        sr = await nodeHash(c, sr);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n;
            sn >>= 1n;
          }
        }
      } else {
        sr = await nodeHash(sr, c);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n && equalBytes(fr, root1) && equalBytes(sr, root2);
  }

  // ---- C2SP signed notes, verifier keys and checkpoints (FORMATS §1, §2) -----------------------

  // U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
  // U+3000, and every control character.
  const BAD_NAME_CHAR =
    /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000+]/u;

  function isKeyName(name) {
    return (
      typeof name === 'string' &&
      name.length > 0 &&
      !BAD_NAME_CHAR.test(name) &&
      decodeUtf8(utf8(name)) === name
    ); // no lone surrogates
  }

  // FORMATS §1.2: "<name>+<hex8 key id>+<base64(0x01 || 32-byte Ed25519 public key)>". Checks the
  // key id against SHA-256(name || 0x0A || 0x01 || public key). Returns
  // {name, keyId (Uint8Array 4), keyIdHex, publicKey (Uint8Array 32), text}.
  async function parseVerifierKey(vkey) {
    const bad = (detail) => fail('vkey', '页面上的日志公钥格式错误', detail);
    if (typeof vkey !== 'string') bad('verifier key is not a string');
    // The name and the key id contain no '+'; the base64 key may.
    const first = vkey.indexOf('+');
    const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (second < 0) bad('verifier key must be name+keyid+key');
    const name = vkey.slice(0, first);
    const idHex = vkey.slice(first + 1, second);
    const keyB64 = vkey.slice(second + 1);
    if (!isKeyName(name)) bad('invalid key name');
    if (!/^[0-9a-f]{8}$/.test(idHex)) bad('key id is not 8 lower-case hex digits');
    const raw = fromBase64(keyB64);
    if (raw === null) bad('key is not canonical base64');
    if (raw.length !== 33 || raw[0] !== 0x01) bad('not an Ed25519 note key (type 0x01, 32 bytes)');
    const publicKey = raw.slice(1);
    const digest = await sha256(concatBytes(utf8(name), Uint8Array.of(0x0a), raw));
    const keyId = fromHex(idHex);
    if (!equalBytes(digest.slice(0, 4), keyId)) {
      fail(
        'vkey-id',
        '页面上的日志公钥校验码（key id）不符',
        `key id ${idHex} != ${toHex(digest.slice(0, 4))}`,
      );
    }
    return { name, keyId, keyIdHex: idHex, publicKey, text: vkey };
  }

  // FORMATS §1.1: splits a note into its text and signature lines. Throws on any format error.
  function parseNote(note) {
    const bad = (detail) => fail('note-format', '检查点格式错误', detail);
    if (typeof note !== 'string') bad('note is not a string');
    const bytes = utf8(note);
    if (bytes.length > NOTE_SIZE_MAX) bad('note too large');
    if (decodeUtf8(bytes) !== note) bad('note is not valid UTF-8');
    for (const b of bytes) {
      if (b < 0x20 && b !== 0x0a) bad('note contains a control character');
    }
    if (!note.endsWith('\n')) bad('note does not end with a newline');
    const split = note.lastIndexOf('\n\n');
    if (split < 0) bad('note has no blank line before its signatures');
    const text = note.slice(0, split + 1);
    const lines = note.slice(split + 2, -1).split('\n');
    if (lines.length < 1 || lines.length > NOTE_SIGNATURES_MAX) bad('1 to 100 signature lines');
    const signatures = [];
    const seen = new Set();
    for (const line of lines) {
      if (!line.startsWith('\u2014 ')) bad('signature line does not start with an em dash');
      const rest = line.slice(2);
      const space = rest.indexOf(' ');
      if (space < 0) bad('signature line has no space');
      const name = rest.slice(0, space);
      if (!isKeyName(name)) bad('invalid key name in a signature line');
      const raw = fromBase64(rest.slice(space + 1));
      if (raw === null) bad('signature is not canonical base64');
      if (raw.length <= 4) bad('signature too short');
      const keyIdHex = toHex(raw.slice(0, 4));
      const id = name + '+' + keyIdHex;
      if (seen.has(id)) bad('two signatures by the same key');
      seen.add(id);
      signatures.push({ name, keyId: raw.slice(0, 4), keyIdHex, signature: raw.slice(4) });
    }
    return { text, signatures };
  }

  async function ed25519Verify(publicKey, signature, message) {
    const s = subtle();
    let key;
    try {
      key = await s.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      fail('no-ed25519', '此浏览器不支持 Ed25519 签名验证，请更新浏览器', String(e));
    }
    return s.verify({ name: 'Ed25519' }, key, signature, message);
  }

  // FORMATS §1.3 with one key: the note must carry a line by that key (same name and key id),
  // and every such line must verify. Returns the signed text.
  async function verifyNote(note, vkey) {
    const parsed = parseNote(note);
    let verified = 0;
    for (const sig of parsed.signatures) {
      if (sig.name !== vkey.name || !equalBytes(sig.keyId, vkey.keyId)) continue;
      const ok =
        sig.signature.length === 64 &&
        (await ed25519Verify(vkey.publicKey, sig.signature, utf8(parsed.text)));
      if (!ok)
        fail('note-signature', '检查点签名无效', `bad signature by ${vkey.name}+${vkey.keyIdHex}`);
      verified++;
    }
    if (verified === 0) {
      fail(
        'note-unsigned',
        '检查点没有该日志公钥的签名',
        `no signature line by ${vkey.name}+${vkey.keyIdHex}`,
      );
    }
    return parsed.text;
  }

  // FORMATS §2: origin, decimal size, base64 root hash, optional non-empty extension lines.
  // Returns {origin, size (BigInt), rootHash (Uint8Array 32), extensions}.
  function parseCheckpoint(text) {
    const bad = (detail) => fail('checkpoint-format', '检查点格式错误', detail);
    if (typeof text !== 'string' || !text.endsWith('\n'))
      bad('checkpoint text must end with a newline');
    const lines = text.slice(0, -1).split('\n');
    if (lines.length < 3) bad('checkpoint has fewer than 3 lines');
    const [origin, sizeText, rootText, ...extensions] = lines;
    if (!isKeyName(origin)) bad('invalid origin');
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) bad('tree size is not a decimal number');
    const size = BigInt(sizeText);
    if (size > UINT64_MAX) bad('tree size above 2^64-1');
    const rootHash = fromBase64(rootText);
    if (rootHash === null || rootHash.length !== 32) bad('root hash is not 32 bytes of base64');
    for (const e of extensions) {
      if (e.length === 0) bad('empty extension line');
    }
    return { origin, size, rootHash, extensions };
  }

  // Verifies a checkpoint note with the log's key and checks that it names `origin`.
  async function verifyCheckpoint(note, vkey, origin) {
    const text = await verifyNote(note, vkey);
    const checkpoint = parseCheckpoint(text);
    if (checkpoint.origin !== origin || vkey.name !== origin) {
      fail(
        'checkpoint-origin',
        '检查点的日志名称与本页不符',
        `checkpoint origin ${checkpoint.origin}, page ${origin}, key ${vkey.name}`,
      );
    }
    return checkpoint;
  }

  // ---- protobuf wire format ---------------------------------------------------------------------

  const badProto = (detail) => fail('protobuf', '记录内容无法解析', detail);

  // Reads a base-128 varint at `at`; returns [BigInt value, next offset]. At most 10 bytes, and
  // the 10th may only carry the top bit of a 64-bit value.
  function readVarint(bytes, at) {
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      if (at + i >= bytes.length) badProto('truncated varint');
      const b = bytes[at + i];
      if (i === 9 && b > 1) badProto('varint above 64 bits');
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return [value, at + i + 1];
    }
    badProto('varint longer than 10 bytes');
  }

  // Splits a message into its fields, in order: [{number, wireType, value}], where value is a
  // BigInt for varints and fixed-width fields, a Uint8Array for length-delimited ones. Groups
  // (wire types 3, 4) are rejected: no ledger message uses them.
  function parseMessage(bytes) {
    const fields = [];
    let at = 0;
    while (at < bytes.length) {
      let tag;
      [tag, at] = readVarint(bytes, at);
      const number = tag >> 3n;
      const wireType = Number(tag & 7n);
      if (number < 1n || number > 536870911n) badProto('invalid field number');
      let value;
      if (wireType === 0) {
        [value, at] = readVarint(bytes, at);
      } else if (wireType === 1 || wireType === 5) {
        const width = wireType === 1 ? 8 : 4;
        if (at + width > bytes.length) badProto('truncated fixed-width field');
        value = 0n;
        for (let i = width - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i]);
        at += width;
      } else if (wireType === 2) {
        let len;
        [len, at] = readVarint(bytes, at);
        if (len > BigInt(bytes.length - at)) badProto('length beyond the end of the message');
        value = bytes.subarray(at, at + Number(len));
        at += Number(len);
      } else {
        badProto(`unsupported wire type ${wireType}`);
      }
      fields.push({ number: Number(number), wireType, value });
    }
    return fields;
  }

  // PATH of the contract: field numbers separated by '.', each optionally followed by [i], the
  // i-th occurrence (0-based) of that field in its message. Returns [{number, occurrence}].
  function parsePath(path) {
    if (typeof path !== 'string' || path.length === 0)
      fail('path', '页面上的字段路径错误', 'empty path');
    return path.split('.').map((segment) => {
      const m = /^([1-9][0-9]{0,9})(?:\[(0|[1-9][0-9]{0,5})\])?$/.exec(segment);
      if (!m || Number(m[1]) > 536870911) {
        fail('path', '页面上的字段路径错误', `bad path segment "${segment}" in ${path}`);
      }
      return { number: Number(m[1]), occurrence: m[2] === undefined ? 0 : Number(m[2]) };
    });
  }

  const PROTO_DEFAULT = { int: '0', uint: '0', string: '', bytes: '' };

  // Reads the value at `path` in the protobuf message `bytes` and renders it as the contract says:
  // int = varint as two's-complement int64 in decimal, uint = unsigned decimal, string = UTF-8
  // text, bytes = lower-case hex. A missing field (at any depth) reads as the proto3 default.
  function readPath(bytes, path, type = 'string') {
    if (!Object.prototype.hasOwnProperty.call(PROTO_DEFAULT, type)) {
      fail('path', '页面上的字段类型错误', `unknown data-ledger-type "${type}"`);
    }
    const segments = parsePath(path);
    let message = bytes;
    for (let i = 0; i < segments.length; i++) {
      const { number, occurrence } = segments[i];
      const found = parseMessage(message).filter((f) => f.number === number);
      if (occurrence >= found.length) return PROTO_DEFAULT[type];
      const field = found[occurrence];
      const last = i === segments.length - 1;
      if (!last) {
        if (field.wireType !== 2) badProto(`field ${number} in ${path} is not a message`);
        message = field.value;
        continue;
      }
      if (type === 'int' || type === 'uint') {
        if (field.wireType !== 0) badProto(`field ${path} is not a varint`);
        return (type === 'int' ? BigInt.asIntN(64, field.value) : field.value).toString();
      }
      if (field.wireType !== 2) badProto(`field ${path} is not length-delimited`);
      if (type === 'bytes') return toHex(field.value);
      const text = decodeUtf8(field.value);
      if (text === null) badProto(`field ${path} is not valid UTF-8`);
      return text;
    }
    return PROTO_DEFAULT[type]; // not reached: segments is never empty
  }

  // FORMATS §6: 0x01 || 8-byte big-endian µs time || envelope (§5: field 1 payload, field 2
  // payloadType). Returns {timeMicros (BigInt), envelope, payload, payloadType}.
  function parseLeaf(leaf) {
    const bad = (detail) => fail('leaf-format', '记录格式错误', detail);
    if (!(leaf instanceof Uint8Array) || leaf.length < 10) bad('leaf too short');
    if (leaf[0] !== 0x01) bad(`leaf version ${leaf[0]}`);
    let time = 0n;
    for (let i = 1; i < 9; i++) time = (time << 8n) | BigInt(leaf[i]);
    if (time >= 1n << 63n) bad('negative recorded time');
    const envelope = leaf.subarray(9);
    if (envelope.length > ENVELOPE_SIZE_MAX) bad('envelope above 65,536 bytes');
    let payload = new Uint8Array(0);
    let payloadType = null;
    let seenPayload = false;
    for (const f of parseMessage(envelope)) {
      if (f.number === 1) {
        if (seenPayload || f.wireType !== 2) bad('envelope payload repeated or not bytes');
        seenPayload = true;
        payload = f.value;
      } else if (f.number === 2) {
        if (payloadType !== null || f.wireType !== 2)
          bad('envelope payloadType repeated or not a string');
        payloadType = decodeUtf8(f.value);
        if (payloadType === null) bad('payloadType is not UTF-8');
      }
    }
    if (!payloadType) bad('envelope has no payloadType');
    return { timeMicros: time, envelope, payload, payloadType };
  }

  // ---- pinning (localStorage) ------------------------------------------------------------------

  function keyPinName(origin) {
    return `${STORAGE_PREFIX}key/${origin}`;
  }
  function checkpointPinName(origin) {
    return `${STORAGE_PREFIX}checkpoint/${origin}`;
  }

  // Trust on first use: the first verifier key seen for `origin` is kept; a different one later
  // is refused. `storage` is a Storage (localStorage) or null when the browser has none.
  function pinKey(storage, origin, vkeyText) {
    if (!storage) return;
    const stored = storage.getItem(keyPinName(origin));
    if (stored === null) {
      storage.setItem(keyPinName(origin), vkeyText);
    } else if (stored !== vkeyText) {
      fail('key-changed', '日志公钥已变更', `pinned ${stored}, page shows ${vkeyText}`);
    }
  }

  function readPinnedCheckpoint(storage, origin) {
    if (!storage) return null;
    const text = storage.getItem(checkpointPinName(origin));
    if (text === null) return null;
    const bad = () =>
      fail(
        'pin-corrupt',
        '本浏览器保存的检查点已损坏（请清除本站数据）',
        `unreadable ${checkpointPinName(origin)}: ${text}`,
      );
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      bad();
    }
    if (!value || (typeof value.size !== 'number' && typeof value.size !== 'string')) bad();
    const size = toSize(value.size);
    const rootHash = fromBase64(value.root_hash);
    if (size === null || rootHash === null || rootHash.length !== 32) bad();
    return { size, rootHash };
  }

  function writePinnedCheckpoint(storage, origin, checkpoint) {
    if (!storage) return;
    const size =
      checkpoint.size <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(checkpoint.size)
        : checkpoint.size.toString();
    storage.setItem(
      checkpointPinName(origin),
      JSON.stringify({ size, root_hash: toBase64(checkpoint.rootHash) }),
    );
  }

  // Step 3 of the contract: accepts `checkpoint` (already verified) against the one this browser
  // accepted before, fetching a consistency proof with `getConsistency(from, to)` (a promise of
  // an array of 32-byte hashes) when it is newer. Stores it when accepted; throws otherwise.
  async function acceptCheckpoint(storage, origin, checkpoint, getConsistency) {
    const pinned = readPinnedCheckpoint(storage, origin);
    if (pinned !== null) {
      if (checkpoint.size < pinned.size) {
        fail(
          'rollback',
          '服务器给出的检查点比已接受的旧',
          `server size ${checkpoint.size} < accepted ${pinned.size}`,
        );
      }
      if (checkpoint.size === pinned.size) {
        if (!equalBytes(checkpoint.rootHash, pinned.rootHash)) {
          fail(
            'fork',
            '检查点与此前接受的同一大小的检查点不同（日志可能被改写）',
            `root at size ${checkpoint.size} differs from the accepted one`,
          );
        }
        return checkpoint;
      }
      const proof = await getConsistency(pinned.size, checkpoint.size);
      const ok = await verifyConsistency(
        pinned.size,
        checkpoint.size,
        pinned.rootHash,
        checkpoint.rootHash,
        proof,
      );
      if (!ok) {
        fail(
          'inconsistent',
          '新检查点与此前接受的检查点不一致（日志可能被改写）',
          `consistency proof ${pinned.size} -> ${checkpoint.size} does not verify`,
        );
      }
    }
    writePinnedCheckpoint(storage, origin, checkpoint);
    return checkpoint;
  }

  // ---- one record ------------------------------------------------------------------------------

  // Step 4 for one record, given its leaf bytes and inclusion proof at the accepted checkpoint:
  // expected = {payloadType (or null), figures: [{path, type, value}]}. Returns the parsed leaf.
  async function verifyRecord(checkpoint, index, leaf, proof, expected) {
    const i = toSize(index);
    if (i === null) fail('index', '记录编号错误', `bad index ${index}`);
    if (i >= checkpoint.size) {
      fail(
        'not-in-checkpoint',
        '记录尚未纳入已签名的检查点',
        `index ${i} >= checkpoint size ${checkpoint.size}`,
      );
    }
    const hash = await leafHash(leaf);
    if (!(await verifyInclusion(i, checkpoint.size, hash, proof, checkpoint.rootHash))) {
      fail(
        'inclusion',
        '叶子哈希不在日志中',
        `inclusion proof for index ${i} at size ${checkpoint.size} does not verify`,
      );
    }
    const parsed = parseLeaf(leaf);
    if (expected.payloadType && parsed.payloadType !== expected.payloadType) {
      fail(
        'payload-type',
        `记录类型不符：页面为 ${expected.payloadType}，日志中为 ${parsed.payloadType}`,
        `payloadType ${parsed.payloadType} != ${expected.payloadType}`,
      );
    }
    for (const fig of expected.figures || []) {
      const actual = readPath(parsed.payload, fig.path, fig.type || 'string');
      if (actual !== fig.value) {
        const e = new VerifyError(
          'figure',
          `页面上的数据与日志不符（字段 ${fig.path}：页面为 ${fig.value}，日志中为 ${actual}）`,
          `field ${fig.path}: page shows "${fig.value}", the log holds "${actual}"`,
        );
        e.field = fig.path;
        throw e;
      }
    }
    return parsed;
  }

  // ---- network ---------------------------------------------------------------------------------

  async function fetchJson(fetchFn, url, noStore) {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS) : null;
    let response;
    try {
      response = await fetchFn(url, {
        cache: noStore ? 'no-store' : 'default',
        credentials: 'omit',
        headers: { Accept: 'application/json' },
        signal: controller ? controller.signal : undefined,
      });
    } catch (e) {
      fail('network', '网络错误，无法连接服务器', `GET ${url}: ${e}`);
    } finally {
      if (timer) clearTimeout(timer);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : '';
      fail(
        'http',
        `服务器返回错误（HTTP ${response.status}）`,
        `GET ${url}: ${response.status} ${message}`,
      );
    }
    if (body === null || typeof body !== 'object') {
      fail('http-body', '服务器返回的数据无法读取', `GET ${url}: not a JSON object`);
    }
    return body;
  }

  function decodeHashes(list, what) {
    if (!Array.isArray(list))
      fail('http-body', '服务器返回的证明无法读取', `${what}: hashes is not an array`);
    return list.map((h) => {
      const b = fromBase64(h);
      if (b === null || b.length !== 32)
        fail('http-body', '服务器返回的证明无法读取', `${what}: bad hash`);
      return b;
    });
  }

  // The contract's JSON endpoints, relative to `base` (default: this page's server).
  function makeApi(fetchFn, origin, base = '/api/v1') {
    const q = (params) =>
      Object.entries({ log: origin, ...params })
        .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
        .join('&');
    return {
      checkpoint: () => fetchJson(fetchFn, `${base}/checkpoint?${q({})}`, true),
      async leaf(index) {
        const body = await fetchJson(fetchFn, `${base}/leaf?${q({ index })}`);
        const leaf = fromBase64(body.leaf);
        if (leaf === null)
          fail('http-body', '服务器返回的记录无法读取', 'leaf is not canonical base64');
        return leaf;
      },
      async inclusion(index, size) {
        const body = await fetchJson(fetchFn, `${base}/inclusion?${q({ index, size })}`);
        return decodeHashes(body.hashes, 'inclusion');
      },
      async consistency(from, to) {
        const body = await fetchJson(fetchFn, `${base}/consistency?${q({ from, to })}`);
        return decodeHashes(body.hashes, 'consistency');
      },
    };
  }

  // ---- the page --------------------------------------------------------------------------------

  function setBadge(record, ok, error) {
    const badge = record.querySelector('[data-ledger-badge]');
    if (!badge) return;
    const doc = badge.ownerDocument;
    let reasonEl = record.querySelector('[data-ledger-reason]');
    if (ok) {
      badge.className = 'badge badge-ok';
      badge.textContent = '已验证';
      badge.title = '签名、日志证明和页面数据均已在本浏览器中核对 (verified in this browser)';
      if (reasonEl) reasonEl.remove();
      return;
    }
    const reason = error && error.reason ? error.reason : '验证过程出错';
    const detail = error && error.detail ? error.detail : String(error);
    badge.className = 'badge badge-bad';
    badge.textContent = '验证失败';
    badge.title = `验证失败：${reason} (${detail})`;
    if (!reasonEl) {
      reasonEl = doc.createElement('span');
      reasonEl.className = 'ledger-reason';
      reasonEl.setAttribute('data-ledger-reason', '');
      badge.insertAdjacentElement('afterend', reasonEl);
    }
    reasonEl.textContent = `验证失败：${reason}`;
    reasonEl.title = detail;
    if (error && error.field) {
      for (const fig of record.querySelectorAll('[data-ledger-field]')) {
        if (fig.getAttribute('data-ledger-field') === error.field)
          fig.classList.add('ledger-field-bad');
      }
    }
  }

  function expectedOf(record) {
    const figures = [];
    for (const el of record.querySelectorAll('[data-ledger-field]')) {
      figures.push({
        path: el.getAttribute('data-ledger-field'),
        type: el.getAttribute('data-ledger-type') || 'string',
        value: el.getAttribute('data-ledger-value') ?? '',
      });
    }
    return { payloadType: record.getAttribute('data-ledger-payload-type'), figures };
  }

  function localStorageOrNull() {
    try {
      const s = global.localStorage;
      return s || null;
    } catch (e) {
      return null; // storage disabled: every visit is a first visit
    }
  }

  // Runs the whole contract on `doc`. Resolves when every badge is green or red; never rejects.
  async function verifyPage(doc, options = {}) {
    const meta = (name) => {
      const el = doc.querySelector(`meta[name="${name}"]`);
      return el ? el.getAttribute('content') : null;
    };
    const origin = meta('ledger-origin');
    const vkeyText = meta('ledger-vkey');
    const records = [...doc.querySelectorAll('[data-ledger-index]')];
    const summary = { ok: 0, bad: 0, error: null };
    if (origin === null || vkeyText === null) {
      doc.documentElement.setAttribute('data-ledger-board', 'inactive');
      return summary;
    }
    const storage = options.storage !== undefined ? options.storage : localStorageOrNull();
    const fetchFn = options.fetch || global.fetch.bind(global);
    const api = makeApi(fetchFn, origin, options.apiBase);
    doc.documentElement.setAttribute('data-ledger-board', 'running');
    let checkpoint;
    try {
      const vkey = await parseVerifierKey(vkeyText);
      if (vkey.name !== origin) {
        fail(
          'vkey-origin',
          '页面上的日志公钥与日志名称不符',
          `key name ${vkey.name} != origin ${origin}`,
        );
      }
      pinKey(storage, origin, vkeyText);
      const served = await api.checkpoint();
      checkpoint = await verifyCheckpoint(served.note, vkey, origin);
      if (
        served.origin !== checkpoint.origin ||
        String(served.size) !== checkpoint.size.toString() ||
        served.root_hash !== toBase64(checkpoint.rootHash)
      ) {
        fail(
          'checkpoint-json',
          '服务器返回的检查点数据与签名内容不一致',
          'origin/size/root_hash fields differ from the signed note',
        );
      }
      await acceptCheckpoint(storage, origin, checkpoint, api.consistency);
    } catch (e) {
      for (const r of records) setBadge(r, false, e);
      summary.bad = records.length;
      summary.error = e;
      doc.documentElement.setAttribute('data-ledger-board', 'done');
      return summary;
    }
    // Records that show the same entry (the payment lines of one distribution payment) share one
    // fetch of its leaf and proof: a county-wide result puts hundreds of them on a board.
    const fetched = new Map();
    const fetchEntry = (i) => {
      const key = i.toString();
      if (!fetched.has(key)) {
        fetched.set(key, Promise.all([api.leaf(i), api.inclusion(i, checkpoint.size)]));
      }
      return fetched.get(key);
    };
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const record = records[next++];
        try {
          const index = record.getAttribute('data-ledger-index');
          if (!/^(0|[1-9][0-9]*)$/.test(index || ''))
            fail('index', '记录编号错误', `bad index "${index}"`);
          const i = BigInt(index);
          if (i >= checkpoint.size) {
            fail(
              'not-in-checkpoint',
              '记录尚未纳入已签名的检查点',
              `index ${i} >= checkpoint size ${checkpoint.size}`,
            );
          }
          const [leaf, proof] = await fetchEntry(i);
          await verifyRecord(checkpoint, i, leaf, proof, expectedOf(record));
          setBadge(record, true);
          summary.ok++;
        } catch (e) {
          setBadge(record, false, e);
          summary.bad++;
        }
      }
    };
    await Promise.all(Array.from({ length: RECORDS_IN_FLIGHT }, worker));
    doc.documentElement.setAttribute('data-ledger-board', 'done');
    return summary;
  }

  const LedgerBoard = {
    VerifyError,
    utf8,
    decodeUtf8,
    toHex,
    fromHex,
    toBase64,
    fromBase64,
    concatBytes,
    equalBytes,
    sha256,
    leafHash,
    nodeHash,
    verifyInclusion,
    verifyConsistency,
    isKeyName,
    parseVerifierKey,
    parseNote,
    verifyNote,
    parseCheckpoint,
    verifyCheckpoint,
    readVarint,
    parseMessage,
    parsePath,
    readPath,
    parseLeaf,
    keyPinName,
    checkpointPinName,
    pinKey,
    readPinnedCheckpoint,
    acceptCheckpoint,
    verifyRecord,
    makeApi,
    verifyPage,
    done: null,
  };
  global.LedgerBoard = LedgerBoard;

  // The page wiring: only on a page (not in a worker or a test harness without the meta tags).
  if (typeof document !== 'undefined') {
    const start = () => {
      LedgerBoard.done = verifyPage(document);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(globalThis);
