/**
 * Which analyser handles which kind, loaded lazily so a worker thread only pays for the analysers
 * it actually runs (OCR data is large). Runs inside the analyser worker threads.
 */
import type { TesseractChoice } from './ocr/tesseract.ts';
import type { Analyser, AnalysisInput, AnalysisOutcome } from './types.ts';

/** Settings the composition root hands every analyser thread (piscina `workerData`). */
export interface AnalyserSettings {
  /** Which tesseract reads scans and photos: tesseract.js (`wasm`), the `native` binary, or `auto`. */
  tesseract: TesseractChoice;
}

type Loader = (settings: AnalyserSettings) => Promise<Analyser>;

const LOADERS: Record<string, Loader> = {
  text: async () => (await import('./text/index.ts')).textAnalyser,
  lab_report: async (settings) =>
    (await import('./lab-report/index.ts')).createLabReportAnalyser({ tesseract: settings.tesseract }),
};

/** Kinds whose analyser has not landed yet fail with this reason, never with an invented result. */
function unavailable(kind: string): AnalysisOutcome {
  return {
    ok: false,
    error: {
      code: 'analyser_unavailable',
      message: `this Docket build has no ${kind} analyser yet; the upload is kept, but it cannot be analysed by this version`,
    },
  };
}

/** One thread's analysers, each created on its first use and kept for the thread's life. */
export function analyserRegistry(
  settings: AnalyserSettings,
): (input: AnalysisInput) => Promise<AnalysisOutcome> {
  const loaded = new Map<string, Promise<Analyser>>();
  return async (input) => {
    const loader = LOADERS[input.kind];
    if (!loader) return unavailable(input.kind);
    let analyser = loaded.get(input.kind);
    if (!analyser) {
      analyser = loader(settings);
      loaded.set(input.kind, analyser);
    }
    return (await analyser).analyse(input);
  };
}
