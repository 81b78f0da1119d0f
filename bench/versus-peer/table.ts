/** bench/versus-peer's one table: each measure for the peer and Docket, their ratio and the target. */
import type { IntakeFigures, LatencyFigures, ThroughputFigures } from './load.ts';

/** All a system's figures from one run. */
export interface Figures {
  name: string;
  latency: LatencyFigures;
  throughput: ThroughputFigures & { cpuMsPerWebhook: number };
  intake: IntakeFigures;
  receiver: { calls: number; badSignatures: number; duplicates: number };
}

interface Row {
  measure: string;
  value: (f: Figures) => number;
  digits: number;
  /** Docket / peer must be at least (`>=`) or at most (`<=`) this. */
  target?: { op: '>=' | '<='; ratio: number };
}

const ROWS: Row[] = [
  {
    measure: 'intake req/s, ~100 KB PDF, 16 conn, worker running',
    value: (f) => f.intake.requestsPerSecond,
    digits: 0,
    target: { op: '>=', ratio: 1.5 },
  },
  {
    measure: 'upload → webhook p50 ms, 1-page PDF at 10/s',
    value: (f) => f.latency.p50,
    digits: 1,
    target: { op: '<=', ratio: 1 },
  },
  { measure: '… p90 ms', value: (f) => f.latency.p90, digits: 1 },
  { measure: '… p99 ms', value: (f) => f.latency.p99, digits: 1, target: { op: '<=', ratio: 0.7 } },
  { measure: '… max ms', value: (f) => f.latency.max, digits: 1 },
  {
    measure: 'end to end webhooks/s, 1000 docs, 8 clients',
    value: (f) => f.throughput.webhooksPerSecond,
    digits: 1,
    target: { op: '>=', ratio: 1.5 },
  },
  { measure: '… of which POSTing, s', value: (f) => f.throughput.postingSeconds, digits: 1 },
  {
    measure: '… CPU ms per webhook, all its processes',
    value: (f) => f.throughput.cpuMsPerWebhook,
    digits: 2,
    target: { op: '<=', ratio: 1 / 1.5 },
  },
  { measure: 'intake p99 ms (autocannon)', value: (f) => f.intake.p99, digits: 0 },
];

const show = (n: number | undefined, digits: number) =>
  n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits);

export function printTable(columns: { workers: number; peer?: Figures; docket?: Figures }[]): void {
  const head = ['measure'];
  const rule = ['---'];
  for (const { workers } of columns) {
    const w = `${workers}w`;
    head.push(`peer ${w}`, `Docket ${w}`, `Docket/peer ${w}`);
    rule.push('---:', '---:', '---:');
  }
  head.push('target');
  rule.push('---');
  console.log(`\n| ${head.join(' | ')} |\n|${rule.join('|')}|`);
  for (const row of ROWS) {
    const cells = [row.measure];
    for (const { peer, docket } of columns) {
      const p = peer && row.value(peer);
      const d = docket && row.value(docket);
      let ratio = p !== undefined && d !== undefined ? show(d / p, 2) : '—';
      if (row.target && ratio !== '—') {
        const r = d! / p!;
        const met = row.target.op === '>=' ? r >= row.target.ratio : r <= row.target.ratio;
        ratio = `${ratio}× ${met ? 'met' : 'MISSED'}`;
      }
      cells.push(show(p, row.digits), show(d, row.digits), ratio);
    }
    cells.push(row.target ? `Docket ${row.target.op} ${Number(row.target.ratio.toFixed(2))}× peer` : '');
    console.log(`| ${cells.join(' | ')} |`);
  }
  const counts = (f?: Figures) =>
    f ? `${f.receiver.calls} / ${f.receiver.badSignatures} / ${f.receiver.duplicates}` : '—';
  console.log(
    `| webhooks received / bad signatures / duplicates | ${columns.map((c) => `${counts(c.peer)} | ${counts(c.docket)} | `).join(' | ')} |`,
  );
  console.log('\nthe slowest uploads at 10/s (s into the run: ms, of which until the upload was answered):');
  for (const { peer, docket } of columns) {
    for (const f of [peer, docket]) {
      if (f)
        console.log(
          `  ${f.name}: ${f.latency.slowest.map((s) => `${s.atS.toFixed(1)}: ${s.ms.toFixed(0)} (${s.answeredMs.toFixed(0)})`).join(', ')}`,
        );
    }
  }
}
