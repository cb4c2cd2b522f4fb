// A tiny HTTP server on 127.0.0.1 (Node's http module) for the browser tests: serves
// web/static/board.js from the working tree, the fixture stylesheet, pages the test sets and
// the contract's JSON endpoints from a FixtureLog.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { REPO } from './vectors.mjs';

const BOARD_JS = path.join(REPO, 'web/static/board.js');
const FIXTURE_CSS = path.join(REPO, 'tests/browser/fixtures/board.css');

export async function startServer() {
  const state = {
    pages: new Map(), // pathname -> HTML text
    log: null, // a FixtureLog answering /api/v1/*
    api: {}, // its state: {size, key, hook}
    requests: [], // every request path, for assertions
    boardJs: null, // replaces board.js when set (mutation checks)
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    state.requests.push(url.pathname + url.search);
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, { 'Content-Type': type, ...extra });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain', 'GET only');
    if (url.pathname === '/static/board.js') {
      return send(
        200,
        'text/javascript; charset=utf-8',
        state.boardJs ?? fs.readFileSync(BOARD_JS),
      );
    }
    if (url.pathname === '/static/board.css') {
      return send(200, 'text/css; charset=utf-8', fs.readFileSync(FIXTURE_CSS));
    }
    if (state.pages.has(url.pathname)) {
      return send(200, 'text/html; charset=utf-8', state.pages.get(url.pathname));
    }
    if (url.pathname.startsWith('/api/v1/') && state.log) {
      const r = state.log.handle(url.pathname, url.searchParams, state.api);
      const headers = { 'Cache-Control': r.noStore ? 'no-store' : 'max-age=0' };
      return send(r.status, 'application/json; charset=utf-8', JSON.stringify(r.body), headers);
    }
    return send(404, 'application/json; charset=utf-8', JSON.stringify({ error: 'not found' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    state,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
