#!/usr/bin/env node
// Opens a notice-board page in Debian's headless Chromium, waits until web/static/board.js has
// verified every record, prints each badge, and checks what the caller expects. For people and for
// end-to-end tests against a real `ledgerd --http` (docs/TESTING.md "Browser tests").
//
//   node tests/browser/check_board.mjs URL [--expect-green N] [--expect-red INDEX]...
//        [--expect-reason TEXT] [--screenshot FILE] [--profile DIR] [--timeout MS] [--json]
//
// Without expectations every record must be green (and there must be at least one). With
// --expect-red, exactly the listed records are red and every other one is green; --expect-reason
// requires TEXT in each red record's reason; --expect-green N requires exactly N green records.
// --profile keeps the browser profile (localStorage: the pinned key and checkpoint) in DIR across
// runs. Exit status: 0 as expected, 1 not as expected, 2 bad arguments or the page did not load.
import { boardResult, launch, launchPersistent } from './lib/chromium.mjs';

const USAGE =
  'usage: check_board.mjs URL [--expect-green N] [--expect-red INDEX]... ' +
  '[--expect-reason TEXT] [--screenshot FILE] [--profile DIR] [--timeout MS] [--json]';

function parseArgs(argv) {
  const o = { red: [], timeout: 30000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const count = (v) => {
      if (!/^(0|[1-9][0-9]*)$/.test(v)) throw new Error(`${a}: not a number: ${v}`);
      return Number(v);
    };
    if (a === '--expect-green') o.green = count(value());
    else if (a === '--expect-red') o.red.push(String(count(value())));
    else if (a === '--expect-reason') o.reason = value();
    else if (a === '--screenshot') o.screenshot = value();
    else if (a === '--profile') o.profile = value();
    else if (a === '--timeout') o.timeout = count(value());
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (!a.startsWith('--') && o.url === undefined) o.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.help && !o.url) throw new Error('no URL');
  return o;
}

// The problems with `records` given the options; empty when everything is as expected.
export function check(records, o) {
  const problems = [];
  if (records.length === 0) problems.push('the page has no record with data-ledger-index');
  const pending = records.filter((r) => r.state === 'pending');
  if (pending.length) problems.push(`still pending: ${pending.map((r) => r.index).join(', ')}`);
  const green = records.filter((r) => r.state === 'ok');
  if (o.green !== undefined && green.length !== o.green) {
    problems.push(`expected ${o.green} green, saw ${green.length}`);
  }
  if (o.red.length || o.green === undefined) {
    for (const r of records) {
      const wantRed = o.red.includes(r.index);
      if (wantRed && r.state !== 'bad')
        problems.push(`record ${r.index} should be red, is ${r.state}`);
      if (!wantRed && r.state === 'bad')
        problems.push(`record ${r.index} should be green: ${r.reason}`);
      if (wantRed && r.state === 'bad' && o.reason && !r.reason.includes(o.reason)) {
        problems.push(`record ${r.index}: reason "${r.reason}" lacks "${o.reason}"`);
      }
    }
    for (const i of o.red) {
      if (!records.some((r) => r.index === i))
        problems.push(`no record with index ${i} on the page`);
    }
  }
  return problems;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`check_board: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const browser = o.profile ? null : await launch();
  const context = o.profile ? await launchPersistent(o.profile) : await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    let records;
    try {
      const response = await page.goto(o.url, { timeout: o.timeout });
      if (!response || !response.ok())
        throw new Error(`HTTP ${response ? response.status() : 'no response'}`);
      records = await boardResult(page, o.timeout);
    } catch (e) {
      console.error(`check_board: ${o.url}: ${e.message.split('\n')[0]}`);
      return 2;
    }
    const state = await page.evaluate(() =>
      document.documentElement.getAttribute('data-ledger-board'),
    );
    if (o.screenshot) await page.screenshot({ path: o.screenshot, fullPage: true });
    const problems = check(records, o);
    if (state !== 'done')
      problems.push('board.js did not run (no ledger-origin/ledger-vkey meta tags?)');
    for (const e of errors) problems.push(`page error: ${e}`);
    if (o.json) {
      console.log(JSON.stringify({ url: o.url, records, problems }, null, 2));
    } else {
      for (const r of records) {
        console.log(
          `${r.index}\t${r.state === 'ok' ? 'green' : r.state === 'bad' ? 'red' : 'pending'}\t${r.text}` +
            (r.state === 'bad' ? `\t${r.reason}\t${r.title}` : ''),
        );
      }
      for (const p of problems) console.error(`check_board: ${p}`);
    }
    return problems.length ? 1 : 0;
  } finally {
    await context.close();
    if (browser) await browser.close();
  }
}

process.exitCode = await main();
