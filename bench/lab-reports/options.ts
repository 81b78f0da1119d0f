/**
 * What both lab-report benchmarks take on the command line, parsed with node:util's parseArgs,
 * and the analyser those options describe.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLabReportAnalyser } from '../../server/src/analysers/lab-report/index.ts';
import type { OcrEngine } from '../../server/src/analysers/ocr/engine.ts';
import { createTesseractEngine } from '../../server/src/analysers/ocr/tesseract.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    'ocr-params': { type: 'string' },
    normalise: { type: 'string' },
    engine: { type: 'string' },
    // run.ts
    'ocr-pages': { type: 'string' },
    'only-ocr': { type: 'boolean' },
    // score-corpus.ts
    only: { type: 'string' },
    details: { type: 'boolean' },
    // score-unseen.ts
    split: { type: 'string', default: 'held-out' },
    text: { type: 'string', default: '100' },
    scan: { type: 'string', default: '24' },
    photo: { type: 'string', default: '24' },
    first: { type: 'string' },
    by: { type: 'string' },
    'no-corpus': { type: 'boolean' },
    'corpus-text-only': { type: 'boolean' },
    'no-second-reading': { type: 'boolean' },
  },
});

export const options = values;

/** `--corpus DIR`, by default the shared lab-report corpus next to the repository. */
export const corpus = path.resolve(
  values.corpus ?? path.join(import.meta.dirname, '../../../shared/corpus/lab-reports'),
);

/** The tesseract engine as `--ocr-params`, `--normalise` and `--engine` say. */
const tesseract = createTesseractEngine({
  parameters: JSON.parse(values['ocr-params'] ?? '{}'),
  normalise: JSON.parse(values.normalise ?? '{}'),
  ...(values.engine ? { engine: values.engine as 'wasm' | 'native' | 'auto' } : {}),
});

/** Time spent in page reading and in the second reading of doubtful cells, for the report. */
export const ocrTime = { pages: 0, pageMs: 0, cells: 0, cellMs: 0 };

/** The tesseract engine, timed into {@link ocrTime}. */
export const engine: OcrEngine = {
  async recognise(image) {
    const started = performance.now();
    const page = await tesseract.recognise(image);
    ocrTime.pages++;
    ocrTime.pageMs += performance.now() - started;
    return page;
  },
  async readLines(pixels, boxes, lineOptions) {
    const started = performance.now();
    const readings = await tesseract.readLines!(pixels, boxes, lineOptions);
    ocrTime.cells += boxes.length;
    ocrTime.cellMs += performance.now() - started;
    return readings;
  },
  terminate: () => tesseract.terminate(),
};

/** `--no-second-reading` turns the second reading of doubtful number cells off (to measure it). */
export const analyser = createLabReportAnalyser({
  ocr: () => engine,
  secondReading: !values['no-second-reading'],
});
