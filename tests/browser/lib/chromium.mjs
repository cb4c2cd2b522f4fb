// Starts Debian's Chromium (never a downloaded browser) through playwright-core, with the flags
// this machine's closed network needs (docs/TESTING.md "Browser tests").
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LEDGER_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

// A browser profile kept in `dir`, so that localStorage (the pinned key and checkpoint) lasts
// from one run to the next.
export function launchPersistent(dir, options = {}) {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    ...options,
  });
}

// Waits until board.js has finished on `page` (every badge green or red), then reads every
// record: [{index, state: 'ok'|'bad'|'pending', text, reason, title}].
export async function boardResult(page, timeoutMs = 20000) {
  await page.waitForFunction(
    () => {
      const s = document.documentElement.getAttribute('data-ledger-board');
      return s === 'done' || s === 'inactive';
    },
    null,
    { timeout: timeoutMs },
  );
  return page.$$eval('[data-ledger-index]', (els) =>
    els.map((el) => {
      const badge = el.querySelector('[data-ledger-badge]');
      const reason = el.querySelector('[data-ledger-reason]');
      const cls = badge ? badge.className : '';
      return {
        index: el.getAttribute('data-ledger-index'),
        state: /\bbadge-ok\b/.test(cls) ? 'ok' : /\bbadge-bad\b/.test(cls) ? 'bad' : 'pending',
        className: cls,
        text: badge ? badge.textContent : '',
        title: badge ? badge.getAttribute('title') || '' : '',
        reason: reason ? reason.textContent : '',
      };
    }),
  );
}
