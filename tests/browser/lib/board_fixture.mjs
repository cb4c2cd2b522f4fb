// A village notice board (村务公开栏) for the page tests: a small log of ledger-like entries
// built with the reference code of tlog.mjs, and a page that follows the notice-board contract
// (docs/FORMATS.md §22): meta tags, records with data-ledger-index, badges and figures.
import { FixtureLog, envelope, leaf, pb } from './tlog.mjs';

export const ORIGIN = 'ledger.example.org/341721';
const T0 = 1767225600000000n; // 2026-01-01T00:00:00Z in µs

const header = (n) =>
  pb.message(
    1,
    pb.string(1, ORIGIN),
    pb.bytes(2, Buffer.alloc(16, n)),
    pb.string(3, 'xzj-341721'),
    pb.string(4, '2026-07-01'),
  );

// The bodies (field numbers as in proto/ledger/v1; the values are the figures the page shows).
export const BODIES = [
  ['ledger.v1.Genesis', Buffer.concat([header(0), pb.string(2, '东至县')])],
  [
    'ledger.v1.IncomeRecord',
    Buffer.concat([
      header(1),
      pb.string(2, 'IN-1'),
      pb.string(3, 'DZ-PV-001'),
      pb.varint(6, 4800000),
      pb.varint(8, 300000),
      pb.varint(10, 4500000),
      pb.string(12, '某村股份经济合作社'),
      pb.varint(14, 300000),
    ]),
  ],
  [
    'ledger.v1.DistributionPlan',
    Buffer.concat([
      header(2),
      pb.string(2, 'DP-1'),
      pb.varint(7, 4500000),
      pb.message(8, pb.string(1, 'public-welfare-post'), pb.varint(2, 3000000)),
      pb.message(8, pb.string(1, 'village-infrastructure'), pb.varint(2, 1500000)),
      pb.message(10, pb.string(1, '花园村决〔2026〕3号'), pb.varint(3, 45), pb.varint(4, 40)),
    ]),
  ],
  [
    'ledger.v1.Disbursement',
    Buffer.concat([
      header(3),
      pb.string(2, 'D1'),
      pb.string(3, 'P1'),
      pb.varint(7, 15000000),
      pb.string(8, '某某电力公司'),
      pb.bytes(10, Buffer.alloc(32, 0xab)),
    ]),
  ],
  ['ledger.v1.Reversal', Buffer.concat([header(4), pb.string(2, 'D1-r'), pb.varint(7, -15000000)])],
  [
    'ledger.v1.DistributionResult',
    Buffer.concat([
      header(5),
      pb.string(2, 'DP-1'),
      pb.message(3, pb.string(1, '张*兵'), pb.varint(2, 150000)),
      pb.message(3, pb.string(1, '李*华'), pb.varint(2, 150000)),
    ]),
  ],
  ['ledger.v1.SetPolicy', Buffer.concat([header(6), pb.varint(2, 15)])],
  ['ledger.v1.SetPolicy', Buffer.concat([header(7), pb.varint(2, 20)])],
];

export function makeLeaf(i, payloadType = BODIES[i][0], body = BODIES[i][1]) {
  return leaf(T0 + BigInt(i) * 60000000n, envelope(payloadType, body));
}

// A log holding the first `count` entries of BODIES.
export function makeLog(count = BODIES.length, seed) {
  const log = new FixtureLog(ORIGIN, seed);
  for (let i = 0; i < count; i++) log.append(makeLeaf(i));
  return log;
}

const yuan = (fen) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });

// The records the page shows: each figure is {label, path, type, value, display}.
export const RECORDS = [
  {
    index: 1,
    type: 'ledger.v1.IncomeRecord',
    title: '光伏电站收益 DZ-PV-001（2026 年上半年）',
    figures: [
      { label: '资产编号', path: '3', value: 'DZ-PV-001' },
      { label: '总收入', path: '6', type: 'int', value: '4800000', display: `${yuan(4800000)} 元` },
      {
        label: '净收益',
        path: '10',
        type: 'int',
        value: '4500000',
        display: `${yuan(4500000)} 元`,
      },
      { label: '发电量', path: '14', type: 'uint', value: '300000', display: '300,000 kWh' },
    ],
  },
  {
    index: 2,
    type: 'ledger.v1.DistributionPlan',
    title: '收益分配方案 DP-1',
    figures: [
      {
        label: '分配总额',
        path: '7',
        type: 'int',
        value: '4500000',
        display: `${yuan(4500000)} 元`,
      },
      {
        label: '公益岗位',
        path: '8[0].2',
        type: 'int',
        value: '3000000',
        display: `${yuan(3000000)} 元`,
      },
      {
        label: '村内基础设施',
        path: '8[1].2',
        type: 'int',
        value: '1500000',
        display: `${yuan(1500000)} 元`,
      },
      { label: '村民代表大会决议', path: '10.1', value: '花园村决〔2026〕3号' },
      { label: '同意票', path: '10.4', type: 'uint', value: '40' },
    ],
  },
  {
    index: 3,
    type: 'ledger.v1.Disbursement',
    title: '项目拨付 D1（光伏电站预付款）',
    figures: [
      { label: '收款人', path: '8', value: '某某电力公司' },
      { label: '金额', path: '7', type: 'int', value: '15000000', display: `${yuan(15000000)} 元` },
      {
        label: '凭证哈希',
        path: '10',
        type: 'bytes',
        value: 'ab'.repeat(32),
        display: 'abab…abab',
      },
    ],
  },
  {
    index: 4,
    type: 'ledger.v1.Reversal',
    title: '冲销 D1',
    figures: [
      {
        label: '金额',
        path: '7',
        type: 'int',
        value: '-15000000',
        display: `${yuan(-15000000)} 元`,
      },
    ],
  },
  {
    index: 5,
    type: 'ledger.v1.DistributionResult',
    title: '收益分配结果（公益岗位工资）',
    figures: [
      { label: '受益人', path: '3[0].1', value: '张*兵' },
      {
        label: '金额',
        path: '3[0].2',
        type: 'int',
        value: '150000',
        display: `${yuan(150000)} 元`,
      },
      { label: '受益人', path: '3[1].1', value: '李*华' },
      {
        label: '金额',
        path: '3[1].2',
        type: 'int',
        value: '150000',
        display: `${yuan(150000)} 元`,
      },
    ],
  },
];

const esc = (s) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

// The page. `records` may be edited copies of RECORDS (a figure changed, a payload type changed).
export function boardPage({ origin = ORIGIN, vkey, records = RECORDS, meta = true }) {
  const items = records
    .map((r) => {
      const figs = r.figures
        .map(
          (f) =>
            `      <li>${esc(f.label)}：<span data-ledger-field="${esc(f.path)}"` +
            (f.type ? ` data-ledger-type="${f.type}"` : '') +
            ` data-ledger-value="${esc(f.value)}">${esc(f.display ?? f.value)}</span></li>`,
        )
        .join('\n');
      return (
        `  <section class="record" data-ledger-index="${r.index}"` +
        (r.type ? ` data-ledger-payload-type="${esc(r.type)}"` : '') +
        `>
    <h2>${esc(r.title)} <small>日志编号 ${r.index}</small> <span class="badge badge-pending" data-ledger-badge>待验证</span></h2>
    <ul>
${figs}
    </ul>
  </section>`
      );
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${
  meta
    ? `<meta name="ledger-origin" content="${esc(origin)}">
<meta name="ledger-vkey" content="${esc(vkey)}">`
    : ''
}
<title>花园乡某村 村务公开栏</title>
<link rel="stylesheet" href="/static/board.css">
<script src="/static/board.js" defer></script>
</head>
<body>
<h1>东至县花园乡某村 村务公开栏</h1>
<p>日志公钥：<span class="vkey">${esc(vkey)}</span></p>
${items}
<p>监督举报电话 12317</p>
</body>
</html>
`;
}
