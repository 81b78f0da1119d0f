/** A minimal webhook receiver in its own process: answers 200 at once, reports arrivals on stdout. */
import http from 'node:http';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('OK');
    if (process.env.REPORT_ARRIVALS) {
      // One line per webhook: the record id and the arrival time, for latency measurements.
      const body = Buffer.concat(chunks).toString();
      const match = /"id":"([0-9a-f-]{36})"/.exec(body);
      if (match) process.stdout.write(`arrived ${match[1]} ${Date.now()}\n`);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
