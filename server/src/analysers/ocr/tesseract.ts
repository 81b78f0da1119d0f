import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, type Worker } from 'tesseract.js';
import type { TextBox } from '../text-geometry/types.ts';
import { restoreDecimalPoint } from './decimals.ts';
import type { LineReading, LineReadOptions, OcrEngine, OcrPage, PixelBox, RawImage } from './engine.ts';
import type { GreyImage } from './geometry.ts';
import { cropLine } from './line-crop.ts';
import { nativeTesseractAvailable, recogniseNative } from './native.ts';
import { type NormaliseOptions, normaliseImage } from './normalise.ts';

const require = createRequire(import.meta.url);

/** The English LSTM model shipped in @tesseract.js-data/eng; nothing is downloaded at run time. */
function englishLangPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TesseractWord {
  text: string;
  confidence: number;
  bbox: Box;
  /** One entry per recognised character, when tesseract reports them. */
  symbols?: { text: string; bbox: Box }[];
  baseline?: { x0: number; y0: number; x1: number; y1: number };
}
interface TesseractLine {
  words: TesseractWord[];
  baseline: { x0: number; y0: number; x1: number; y1: number };
}

function linesOf(data: unknown): TesseractLine[] {
  const blocks = (data as { blocks?: { paragraphs: { lines: TesseractLine[] }[] }[] | null }).blocks ?? [];
  return blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
}

/** Median skew of the recognised lines, from their baselines (radians, clockwise positive). */
function skewOf(lines: readonly TesseractLine[]): number {
  const angles = lines
    .filter((l) => l.baseline.x1 - l.baseline.x0 > 100)
    .map((l) => Math.atan2(l.baseline.y1 - l.baseline.y0, l.baseline.x1 - l.baseline.x0))
    .sort((a, b) => a - b);
  return angles.length > 0 ? angles[Math.floor(angles.length / 2)]! : 0;
}

const DECIMAL_RE = /^\d+(?:\.\d+)?$/;

/**
 * `to` in a printed interval is often recognised as `10`. Three numbers in a row `a 10 b` are not a
 * result (one value, one interval), so when 10 cannot lie between them (`70 10 99`, `0.45 10 4.50`)
 * it is the word `to`; `0.74101.35` is `0.74 to 1.35` when both ends keep their decimals and rise.
 */
export function repairRangeWords(words: readonly string[]): string[] {
  const out = [...words];
  for (let i = 1; i + 1 < out.length; i++) {
    if (out[i] !== '10' || !DECIMAL_RE.test(out[i - 1]!) || !DECIMAL_RE.test(out[i + 1]!)) continue;
    const a = Number(out[i - 1]);
    const b = Number(out[i + 1]);
    if (a <= b && (a > 10 || b < 10)) out[i] = 'to';
  }
  for (let i = 0; i < out.length; i++) {
    const m = /^(\d+\.\d+?)10(\d+\.\d+)$/.exec(out[i]!);
    if (m && Number(m[1]) <= Number(m[2])) out[i] = `${m[1]} to ${m[2]}`;
  }
  return out;
}

/**
 * `≤` before a number, which the English model reads as `s`, `$`, `£` or `§` (`(s5.2)`, `$40`,
 * `£20`): none of these precedes a bare number in a laboratory report.
 */
export function lessEqualMisread(word: string): string {
  return word.replace(/^([([]?)[s$£§](?=\d+(?:[.,]\d+)?[)\]]?$)/, '$1≤');
}

/**
 * `to` glued to the number before it and read as `10` (`2.1510 2.55` for `2.15 to 2.55`): a
 * decimal number ending in `10` followed by a larger decimal number, which an interval needs.
 */
export function splitGluedTo(words: readonly string[]): string[] {
  return words.map((word, i) => {
    const m = /^(\d+\.\d+?)10$/.exec(word);
    const next = words[i + 1];
    if (!m || next === undefined || !/^\d+\.\d+$/.test(next)) return word;
    return Number(m[1]) < Number(next) ? `${m[1]} to` : word;
  });
}

/**
 * Whether a word is too unsure to keep. Tesseract gives units and intervals low confidence
 * (`µmol/L` read as `umolL` at 0-20 %), and dropping them loses the very cells the analyser needs;
 * what low confidence does mark as noise are specks and shadows read as one or two marks. So a
 * word below 20 % is dropped only when it holds fewer than two letters or digits.
 */
export function unreliableWord(text: string, confidence: number): boolean {
  if (confidence >= 20) return false;
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length < 2;
}

/**
 * Splits a number from one or two marks after it where its characters leave a gap as wide as a
 * space (a third of the word's height, and three times its usual gap between characters):
 * tesseract glues a narrow flag to its value (`7,3 ↓` read as the word `7.31`), and the glued mark
 * would otherwise change the number.
 */
export function splitAtGap(word: TesseractWord): TesseractWord[] {
  const symbols = word.symbols ?? [];
  if (symbols.length < 3 || symbols.map((c) => c.text).join('') !== word.text) return [word];
  const gaps = symbols.slice(1).map((c, i) => c.bbox.x0 - symbols[i]!.bbox.x1);
  const height = word.bbox.y1 - word.bbox.y0;
  const sorted = [...gaps].sort((a, b) => a - b);
  const usual = Math.max(1, sorted[Math.floor((sorted.length - 1) / 2)]!);
  // Only a number with one or two marks after it: letters of a word (`Gravit y`) and the digits
  // around a decimal point keep together however wide they are spaced.
  const at = gaps.findIndex(
    (g, i) =>
      g >= height / 3 &&
      g >= usual * 3 &&
      symbols.length - (i + 1) <= 2 &&
      !/[.,]/.test(symbols[i + 1]!.text) &&
      /^[<>≤≥]?\d+(?:[.,]\d+)?$/.test(word.text.slice(0, i + 1)),
  );
  if (at < 0) return [word];
  const part = (from: number, to: number): TesseractWord => {
    const chars = symbols.slice(from, to);
    return {
      text: chars.map((c) => c.text).join(''),
      confidence: word.confidence,
      bbox: {
        x0: chars[0]!.bbox.x0,
        y0: word.bbox.y0,
        x1: chars.at(-1)!.bbox.x1,
        y1: word.bbox.y1,
      },
      symbols: chars,
    };
  };
  return [part(0, at + 1), part(at + 1, symbols.length)];
}

/** Whole numbers (and `a-b` pairs) inside a word that carry no separator of their own. */
const BARE_NUMBER_RE = /(?<![\d.,:])\d{2,}(?:[-–]\d+)?(?![\d:]|[.,]\d)/g;

/**
 * Puts back decimal points the pixels show (`decimals.ts`): over the whole word when it is only a
 * number (`85`, `34-108`, `111H`), else over each bare number inside it, cropped to its own
 * characters, since OCR glues units and brackets to values (`36mEgL` for `3,6 mEq/L`, `(35-51)`).
 */
function restoreDecimalPoints(image: GreyImage, text: string, word: TesseractWord): string {
  const whole = restoreDecimalPoint(image, text, word.bbox);
  if (whole !== text || /^[<>]?\d+(?:[-–]\d+)?[HL]?$/.test(text)) return whole;
  const symbols = word.symbols ?? [];
  if (symbols.map((c) => c.text).join('') !== text) return text;
  return text.replace(BARE_NUMBER_RE, (run: string, offset: number) => {
    const boxes = symbols.slice(offset, offset + run.length).map((c) => c.bbox);
    const box = {
      x0: Math.min(...boxes.map((b) => b.x0)),
      y0: Math.min(...boxes.map((b) => b.y0)),
      x1: Math.max(...boxes.map((b) => b.x1)),
      y1: Math.max(...boxes.map((b) => b.y1)),
    };
    return restoreDecimalPoint(image, run, box);
  });
}

/** The skew `wordsToBoxes` turns word positions by (radians), from tesseract's result. */
export function pageSkew(data: unknown): number {
  return skewOf(linesOf(data));
}

/** A line reading from tesseract's result: its words joined, their mean confidence (0..1). */
function lineReading(data: unknown): LineReading {
  const words = linesOf(data).flatMap((l) => l.words);
  const text = words
    .map((w) => w.text.trim())
    .filter((t) => t !== '')
    .join(' ');
  const confidence = words.length ? words.reduce((n, w) => n + w.confidence, 0) / words.length / 100 : 0;
  return { text, confidence };
}

/** Tesseract's parameters for reading one crop as a single line of the given characters. */
function lineParameters(options: LineReadOptions): Record<string, string> {
  return { tessedit_pageseg_mode: '7', tessedit_char_whitelist: options.whitelist };
}

/**
 * Turns tesseract's words into boxes in a deskewed frame: word positions are rotated by the page's
 * measured skew, so a tilted table row still has one baseline and the row reconstruction can group it.
 */
export function wordsToBoxes(data: unknown, image?: GreyImage): TextBox[] {
  const lines = linesOf(data);
  const angle = skewOf(lines);
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  const boxes: TextBox[] = [];
  for (const line of lines) {
    const words = line.words.flatMap(splitAtGap);
    const texts = splitGluedTo(repairRangeWords(words.map((w) => w.text.trim())));
    for (const [index, word] of words.entries()) {
      let text = texts[index]!;
      if (text === '' || unreliableWord(text, word.confidence)) continue;
      // `to` between numbers read as `t0` (`40t075`, `12.0t0`, `1.8t0o`).
      text = text.replace(/(?<=\d)t0o?(?=\d|$)/, 'to');
      text = lessEqualMisread(text);
      if (image) text = restoreDecimalPoints(image, text, word);
      // A flag glued to its value (`3.7L`, `111.2H`) is a separate cell in print.
      text = text.replace(/^([<>]?\d+(?:[.,]\d+)?)([HL])$/, '$1 $2');
      // Page edges, shadows and rules read as bars and brackets.
      if (/^[|[\]{}_~'"`‘’“”.,:;]+$/.test(text)) continue;
      const { x0, y0, x1, y1 } = word.bbox;
      const yBase = y1;
      const rx0 = x0 * cos - yBase * sin;
      const ry = x0 * sin + yBase * cos;
      boxes.push({
        text,
        x0: rx0,
        x1: rx0 + (x1 - x0),
        y: ry,
        size: Math.max(8, y1 - y0),
        confidence: word.confidence / 100,
      });
    }
  }
  return boxes;
}

/** Which tesseract reads scans and photos: tesseract.js (`wasm`), the `native` binary, or `auto`. */
export type TesseractChoice = 'wasm' | 'native' | 'auto';

/** Options for {@link createTesseractEngine}. */
export interface TesseractEngineOptions {
  /** Directory holding `eng.traineddata.gz`; defaults to {@link englishLangPath}. */
  langPath?: string;
  /** Extra tesseract parameters (page segmentation mode, ...), for measurements. */
  parameters?: Record<string, string>;
  /** Image preparation options, for measurements. */
  normalise?: NormaliseOptions;
  /**
   * `wasm` (default): tesseract.js in a worker thread, which needs nothing installed. `native`: the
   * `tesseract` binary on PATH (4.x or later) with the same packaged model; `auto`: native when one
   * is on PATH, else wasm. Default `wasm`; Docket's setting is `DOCKET_TESSERACT`.
   */
  engine?: TesseractChoice;
}

const BASE_PARAMETERS = {
  preserve_interword_spaces: '1',
  user_defined_dpi: '300',
  // No second pass over inverted (light-on-dark) text: reports print dark on light.
  tessedit_do_invert: '0',
};

function chooseEngine(option: TesseractEngineOptions['engine']): 'wasm' | 'native' {
  const wanted = option ?? 'wasm';
  if (wanted === 'native') return 'native';
  if (wanted === 'auto') return nativeTesseractAvailable() ? 'native' : 'wasm';
  return 'wasm';
}

/**
 * An OCR engine backed by one tesseract.js worker, created lazily on first use and reused for every
 * later page (loading the model takes longer than recognising a page). Call `terminate()` when done.
 */
export function createTesseractEngine(options: TesseractEngineOptions = {}): OcrEngine {
  if (chooseEngine(options.engine) === 'native') return createNativeEngine(options);
  let worker: Promise<Worker> | null = null;
  const getWorker = () => {
    worker ??= createWorker('eng', 1, {
      langPath: options.langPath ?? englishLangPath(),
      cacheMethod: 'none',
      gzip: true,
    }).then(async (w) => {
      await w.setParameters({ ...BASE_PARAMETERS, ...options.parameters });
      return w;
    });
    return worker;
  };
  let queue: Promise<unknown> = Promise.resolve();
  // One worker handles one request at a time; concurrent callers wait their turn.
  const serialise = <T>(run: () => Promise<T>): Promise<T> => {
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
  };
  // What `readLines` changes, as page reading has it (tesseract.js reads pages as one block).
  const pageParameters = {
    tessedit_pageseg_mode: options.parameters?.tessedit_pageseg_mode ?? '6',
    tessedit_char_whitelist: options.parameters?.tessedit_char_whitelist ?? '',
  };
  return {
    async recognise(image: Uint8Array | RawImage): Promise<OcrPage> {
      const prepared = await normaliseImage(image, options.normalise);
      const run = async () => {
        const w = await getWorker();
        // `debug: true` collects tesseract's own chatter ("Image too small to scale!!") in the
        // result instead of printing it to the service's console.
        const { data } = await w.recognize(prepared.image, {}, { blocks: true, text: false, debug: true });
        return {
          width: prepared.width,
          height: prepared.height,
          boxes: wordsToBoxes(data, prepared.grey),
          pixels: { ...prepared.grey, skew: pageSkew(data) },
        };
      };
      return serialise(run);
    },
    async readLines(
      pixels,
      boxes: readonly PixelBox[],
      lineOptions: LineReadOptions,
    ): Promise<LineReading[]> {
      const crops: Buffer[] = [];
      for (const box of boxes) crops.push(await cropLine(pixels, box, lineOptions.scale));
      const run = async () => {
        const w = await getWorker();
        await w.setParameters(lineParameters(lineOptions) as never);
        try {
          const out: LineReading[] = [];
          for (const crop of crops) {
            const { data } = await w.recognize(crop, {}, { blocks: true, text: false, debug: true });
            out.push(lineReading(data));
          }
          return out;
        } finally {
          // Back to page reading for the next document.
          await w.setParameters(pageParameters as never);
        }
      };
      return serialise(run);
    },
    async terminate(): Promise<void> {
      if (worker) {
        const w = await worker;
        worker = null;
        await w.terminate();
      }
    },
  };
}

/** The same engine on the native `tesseract` binary: one process per page, no worker to keep. */
function createNativeEngine(options: TesseractEngineOptions): OcrEngine {
  const langPath = options.langPath ?? englishLangPath();
  const parameters = { ...BASE_PARAMETERS, ...options.parameters };
  return {
    async recognise(image: Uint8Array | RawImage): Promise<OcrPage> {
      const prepared = await normaliseImage(image, options.normalise);
      const data = await recogniseNative(prepared.image, langPath, parameters);
      return {
        width: prepared.width,
        height: prepared.height,
        boxes: wordsToBoxes(data, prepared.grey),
        pixels: { ...prepared.grey, skew: pageSkew(data) },
      };
    },
    async readLines(
      pixels,
      boxes: readonly PixelBox[],
      lineOptions: LineReadOptions,
    ): Promise<LineReading[]> {
      const out: LineReading[] = [];
      for (const box of boxes) {
        const crop = await cropLine(pixels, box, lineOptions.scale);
        out.push(
          lineReading(
            await recogniseNative(crop, langPath, { ...parameters, ...lineParameters(lineOptions) }),
          ),
        );
      }
      return out;
    },
    async terminate(): Promise<void> {},
  };
}
