// Shared set-up of the browser tests: one server and one Chromium per test file.
import { launch } from './chromium.mjs';
import { startServer } from './server.mjs';

// The page for the pure-function tests: board.js without the meta tags (so no page wiring), and
// `codeOf(f)`, which runs `f` and answers 'ok' or the VerifyError's code.
export const HARNESS_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script src="/static/board.js"></script>
<script>
window.codeOf = async (f) => {
  try { await f(); return 'ok'; } catch (e) { return e && e.code ? e.code : 'exception: ' + e; }
};
window.memoryStorage = () => {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), map: m };
};
</script></head><body></body></html>`;

export async function setUp() {
  const server = await startServer();
  server.state.pages.set('/harness.html', HARNESS_PAGE);
  const browser = await launch();
  return {
    server,
    browser,
    async harness() {
      const page = await browser.newPage();
      page.on('pageerror', (e) => {
        throw e;
      });
      await page.goto(server.url('/harness.html'));
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

// Where the tests put their screenshots (gitignored): build/browser/ unless LEDGER_BROWSER_OUT.
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './vectors.mjs';

export function outDir() {
  const dir = process.env.LEDGER_BROWSER_OUT || path.join(REPO, 'build/browser');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
