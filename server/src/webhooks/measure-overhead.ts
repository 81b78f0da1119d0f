/**
 * Measures what signing + the guarded dispatcher + sendAttempt cost compared with a bare undici POST
 * loop to the same receiver (DESIGN.md target: deliveries/s >= 80 % of bare undici). The receiver
 * runs in a child process so it does not share the event loop with the sender. A measurement, not a
 * test: `node src/webhooks/measure-overhead.ts [requests] [concurrency]` from server/.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { createWebhookDispatcher, sendAttempt } from './sender.ts';
import { generateSigningKey, signWebhook } from './signing.ts';
import { parseAllowList } from './ssrf-guard.ts';

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

  const run = async (one: () => Promise<void>): Promise<number> => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < total) await one();
      }),
    );
    return total / ((performance.now() - started) / 1000);
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
  for (const [name, one] of Object.entries(variants)) {
    await run(one); // warm-up
    rates[name] = [];
  }
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    for (const [name, one] of Object.entries(variants)) rates[name]!.push(await run(one));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const m = Object.fromEntries(Object.entries(rates).map(([name, xs]) => [name, median(xs)]));
  for (const [name, rate] of Object.entries(m))
    console.log(`${name.padEnd(36)} ${rate.toFixed(0).padStart(8)} req/s (median of ${rounds})`);
  const [a, b, c, d] = Object.values(m) as [number, number, number, number];
  console.log(`dispatcher + sendAttempt overhead  B/A = ${((100 * b) / a).toFixed(1)} %`);
  console.log(`signing compute                    D/C = ${((100 * d) / c).toFixed(1)} %`);
  console.log(`signed delivery vs bare POST       D/A = ${((100 * d) / a).toFixed(1)} %`);
  await Promise.all([bare.close(), guarded.close()]);
  child.disconnect();
}
