/** bench/versus-peer's one table: each measure for the peer and Docket, their ratio and the target. */
import { median } from '../support/measure.ts';
import type { IntakeFigures, LatencyFigures, ThroughputFigures } from './load.ts';

/** All a system's figures from one run. */
export interface Figures {
  name: string;
  latency: LatencyFigures;
  throughput: ThroughputFigures & { cpuMsPerWebhook: number };
  intake: IntakeFigures;
  receiver: { calls: number; badSignatures: number; duplicates: number };
}

/** One configuration (worker count): every round's figures of each system, in the order measured. */
export interface Column {
  workers: number;
  peer: Figures[];
  docket: Figures[];
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

const show = (n: number, digits: number) => (Number.isNaN(n) ? '—' : n.toFixed(digits));

const meets = (target: NonNullable<Row['target']>, ratio: number) =>
  target.op === '>=' ? ratio >= target.ratio : ratio <= target.ratio;

/**
 * The table (each measure's median over rounds, and Docket / peer of the medians), then, with
 * more than one round, each round's ratio for the measures with a target, then the slowest uploads.
 */
export function printTable(columns: readonly Column[]): void {
  const rounds = Math.max(...columns.map((c) => Math.max(c.peer.length, c.docket.length)));
  const head = ['measure'];
  const rule = ['---'];
  for (const { workers } of columns) {
    const w = `${workers}w`;
    head.push(`peer ${w}`, `Docket ${w}`, `Docket/peer ${w}`);
    rule.push('---:', '---:', '---:');
  }
  head.push('target');
  rule.push('---');
  if (rounds > 1) console.log(`\nmedians of ${rounds} rounds per system`);
  console.log(`\n| ${head.join(' | ')} |\n|${rule.join('|')}|`);
  for (const row of ROWS) {
    const cells = [row.measure];
    for (const { peer, docket } of columns) {
      // The median over rounds; NaN (shown as —) for a system that did not run.
      const p = median(peer.map(row.value));
      const d = median(docket.map(row.value));
      let ratio = show(d / p, 2);
      if (row.target && ratio !== '—') ratio = `${ratio}× ${meets(row.target, d / p) ? 'met' : 'MISSED'}`;
      cells.push(show(p, row.digits), show(d, row.digits), ratio);
    }
    cells.push(row.target ? `Docket ${row.target.op} ${Number(row.target.ratio.toFixed(2))}× peer` : '');
    console.log(`| ${cells.join(' | ')} |`);
  }
  const counts = (figures: readonly Figures[]) => {
    if (figures.length === 0) return '—';
    const sum = (count: (f: Figures) => number) => figures.reduce((n, f) => n + count(f), 0);
    return `${sum((f) => f.receiver.calls)} / ${sum((f) => f.receiver.badSignatures)} / ${sum((f) => f.receiver.duplicates)}`;
  };
  console.log(
    `| webhooks received / bad signatures / duplicates | ${columns.map((c) => `${counts(c.peer)} | ${counts(c.docket)} | `).join(' | ')} |`,
  );
  if (rounds > 1) printRounds(columns);
  console.log('\nthe slowest uploads at 10/s (s into the run: ms, of which until the upload was answered):');
  for (const { peer, docket } of columns) {
    for (const figures of [peer, docket]) {
      for (const [i, f] of figures.entries()) {
        const round = figures.length > 1 ? ` (round ${i + 1})` : '';
        console.log(
          `  ${f.name}${round}: ${f.latency.slowest.map((s) => `${s.atS.toFixed(1)}: ${s.ms.toFixed(0)} (${s.answeredMs.toFixed(0)})`).join(', ')}`,
        );
      }
    }
  }
}

/** Docket / peer of each round, for the measures with a target, and how many rounds met it. */
function printRounds(columns: readonly Column[]): void {
  console.log('\neach round, Docket / peer (the systems of a round ran one right after the other):');
  for (const row of ROWS) {
    if (!row.target) continue;
    const target = row.target;
    const parts = columns.map(({ workers, peer, docket }) => {
      const ratios = peer.slice(0, docket.length).map((p, i) => row.value(docket[i]!) / row.value(p));
      if (ratios.length === 0) return `${workers}w —`;
      const met = ratios.filter((r) => meets(target, r)).length;
      return `${workers}w ${ratios.map((r) => r.toFixed(2)).join(', ')} (met in ${met} of ${ratios.length})`;
    });
    console.log(`  ${row.measure}: ${parts.join('; ')}`);
  }
}
