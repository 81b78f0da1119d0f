import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import zlib from 'node:zlib';

let available: boolean | null = null;

/** Whether a `tesseract` executable (4.x or later) is on PATH. Checked once per process. */
export function nativeTesseractAvailable(): boolean {
  if (available === null) {
    const run = spawnSync('tesseract', ['--version'], { encoding: 'utf8', timeout: 5000 });
    available = run.status === 0 && /tesseract\s+[45]\./i.test(`${run.stdout}${run.stderr}`);
  }
  return available;
}

/**
 * A directory holding `eng.traineddata` unpacked from the packaged (gzipped) model, so the native
 * binary reads the very model tesseract.js uses and both paths give the same words.
 */
const unpacked = new Map<string, string>();

function tessdataDir(langPath: string): string {
  const known = unpacked.get(langPath);
  if (known) return known;
  const dir = path.join(os.tmpdir(), `docket-tessdata-${process.getuid?.() ?? 'u'}`);
  const target = path.join(dir, 'eng.traineddata');
  if (!fs.existsSync(target)) {
    fs.mkdirSync(dir, { recursive: true });
    const packed = fs.readFileSync(path.join(langPath, 'eng.traineddata.gz'));
    // Analyser threads share the pid: the thread id keeps their temporary files apart.
    const tmp = `${target}.${process.pid}.${threadId}.tmp`;
    fs.writeFileSync(tmp, zlib.gunzipSync(packed));
    fs.renameSync(tmp, target);
  }
  unpacked.set(langPath, dir);
  return dir;
}

interface Word {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/**
 * Reads tesseract's TSV output into the block/paragraph/line/word shape tesseract.js returns, with
 * each line's baseline taken from the bottoms of its first and last words.
 */
export function tsvToBlocks(tsv: string): unknown {
  const lines = new Map<string, Word[]>();
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t');
    const [left, top, width, height, conf] = f.slice(6, 11).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    const list = lines.get(key) ?? [];
    list.push({ text, confidence: conf, bbox: { x0: left, y0: top, x1: left + width, y1: top + height } });
    lines.set(key, list);
  }
  const out = [...lines.values()].map((words) => {
    const first = words[0]!;
    const last = words.at(-1)!;
    return {
      words,
      baseline: { x0: first.bbox.x0, y0: first.bbox.y1, x1: last.bbox.x1, y1: last.bbox.y1 },
    };
  });
  return { blocks: [{ paragraphs: [{ lines: out }] }] };
}

/**
 * Recognises one prepared image (binary PGM) with the native `tesseract` binary: single-block page
 * segmentation, the packaged English model, one thread (OpenMP threads cost more CPU than they
 * save on a busy machine). Resolves to tesseract.js-shaped data for `wordsToBoxes`.
 */
export function recogniseNative(
  image: Buffer,
  langPath: string,
  parameters: Record<string, string>,
): Promise<unknown> {
  const args = ['stdin', 'stdout', '--tessdata-dir', tessdataDir(langPath), '-l', 'eng', '--psm', '6'];
  for (const [k, v] of Object.entries(parameters)) {
    if (k === 'tessedit_pageseg_mode') args.splice(args.indexOf('--psm') + 1, 1, v);
    else args.push('-c', `${k}=${v}`);
  }
  // TSV through parameters: the `tsv` config file lives in the system tessdata, not in ours.
  args.push('-c', 'tessedit_create_txt=0', '-c', 'tessedit_create_tsv=1');
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(tsvToBlocks(Buffer.concat(out).toString('utf8')));
      else
        reject(
          new Error(`tesseract exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 300)}`),
        );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(image);
  });
}
