/**
 * Measures what signing + the guarded dispatcher + sendAttempt cost compared with a bare undici POST
 * loop to the same receiver (DESIGN.md target: deliveries/s >= 80 % of bare undici). The receiver
 * runs in a child process so it does not share the event loop with the sender. A measurement, not a
 * test: `node bench/delivery/sender-overhead.ts [requests] [concurrency]` from the repository root.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createWebhookDispatcher } from '../../server/src/webhooks/dispatcher.ts';
import { sendAttempt } from '../../server/src/webhooks/sender.ts';
import { generateSigningKey, signWebhook } from '../../server/src/webhooks/signing.ts';
import { parseAllowList } from '../../server/src/webhooks/ssrf-guard.ts';

// undici is the server package's dependency.
const { Agent, request } = createRequire(new URL('../../server/package.json', import.meta.url))(
  'undici',
) as typeof import('undici');

if (process.argv[2] === '--receiver') {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'));
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
  process.on('disconnect', () => process.exit(0));
} else {
  const total = Number(process.argv[2] ?? 20000);
  const concurrency = Number(process.argv[3] ?? 32);
  const body = JSON.stringify({
    record_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
    status: 'completed',
    pad: 'x'.repeat(800),
  });
  const child = fork(fileURLToPath(import.meta.url), ['--receiver']);
  const [port] = (await once(child, 'message')) as [number];
  const url = `http://127.0.0.1:${port}/hook`;

  /** Runs `total` requests; returns requests/s and the sender's CPU microseconds per request. */
  const run = async (one: () => Promise<void>): Promise<[number, number]> => {
    let next = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < total) await one();
      }),
    );
    const used = process.cpuUsage(cpu);
    return [total / ((performance.now() - started) / 1000), (used.user + used.system) / total];
  };

  const bare = new Agent({ keepAliveTimeout: 30_000 });
  const guarded = createWebhookDispatcher({ allow: parseAllowList('127.0.0.1/8') });
  const key = generateSigningKey();
  const plain = { 'content-type': 'application/json' };
  const fixedSignature = {
    ...plain,
    ...signWebhook({ body, id: 'evt_bench', timestamp: 1_700_000_000, keys: [key] }),
  };
  const bareWith = (headers: Record<string, string>) => async () => {
    const res = await request(url, { method: 'POST', body, headers, dispatcher: bare });
    await res.body.dump();
  };
  const variants: Record<string, () => Promise<void>> = {
    'A bare undici POST': bareWith(plain),
    'B sendAttempt, guarded, unsigned': async () => {
      const result = await sendAttempt({ url, headers: plain, body, dispatcher: guarded });
      if (result.outcome !== 'success') throw new Error(result.error ?? 'failed');
    },
    'C bare undici + fixed sig headers': bareWith(fixedSignature),
    'D sendAttempt, guarded, signed': async () => {
      const headers = signWebhook({
        body,
        id: 'evt_bench',
        timestamp: Math.floor(Date.now() / 1000),
        keys: [key],
      });
      const result = await sendAttempt({ url, headers, body, dispatcher: guarded });
      if (result.outcome !== 'success') throw new Error(result.error ?? 'failed');
    },
  };

  console.log(
    `${total} POSTs per run, concurrency ${concurrency}, ${body.length} byte body, receiver in a child process`,
  );
  const rates: Record<string, number[]> = {};
  const cpus: Record<string, number[]> = {};
  for (const [name, one] of Object.entries(variants)) {
    await run(one); // warm-up
    rates[name] = [];
    cpus[name] = [];
  }
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    for (const [name, one] of Object.entries(variants)) {
      const [rate, cpu] = await run(one);
      rates[name]!.push(rate);
      cpus[name]!.push(cpu);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const names = Object.keys(variants);
  const m = names.map((name) => median(rates[name]!));
  const c = names.map((name) => median(cpus[name]!));
  console.log(
    `${''.padEnd(36)} ${'req/s'.padStart(8)} ${'sender CPU us/req'.padStart(18)}   (medians of ${rounds})`,
  );
  names.forEach((name, i) => {
    console.log(`${name.padEnd(36)} ${m[i]!.toFixed(0).padStart(8)} ${c[i]!.toFixed(1).padStart(18)}`);
  });
  const pct = (x: number, y: number) => `${((100 * x) / y).toFixed(1)} %`;
  console.log(
    `dispatcher + sendAttempt   B/A: ${pct(m[1]!, m[0]!)} of the rate, +${(c[1]! - c[0]!).toFixed(1)} us CPU`,
  );
  console.log(`signing (2 x HMAC-SHA256)  D/C: ${pct(m[3]!, m[2]!)} of the rate`);
  console.log(
    `signed delivery vs bare    D/A: ${pct(m[3]!, m[0]!)} of the rate, +${(c[3]! - c[0]!).toFixed(1)} us CPU`,
  );
  await Promise.all([bare.close(), guarded.close()]);
  child.disconnect();
}
