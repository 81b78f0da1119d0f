/**
 * The peer (Fastify + BullMQ on Redis, ../shared/peer-bullmq by default): located by path, copied
 * to a scratch directory outside the repo where its npm dependencies are installed, and started as
 * its own bench starts it: Redis with AOF `everysec`, `server.mjs`, and N × `worker.mjs`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/processes.ts';
import { type Child, startChild, waitFor } from './children.ts';
import type { SystemUnderTest } from './system.ts';

const SOURCES = ['server.mjs', 'worker.mjs', 'config.mjs', 'package.json', 'package-lock.json'];
const API_KEY = 'versus-peer-api-key-0123456789abcdef';
const SECRET = 'versus-peer-webhook-secret-0123456789abcdef';

/** Says plainly what is missing, so a run without the peer stops before measuring anything. */
export function checkPeerPrerequisites(peerDir: string): void {
  const missing = SOURCES.filter((f) => !fs.existsSync(path.join(peerDir, f)));
  if (missing.length > 0) {
    throw new Error(
      `the peer is not at ${peerDir} (missing ${missing.join(', ')}). Set DOCKET_PEER_DIR to the peer-bullmq folder, or run with BENCH_ONLY=docket.`,
    );
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not installed: apt-get install -y redis-server (the peer needs it)');
  }
}

/**
 * Copies the peer's sources into `scratchDir` and installs its dependencies there (once; again only
 * when its lock file changed). Returns the directory to run it from.
 */
export function preparePeer(peerDir: string, scratchDir: string): string {
  checkPeerPrerequisites(peerDir);
  fs.mkdirSync(scratchDir, { recursive: true });
  const lock = fs.readFileSync(path.join(peerDir, 'package-lock.json'));
  const installedLock = path.join(scratchDir, 'node_modules', '.versus-peer-lock.json');
  for (const file of SOURCES) fs.copyFileSync(path.join(peerDir, file), path.join(scratchDir, file));
  if (!fs.existsSync(installedLock) || !fs.readFileSync(installedLock).equals(lock)) {
    console.log(`installing the peer's dependencies in ${scratchDir} (npm install, once)`);
    // Production dependencies only: the peer runs on this bench's Node 22, not its own `node` package.
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], {
      cwd: scratchDir,
      stdio: 'inherit',
    });
    fs.writeFileSync(installedLock, lock);
  }
  return scratchDir;
}

const redisPing = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
  });

/** Redis, the peer's API and `workers` worker processes, delivering to `webhookUrl`. */
export async function startPeer(
  runDir: string,
  workers: number,
  webhookUrl: string,
): Promise<SystemUnderTest> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-peer-'));
  const children: Child[] = [];
  const logFile = (name: string) => path.join(tmp, `${name}.log`);
  try {
    const [redisPort, apiPort] = [await freePort(), await freePort()];
    fs.mkdirSync(path.join(tmp, 'redis'));
    // prettier-ignore
    const redis = startChild(
      'redis',
      'redis-server',
      [
        '--port',
        String(redisPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        path.join(tmp, 'redis'),
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--daemonize',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { logFile: logFile('redis') },
    );
    children.push(redis);
    await waitFor('redis', () => redisPing(redisPort));
    const env = {
      NODE_ENV: 'production',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redisPort),
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(tmp, 'data'),
      API_KEY,
      WEBHOOK_URL: webhookUrl,
      WEBHOOK_SECRET: SECRET,
    };
    const server = startChild('peer server', process.execPath, ['server.mjs'], {
      cwd: runDir,
      env,
      logFile: logFile('server'),
    });
    children.push(server);
    for (let i = 0; i < workers; i++) {
      children.push(
        startChild(`peer worker ${i}`, process.execPath, ['worker.mjs'], {
          cwd: runDir,
          env,
          logFile: logFile(`worker${i}`),
        }),
      );
    }
    const url = `http://127.0.0.1:${apiPort}`;
    await waitFor('the peer server', async () => (await fetch(`${url}/healthz`)).ok).catch((error) => {
      throw new Error(`${error.message}\n${server.tail()}`);
    });
    return {
      name: `peer, ${workers} worker process${workers > 1 ? 'es' : ''}`,
      url,
      apiKey: API_KEY,
      webhookSecret: SECRET,
      pids: () => children.map((c) => c.process.pid!).filter(Boolean),
      async stop() {
        // Workers and the API first, Redis last, then the scratch data.
        for (const child of children.slice(1).reverse()) await child.stop();
        await redis.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const child of children.reverse()) await child.stop(1000);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
