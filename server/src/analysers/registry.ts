/**
 * Which analyser handles which kind, loaded lazily so a worker thread only pays for the analysers
 * it actually runs (OCR data is large). Runs inside the analyser worker threads.
 */
import type { Analyser, AnalysisInput, AnalysisOutcome } from './types.ts';

type Loader = () => Promise<Analyser>;

const LOADERS: Record<string, Loader> = {
  text: async () => (await import('./text/index.ts')).textAnalyser,
  lab_report: async () => (await import('./lab-report/index.ts')).labReportAnalyser,
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

const loaded = new Map<string, Promise<Analyser>>();

export async function runAnalysis(input: AnalysisInput): Promise<AnalysisOutcome> {
  const loader = LOADERS[input.kind];
  if (!loader) return unavailable(input.kind);
  let analyser = loaded.get(input.kind);
  if (!analyser) {
    analyser = loader();
    loaded.set(input.kind, analyser);
  }
  return (await analyser).analyse(input);
}
