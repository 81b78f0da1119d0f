/**
 * The photo detector adapter: `@vladmandic/human`'s CenterNet object detector (the 80 COCO classes,
 * 4 MB of weights inside the npm package) on TensorFlow.js's WebAssembly backend, whose `.wasm`
 * also ships in its npm package. Nothing is downloaded: weights are read from `node_modules`, and
 * no GPU or native build is needed. It runs on the calling thread (an analyser worker thread, so
 * never the HTTP event loop); about 2 s per photo on one core.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as HumanModule from '@vladmandic/human';
import sharp from 'sharp';
import type { Detection, PhotoDetector } from './detector.ts';

type Human = InstanceType<typeof HumanModule.Human>;
/** The part of tfjs-core's `io` namespace used to read model files from disk. */
type TfIo = typeof import('@tensorflow/tfjs-core').io;

const require = createRequire(import.meta.url);

/**
 * Human's package `exports` map has no valid subpath entries, and its default Node entry needs
 * tfjs-node (a native build that downloads libtensorflow). Its wasm build is loaded from the file
 * beside that entry instead; the version is pinned in package.json, so the layout is known.
 */
function humanPaths() {
  const dist = path.dirname(require.resolve('@vladmandic/human'));
  return {
    wasmBuild: path.join(dist, 'human.node-wasm.js'),
    models: pathToFileURL(path.join(dist, '..', 'models') + path.sep).href,
    tfjsWasm: path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep,
  };
}

/** Reads a TF.js graph model (model.json + weight shards) from a `file://` URL. */
function fileModelLoader(io: TfIo, url: string) {
  const file = fileURLToPath(url);
  return {
    load: async () => {
      const json = JSON.parse(await readFile(file, 'utf8'));
      return io.getModelArtifactsForJSON(json, async (manifest) => {
        const shards: Buffer[] = [];
        for (const group of manifest) {
          for (const shard of group.paths) shards.push(await readFile(path.join(path.dirname(file), shard)));
        }
        const all = Buffer.concat(shards);
        const weights = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
        return [manifest.flatMap((group) => group.weights), weights];
      });
    },
  };
}

/**
 * TF.js fetches model URLs over HTTP unless a load router claims them; Node's fetch has no
 * `file://`. The router lives in tfjs-core's process-wide registry, so it is added only when no
 * router answers for the models folder yet (a second detector in the same thread reuses it).
 */
function routeModelFiles(io: TfIo, modelsUrl: string) {
  const probe = `${modelsUrl}centernet.json`;
  if (io.getLoadHandlers(probe).length > 0) return;
  // tfjs's IORouter type leaves out the `null` with which every router declines a URL.
  const router = ((url: string | string[]) =>
    typeof url === 'string' && url.startsWith(modelsUrl) ? fileModelLoader(io, url) : null) as Parameters<
    TfIo['registerLoadRouter']
  >[0];
  io.registerLoadRouter(router);
}

/** Options for {@link createHumanDetector}. */
export interface HumanDetectorOptions {
  /** Detections below this are dropped by the model already (0..1); the recogniser applies its own threshold. */
  minScore?: number;
  /** At most this many objects per photo. */
  maxDetected?: number;
}

/** Photos are scaled down to this longest side before detection (CenterNet works at 512 px). */
const MAX_SIDE = 1024;
/** Smaller photos hold nothing the detector could see: refused before the model is loaded. */
const MIN_SIDE = 32;

/** CenterNet on the wasm backend; the model loads on the first photo and stays until `close`. */
export function createHumanDetector(options: HumanDetectorOptions = {}): PhotoDetector {
  let loading: Promise<Human> | null = null;
  const load = async () => {
    const paths = humanPaths();
    const { Human } = require(paths.wasmBuild) as typeof HumanModule;
    const human = new Human({
      backend: 'wasm',
      wasmPath: paths.tfjsWasm,
      modelBasePath: paths.models,
      cacheModels: false,
      debug: false,
      // Human is built for video: it reuses the last frame's result when the input changed little.
      // Each photo is its own record, so every photo is detected afresh.
      cacheSensitivity: 0,
      face: { enabled: false },
      body: { enabled: false },
      hand: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
      filter: { enabled: false },
      object: {
        enabled: true,
        modelPath: 'centernet.json',
        minConfidence: options.minScore ?? 0.1,
        maxDetected: options.maxDetected ?? 20,
        skipFrames: 0,
        skipTime: 0,
      },
    });
    routeModelFiles(human.tf.io as TfIo, paths.models);
    await human.load();
    if (!human.models.loaded().includes('centernet')) {
      throw new Error(`the CenterNet model could not be loaded from ${paths.models}`);
    }
    return human;
  };
  return {
    name: 'CenterNet, COCO classes (@vladmandic/human)',
    async detect(bytes) {
      const { data, info } = await sharp(bytes)
        .rotate()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (Math.min(info.width, info.height) < MIN_SIDE) {
        throw new Error(`it is ${info.width}×${info.height} px, too small to show a food`);
      }
      loading ??= load().catch((error) => {
        loading = null; // a failed load is tried again on the next photo
        throw error;
      });
      const human = await loading;
      const input = human.tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
      try {
        const result = await human.detect(input);
        return result.object.map((o): Detection => ({ label: o.label, score: o.score }));
      } finally {
        input.dispose();
      }
    },
    async close() {
      const human = await loading?.catch(() => null);
      loading = null;
      // The weights (≈ 8 MB) are not disposed: Human keeps each loaded model in its own module, and a
      // detector created later in the same thread gets that same model back; they go with the thread.
      human?.models.reset();
    },
  };
}
