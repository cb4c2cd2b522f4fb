// Page tests: a notice board that follows the contract (docs/FORMATS.md §22), served with the
// contract's JSON endpoints from a small log built in Node (lib/board_fixture.mjs), verified by the
// real web/static/board.js in Debian's headless Chromium. Screenshots go to build/browser/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, boardResult } from '../lib/chromium.mjs';
import { chromium } from 'playwright-core';
import { ORIGIN, RECORDS, boardPage, makeLeaf, makeLog } from '../lib/board_fixture.mjs';
import { outDir, setUp } from '../lib/harness.mjs';
import { FixtureLog, NoteKey, b64, checkpointText, sha256, signNote, unb64 } from '../lib/tlog.mjs';

const SEED = sha256(Buffer.from('board page test log key'));
let env;
let log;
before(async () => {
  env = await setUp();
});
after(() => env && env.close());
beforeEach(() => {
  log = makeLog(8, SEED);
  env.server.state.log = log;
  env.server.state.api = {};
  env.server.state.pages.set('/board', boardPage({ vkey: log.key.vkey }));
  env.server.state.requests.length = 0;
});

// Opens `path` in `context` (a fresh one unless given) and returns {page, result, byIndex}.
async function open(pagePath = '/board', context) {
  const ctx = context || (await env.browser.newContext());
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(env.server.url(pagePath));
  const result = await boardResult(page);
  assert.deepEqual(errors, [], 'no uncaught error in the page');
  return { ctx, page, result, byIndex: Object.fromEntries(result.map((r) => [r.index, r])) };
}

function assertOnly(result, badIndexes, reasonPart) {
  for (const r of result) {
    if (badIndexes.includes(Number(r.index))) {
      assert.equal(r.state, 'bad', `record ${r.index} should be red`);
      assert.equal(r.text, '验证失败');
      assert.match(r.reason, /^验证失败：/);
      if (reasonPart)
        assert.ok(
          r.reason.includes(reasonPart),
          `record ${r.index}: "${r.reason}" lacks "${reasonPart}"`,
        );
      assert.ok(
        r.title.includes(r.reason.slice('验证失败：'.length)),
        'the reason is also in title',
      );
    } else {
      assert.equal(r.state, 'ok', `record ${r.index} should be green: ${r.reason} ${r.title}`);
      assert.equal(r.text, '已验证');
    }
  }
}
const ALL = RECORDS.map((r) => r.index);

// A hook that answers one endpoint for one index differently.
function hookFor(endpoint, index, answer) {
  return (pathname, params) =>
    pathname === `/api/v1/${endpoint}` && params.get('index') === String(index)
      ? answer(params)
      : null;
}

test('a board whose records all hold turns every badge green (screenshot board-green.png)', async () => {
  const { page, result, ctx } = await open();
  assert.equal(result.length, RECORDS.length);
  assertOnly(result, []);
  const reqs = env.server.state.requests;
  assert.equal(reqs.filter((r) => r.startsWith('/api/v1/checkpoint')).length, 1);
  for (const i of ALL) {
    assert.ok(
      reqs.some((r) => r.startsWith(`/api/v1/leaf?log=${encodeURIComponent(ORIGIN)}&index=${i}`)),
      `leaf ${i} fetched`,
    );
    assert.ok(
      reqs.some((r) => r.includes('/api/v1/inclusion') && r.includes(`index=${i}&size=8`)),
      `inclusion ${i} at size 8`,
    );
  }
  const stored = await page.evaluate(
    (o) => [
      localStorage.getItem(`ledger-board/key/${o}`),
      localStorage.getItem(`ledger-board/checkpoint/${o}`),
    ],
    ORIGIN,
  );
  assert.deepEqual(stored, [log.key.vkey, JSON.stringify({ size: 8, root_hash: b64(log.root()) })]);
  await page.screenshot({ path: path.join(outDir(), 'board-green.png'), fullPage: true });
  await ctx.close();
});

test('records that show the same entry share one fetch of its leaf and proof', async () => {
  // The payment lines of one distribution payment all carry that payment's index.
  env.server.state.pages.set(
    '/twice',
    boardPage({ vkey: log.key.vkey, records: [...RECORDS, ...RECORDS, ...RECORDS] }),
  );
  const { result, ctx } = await open('/twice');
  assert.equal(result.length, 3 * RECORDS.length);
  assertOnly(result, []);
  const reqs = env.server.state.requests;
  for (const i of ALL) {
    const leaf = `/api/v1/leaf?log=${encodeURIComponent(ORIGIN)}&index=${i}`;
    assert.equal(reqs.filter((r) => r === leaf).length, 1, `leaf ${i} fetched once`);
    assert.equal(
      reqs.filter((r) => r.includes('/api/v1/inclusion') && r.includes(`index=${i}&size=8`)).length,
      1,
      `inclusion ${i} fetched once`,
    );
  }
  await ctx.close();
});

test('a leaf changed on the server turns its badge red (叶子哈希不在日志中), the others stay green (screenshot board-red.png)', async () => {
  const tampered = Buffer.from(log.leaves[3]);
  tampered[tampered.indexOf(Buffer.from('某某电力公司'))] ^= 0x01;
  env.server.state.api.hook = hookFor('leaf', 3, () => ({
    status: 200,
    body: { index: 3, leaf: b64(tampered) },
  }));
  const { page, result, ctx } = await open();
  assertOnly(result, [3], '叶子哈希不在日志中');
  await page.screenshot({ path: path.join(outDir(), 'board-red.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 }); // a phone
  await page.screenshot({ path: path.join(outDir(), 'board-red-phone.png'), fullPage: true });
  await ctx.close();
});

test('a figure on the page that differs from the signed entry turns that badge red naming the field', async () => {
  const records = structuredClone(RECORDS);
  const fig = records[1].figures.find((f) => f.path === '8[1].2');
  fig.value = '1600000';
  fig.display = '16,000.00 元';
  env.server.state.pages.set('/board', boardPage({ vkey: log.key.vkey, records }));
  const { page, result, ctx } = await open();
  assertOnly(result, [2], '字段 8[1].2：页面为 1600000，日志中为 1500000');
  assert.equal(
    await page.locator('[data-ledger-field="8[1].2"]').getAttribute('class'),
    'ledger-field-bad',
  );
  await ctx.close();
});

test('a record whose payload type differs from the page is red (记录类型不符)', async () => {
  const records = structuredClone(RECORDS);
  records[3].type = 'ledger.v1.Disbursement';
  env.server.state.pages.set('/board', boardPage({ vkey: log.key.vkey, records }));
  const { result, ctx } = await open();
  assertOnly(result, [4], '记录类型不符');
  await ctx.close();
});

test('a tampered inclusion proof, or the right leaf at another index, is red', async () => {
  env.server.state.api.hook = (pathname, params) => {
    if (pathname === '/api/v1/inclusion' && params.get('index') === '5') {
      const body = log.inclusionJson(5, 8);
      const h = unb64(body.hashes[1]);
      h[0] ^= 0x80;
      body.hashes[1] = b64(h);
      return { status: 200, body };
    }
    if (pathname === '/api/v1/leaf' && params.get('index') === '1') {
      return { status: 200, body: { index: 1, leaf: b64(log.leaves[2]) } }; // another entry's leaf
    }
    return null;
  };
  const { result, ctx } = await open();
  assertOnly(result, [1, 5], '叶子哈希不在日志中');
  await ctx.close();
});

// The note with one bit of its (last) signature flipped, the key id and encoding left intact.
function flipSignature(note) {
  const at = note.lastIndexOf('\n\n') + 2;
  const [dash, name, sig] = note.slice(at).trimEnd().split(' ');
  const raw = unb64(sig);
  raw[20] ^= 0x01;
  return `${note.slice(0, at)}${dash} ${name} ${b64(raw)}\n`;
}

test('a checkpoint signed by another key, with a bad signature, or for another origin makes every badge red', async () => {
  const other = new NoteKey(ORIGIN);
  const cases = [
    [{ key: other }, '检查点没有该日志公钥的签名'],
    [
      {
        hook: (p) =>
          p === '/api/v1/checkpoint'
            ? {
                status: 200,
                body: { ...log.checkpoint(), note: flipSignature(log.checkpoint().note) },
              }
            : null,
      },
      '检查点签名无效',
    ],
    [
      {
        hook: (p) => {
          if (p !== '/api/v1/checkpoint') return null;
          const note = signNote(
            checkpointText('ledger.example.org/341702', 8, log.root()),
            log.key,
          );
          return {
            status: 200,
            body: {
              origin: 'ledger.example.org/341702',
              size: 8,
              root_hash: b64(log.root()),
              note,
            },
          };
        },
      },
      '检查点的日志名称与本页不符',
    ],
    [
      {
        hook: (p) =>
          p === '/api/v1/checkpoint'
            ? { status: 200, body: { ...log.checkpoint(), size: 9 } }
            : null,
      },
      '服务器返回的检查点数据与签名内容不一致',
    ],
  ];
  for (const [api, reason] of cases) {
    env.server.state.api = api;
    const { result, ctx } = await open();
    assertOnly(result, ALL, reason);
    await ctx.close();
  }
});

test('a verifier key on the page with a wrong key id, or naming another log, makes every badge red', async () => {
  const vkey = log.key.vkey;
  const id = vkey.split('+')[1];
  const wrongId = vkey.replace(`+${id}+`, `+${id.slice(0, 7)}${id[7] === '0' ? '1' : '0'}+`);
  for (const [page, reason] of [
    [boardPage({ vkey: wrongId }), '页面上的日志公钥校验码（key id）不符'],
    [boardPage({ vkey, origin: 'ledger.example.org/341702' }), '页面上的日志公钥与日志名称不符'],
  ]) {
    env.server.state.pages.set('/board', page);
    const { result, ctx } = await open();
    assertOnly(result, ALL, reason);
    await ctx.close();
  }
});

test('network errors are red with a reason: checkpoint HTTP 503, one leaf 404, one request cut', async () => {
  env.server.state.api.hook = (p) =>
    p === '/api/v1/checkpoint' ? { status: 503, body: { error: 'storage unavailable' } } : null;
  let r = await open();
  assertOnly(r.result, ALL, '服务器返回错误（HTTP 503）');
  await r.ctx.close();

  env.server.state.api.hook = hookFor('leaf', 4, () => ({
    status: 404,
    body: { error: 'index beyond size' },
  }));
  r = await open();
  assertOnly(r.result, [4], '服务器返回错误（HTTP 404）');
  await r.ctx.close();

  env.server.state.api.hook = null;
  const ctx = await env.browser.newContext();
  await ctx.route(
    (url) => url.pathname === '/api/v1/inclusion' && url.searchParams.get('index') === '2',
    (route) => route.abort(),
  );
  r = await open('/board', ctx);
  assertOnly(r.result, [2], '网络错误');
  await ctx.close();
});

test('pinning across reloads: a newer checkpoint needs a valid consistency proof; an inconsistent, forked or older one is refused', async () => {
  const fork = new FixtureLog(ORIGIN, SEED); // the same key, entry 2 rewritten
  for (let i = 0; i < 8; i++)
    fork.append(
      i === 2 ? makeLeaf(2, 'ledger.v1.DistributionPlan', Buffer.from('rewritten')) : log.leaves[i],
    );
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  const stored = () =>
    page.evaluate((o) => JSON.parse(localStorage.getItem(`ledger-board/checkpoint/${o}`)), ORIGIN);
  const load = async (first) => {
    env.server.state.requests.length = 0;
    if (first) await page.goto(env.server.url('/board'));
    else await page.reload();
    return boardResult(page);
  };

  env.server.state.api = { size: 6 };
  assertOnly(await load(true), []); // records 1..5 are all below 6
  assert.equal((await stored()).size, 6);

  env.server.state.log = fork; // the rewritten log signs size 8: no consistency with 6
  env.server.state.api = { size: 8 };
  assertOnly(await load(), ALL, '新检查点与此前接受的检查点不一致');
  assert.ok(
    env.server.state.requests.some(
      (r) => r.includes('/api/v1/consistency') && r.includes('from=6&to=8'),
    ),
  );
  assert.equal((await stored()).size, 6, 'the refused checkpoint is not stored');

  env.server.state.log = log; // the honest log at 8: consistent with 6
  assertOnly(await load(), []);
  assert.deepEqual(await stored(), { size: 8, root_hash: b64(log.root(8)) });

  env.server.state.api = { size: 7 }; // rolled back
  assertOnly(await load(), ALL, '服务器给出的检查点比已接受的旧');

  env.server.state.log = fork; // same size 8, another root
  env.server.state.api = { size: 8 };
  assertOnly(await load(), ALL, '检查点与此前接受的同一大小的检查点不同');
  assert.deepEqual(await stored(), { size: 8, root_hash: b64(log.root(8)) });

  env.server.state.log = log;
  env.server.state.api = { size: 4 };
  env.server.state.pages.set('/board', boardPage({ vkey: log.key.vkey }));
  await ctx.close();
});

test('a record beyond the signed checkpoint is red (记录尚未纳入已签名的检查点)', async () => {
  env.server.state.api = { size: 5 };
  const { result, ctx } = await open();
  assertOnly(result, [5], '记录尚未纳入已签名的检查点');
  await ctx.close();
});

test('a different verifier key for a pinned log turns every badge red (日志公钥已变更)', async () => {
  const ctx = await env.browser.newContext();
  let r = await open('/board', ctx);
  assertOnly(r.result, []);
  const other = makeLog(8, sha256(Buffer.from('another key')));
  env.server.state.log = other;
  env.server.state.pages.set('/board', boardPage({ vkey: other.key.vkey }));
  await r.page.reload();
  assertOnly(await boardResult(r.page), ALL, '日志公钥已变更');
  await ctx.close();
});

test('a page without the meta tags is left alone: badges pending, nothing fetched', async () => {
  env.server.state.pages.set('/plain', boardPage({ vkey: log.key.vkey, meta: false }));
  const { result, page, ctx } = await open('/plain');
  assert.ok(result.every((r) => r.state === 'pending' && r.text === '待验证'));
  assert.equal(env.server.state.requests.filter((x) => x.startsWith('/api/')).length, 0);
  assert.equal(await page.evaluate(() => typeof window.LedgerBoard.verifyInclusion), 'function');
  await ctx.close();
});

test('over plain HTTP on a non-loopback name (no WebCrypto) every badge is red and says why', async () => {
  const port = new URL(env.server.url('/')).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP board.example.test 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://board.example.test:${port}/board`);
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assertOnly(await boardResult(page), ALL, '没有 WebCrypto');
  } finally {
    await browser.close();
  }
});
