/**
 * Summarises a V8 `.cpuprofile` (from `BENCH_DOCKET_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"`,
 * one file per thread): where the thread spent its time, by function or module, over the whole
 * profile or a window of it (seconds from the profile's start; `--mode timeline` prints the busy
 * milliseconds of every second, to find the window of one bench phase).
 *
 *   node bench/support/cpu-profile.ts DIR/CPU.….cpuprofile [--mode self|total|module|timeline]
 *        [--from S] [--to S] [--top N] [--match TEXT]
 *
 * `self`: time in the function itself; `total`: with what it called; `module`: self time by
 * package (node_modules) or source file. Idle time (and piscina's wait for work) is left out.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'self' },
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: '1e9' },
    top: { type: 'string', default: '40' },
    match: { type: 'string', default: '' },
  },
});
const file = positionals[0];
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [--mode self|total|module|timeline]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const from = Number(values.from) * 1e6;
const to = Number(values.to) * 1e6;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const shortUrl = (url: string) =>
  url.replace(/^file:\/\/.*?node_modules\//, 'nm:').replace(/^file:\/\/.*?\/server\//, '');
const functionOf = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber}`;
const moduleOf = (node: ProfileNode) => {
  const url = shortUrl(node.callFrame.url);
  if (!url) return node.callFrame.functionName || '(native)';
  return url.startsWith('nm:')
    ? url
        .split('/')
        .slice(0, url.startsWith('nm:@') ? 2 : 1)
        .join('/')
    : url;
};
const idle = (node: ProfileNode) =>
  node.callFrame.functionName === '(idle)' || node.callFrame.functionName === 'atomicsWaitLoop';

const self = new Map<string, number>();
const total = new Map<string, number>();
const perSecond = new Map<number, number>();
let busy = 0;
let at = 0;
const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
for (const [i, sample] of profile.samples.entries()) {
  at += profile.timeDeltas[i] ?? 0;
  if (at < from || at > to) continue;
  const node = byId.get(sample);
  if (!node || idle(node)) continue;
  // A sample stands for the time until the next one.
  const us = profile.timeDeltas[i + 1] ?? 0;
  busy += us;
  perSecond.set(Math.floor(at / 1e6), (perSecond.get(Math.floor(at / 1e6)) ?? 0) + us);
  add(self, values.mode === 'module' ? moduleOf(node) : functionOf(node), us);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
    const key = functionOf(byId.get(id)!);
    if (!seen.has(key)) add(total, key, us);
    seen.add(key);
  }
}

if (values.mode === 'timeline') {
  for (const [second, us] of [...perSecond].sort((a, b) => a[0] - b[0])) {
    console.log(`${String(second).padStart(4)} s  ${(us / 1000).toFixed(0).padStart(5)} ms busy`);
  }
} else {
  const table = values.mode === 'total' ? total : self;
  console.log(`${(busy / 1000).toFixed(0)} ms busy`);
  const rows = [...table].filter(([key]) => key.includes(values.match ?? '')).sort((a, b) => b[1] - a[1]);
  for (const [key, us] of rows.slice(0, Number(values.top))) {
    console.log(
      `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${key}`,
    );
  }
}
