// The reusable driver (check_board.mjs), run as a separate process the way an end-to-end test
// against a real ledgerd runs it, here against the fixture board.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { boardPage, makeLog } from '../lib/board_fixture.mjs';
import { outDir } from '../lib/harness.mjs';
import { startServer } from '../lib/server.mjs';
import { b64, sha256 } from '../lib/tlog.mjs';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '../check_board.mjs');
let server;
let log;
before(async () => {
  server = await startServer();
  log = makeLog(8, sha256(Buffer.from('driver test log key')));
  server.state.log = log;
  server.state.pages.set('/board', boardPage({ vkey: log.key.vkey }));
  server.state.pages.set('/plain', boardPage({ vkey: log.key.vkey, meta: false }));
});
after(() => server && server.close());

function run(...args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [DRIVER, ...args], { timeout: 60000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

test('check_board: a green board passes by default and with --expect-green 5; screenshot written', async () => {
  const shot = path.join(outDir(), 'check-board-green.png');
  fs.rmSync(shot, { force: true });
  let r = await run(server.url('/board'), '--expect-green', '5', '--screenshot', shot);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => l.includes('\tgreen\t已验证')).length, 5);
  assert.ok(fs.statSync(shot).size > 1000);
  r = await run(server.url('/board'), '--expect-red', '3');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /record 3 should be red, is ok/);
});

test('check_board: a tampered leaf fails the default check and passes --expect-red with its reason', async () => {
  const tampered = Buffer.from(log.leaves[3]);
  tampered[tampered.length - 1] ^= 1;
  server.state.api = {
    hook: (p, q) =>
      p === '/api/v1/leaf' && q.get('index') === '3'
        ? { status: 200, body: { index: 3, leaf: b64(tampered) } }
        : null,
  };
  try {
    let r = await run(server.url('/board'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /record 3 should be green: 验证失败：叶子哈希不在日志中/);
    r = await run(
      server.url('/board'),
      '--expect-red',
      '3',
      '--expect-reason',
      '叶子哈希不在日志中',
      '--expect-green',
      '4',
      '--json',
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.problems, []);
    assert.equal(out.records.find((x) => x.index === '3').state, 'bad');
  } finally {
    server.state.api = {};
  }
});

test('check_board: --profile keeps the pinned checkpoint across runs (a rollback is then red)', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'check-board-'));
  try {
    let r = await run(server.url('/board'), '--profile', profile);
    assert.equal(r.code, 0, r.stderr);
    server.state.api = { size: 7 };
    r = await run(
      server.url('/board'),
      '--profile',
      profile,
      '--expect-green',
      '0',
      '--expect-red',
      '1',
      '--expect-red',
      '2',
      '--expect-red',
      '3',
      '--expect-red',
      '4',
      '--expect-red',
      '5',
      '--expect-reason',
      '比已接受的旧',
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    r = await run(server.url('/board')); // a fresh profile has nothing pinned: green at 7
    assert.equal(r.code, 0, r.stderr);
  } finally {
    server.state.api = {};
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('check_board: a page without the meta tags, an unreachable page and bad arguments fail', async () => {
  let r = await run(server.url('/plain'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /did not run/);
  r = await run(server.url('/missing'));
  assert.equal(r.code, 2);
  r = await run(server.url('/board'), '--expect-green', 'x');
  assert.equal(r.code, 2);
  r = await run();
  assert.equal(r.code, 2);
});
