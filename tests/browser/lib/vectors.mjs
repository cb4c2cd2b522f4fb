// Known-answer vectors that come from outside our JavaScript: the C++ RFC 6962/9162 vectors
// (ledger/merkle/test_vectors.h, read from the header itself so there is one copy) and the worked
// examples of docs/FORMATS.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function block(source, name) {
  const start = source.indexOf(name);
  if (start < 0) throw new Error(`test_vectors.h: ${name} not found`);
  const open = source.indexOf('{', start);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) return source.slice(open + 1, i);
  }
  throw new Error(`test_vectors.h: ${name} not closed`);
}
const strings = (text) => [...text.matchAll(/"([0-9a-f]*)"/g)].map((m) => m[1]);
function proofs(text) {
  return [...text.matchAll(/\{\s*(\d+),\s*(\d+),\s*\{([^}]*)\}\s*\}/g)].map((m) => ({
    a: Number(m[1]),
    b: Number(m[2]),
    proof: strings(m[3]),
  }));
}

export function merkleVectors() {
  const src = fs.readFileSync(path.join(REPO, 'ledger/merkle/test_vectors.h'), 'utf8');
  const v = {
    leaves: strings(block(src, 'kLeafInputs[]')),
    roots: strings(block(src, 'kRoots[]')),
    inclusion: proofs(block(src, 'kInclusionProofs')).map(({ a, b, proof }) => ({
      index: a,
      size: b,
      proof,
    })),
    consistency: proofs(block(src, 'kConsistencyProofs')).map(({ a, b, proof }) => ({
      size1: a,
      size2: b,
      proof,
    })),
  };
  if (
    v.leaves.length !== 8 ||
    v.roots.length !== 9 ||
    v.inclusion.length < 5 ||
    v.consistency.length < 5
  ) {
    throw new Error('test_vectors.h: unexpected shape (did its layout change?)');
  }
  return v;
}

// FORMATS §1.4 (golang.org/x/mod/sumdb/note's example) and the C2SP signed-note example.
export const NOTE_PETER = {
  vkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  seed: '810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173',
  publicKey: '1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  note:
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n" +
    '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
};
export const NOTE_C2SP = {
  vkey: 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k',
  text: 'This is an example message.\n',
  note:
    'This is an example message.\n\n' +
    '\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n',
};
// FORMATS §2 worked example: RFC 8032 TEST 2's seed as the log key, leaves "leaf 0" … "leaf 6".
export const CHECKPOINT_EXAMPLE = {
  origin: 'ledger.example.org/341721',
  seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
  vkey: 'ledger.example.org/341721+bac167c3+AT1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM',
  root: '5a61fc2b54f9cfa71774f2432143dd40c6cb2b11947faf65a7d3da5cb65199c8',
  note:
    'ledger.example.org/341721\n7\nWmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg=\n\n' +
    '\u2014 ledger.example.org/341721 usFnw6w5ev5gfenUhkSdueSBQwMvDiRVBsZnYBsgwJSyUOsmGWgvxdfwYnZ9ZjjODXHRJOnI0H8ZSusp3nmK/k9oBAs=\n',
};
// FORMATS §5.3 envelope (DSSE "single-signature" vector) and the §6 leaf around it.
export const LEAF_EXAMPLE = {
  envelope:
    '0a2b7b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d' +
    '121c6170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e' +
    '1a45' +
    '0a40d9601f6879b98e5ba8d30fb4ae4f2e56496e10b2585a34a653dc7b114cf1f80c' +
    'ad783189e3f9eac895df98051514802841a7d69bb031059370e4cf62c4d1e208' +
    '120141',
  time: '00060dd710212000',
  timeMicros: '1704067200000000',
  leafHash: 'a6bd4fc791615565574b6e8431410b51ae19c5aa2f4cd785b7786b64db5f2741',
  payloadType: 'application/vnd.in-toto+json',
  payload: '{"_type":"https://in-toto.io/Statement/v1"}',
};
