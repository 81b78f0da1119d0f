/**
 * Nutrition analyser benchmark: time per label photo, per hinted dish and per photo through the
 * offline food detector, and label-reading accuracy (fields within 1 % of the printed value) on the
 * labels the tests render.
 *
 *   node bench/nutrition/run.ts [--rounds N]
 *
 * Baselines measured in the same run: OCR alone on each photo (so the ratio shows what reading the
 * label adds), one table look-up (so the ratio shows what a whole dish costs), and decoding and
 * scaling the photo alone (so the ratio shows what the detector's model costs).
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { readDocument } from '../../server/src/analysers/layout/read-document.ts';
import { analyseNutrition } from '../../server/src/analysers/nutrition/analyse.ts';
import { createDetectorRecogniser } from '../../server/src/analysers/nutrition/detector.ts';
import { loadFoodTable } from '../../server/src/analysers/nutrition/food-table.ts';
import { createHumanDetector } from '../../server/src/analysers/nutrition/human-detector.ts';
import { createFoodMatcher } from '../../server/src/analysers/nutrition/match.ts';
import {
  createHintRecogniser,
  createLabelRecogniser,
} from '../../server/src/analysers/nutrition/recognisers.ts';
import type { RecognisedLabel } from '../../server/src/analysers/nutrition/types.ts';
import { createTesseractEngine } from '../../server/src/analysers/ocr/tesseract.ts';
import { orangesPhoto, textPagePhoto } from '../../server/test/fixtures/nutrition/food-photos.ts';
import { LABELS, labelPhoto, scoreLabel } from '../../server/test/fixtures/nutrition/labels.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? 3);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const engine = createTesseractEngine();
const labelReader = createLabelRecogniser(() => engine);
const photos = await Promise.all(
  LABELS.flatMap((label) => [
    { label, style: 'scan' as const, mime: 'image/png' },
    { label, style: 'photo' as const, mime: 'image/jpeg' },
  ]).map(async (p) => ({ ...p, bytes: await labelPhoto(p.label, p.style) })),
);
await readDocument(photos[0]!.bytes, photos[0]!.mime, () => engine); // warm the OCR worker

let ocrMs = 0;
let labelMs = 0;
let right = 0;
let total = 0;
let wrong = 0;
const misses: string[] = [];
for (let round = 0; round < rounds; round++) {
  for (const photo of photos) {
    let start = process.hrtime.bigint();
    await readDocument(photo.bytes, photo.mime, () => engine);
    ocrMs += ms(start);
    start = process.hrtime.bigint();
    const found = await labelReader.recognise({ bytes: photo.bytes, mimeType: photo.mime, options: {} });
    labelMs += ms(start);
    if (round > 0) continue;
    const label = 'none' in found ? null : (found as RecognisedLabel);
    for (const [printed, read] of [
      [photo.label.printed.per100g, label?.per100g ?? null],
      [photo.label.printed.perServing, label?.perServing ?? null],
    ] as const) {
      const score = scoreLabel(printed, read);
      right += score.right;
      wrong += score.wrong.length;
      total += score.total;
      misses.push(
        ...[...score.wrong, ...score.missing].map((w) => `${photo.label.name} (${photo.style}): ${w}`),
      );
    }
  }
}
await engine.terminate();
const n = rounds * photos.length;
console.log(
  `label photos: ${photos.length} (${LABELS.length} layouts × scan PNG + tilted JPEG), ${rounds} rounds`,
);
console.log(`  ms per label photo      ${(labelMs / n).toFixed(0)}`);
console.log(`  ms per photo, OCR only  ${(ocrMs / n).toFixed(0)}  (baseline)`);
console.log(`  ratio label/OCR         ${(labelMs / ocrMs).toFixed(2)}`);
console.log(`  accuracy (within 1 %)   ${right}/${total} = ${((100 * right) / total).toFixed(1)} %`);
console.log(`  wrong values            ${wrong}  (the rest of the misses were left out)`);
for (const miss of misses) console.log(`    miss: ${miss}`);

const table = loadFoodTable();
const matcher = createFoodMatcher(table);
const dishes = [
  '150 g grilled chicken breast, 2 cups romaine, 20 g parmesan, 2 tbsp caesar dressing',
  '1 cup rice, 100 g salmon fillet, 1 cup steamed broccoli',
  '2 eggs, 2 slices white bread, 1 tbsp butter, 1 banana',
  '200 g spaghetti, 1/2 cup tomato sauce, 30 g parmesan',
];
const hints = [createHintRecogniser()];
const input = (ingredients: string) => ({
  kind: 'nutrition',
  bytes: new Uint8Array(),
  mimeType: 'image/png',
  filename: null,
  options: { ingredients },
});
for (const d of dishes) await analyseNutrition(input(d), hints, () => matcher, []); // warm
const iterations = 200;
let start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++)
  for (const d of dishes) await analyseNutrition(input(d), hints, () => matcher, []);
const dishMs = ms(start) / (iterations * dishes.length);
start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) for (const d of dishes) matcher.match(d.split(', ')[0] ?? d);
const lookupMs = ms(start) / (iterations * dishes.length);
console.log(`hinted dishes: ${dishes.length}, ${iterations} rounds`);
console.log(`  ms per hinted dish      ${dishMs.toFixed(2)}`);
console.log(`  ms per table look-up    ${lookupMs.toFixed(2)}  (baseline)`);
console.log(`  ratio dish/look-up      ${(dishMs / lookupMs).toFixed(2)}`);

const detector = createHumanDetector();
const detectorReader = createDetectorRecogniser(detector, { minConfidence: 0.3 });
const detectorPhotos = [
  { name: 'two oranges', bytes: orangesPhoto(), food: true },
  { name: 'page of text', bytes: await textPagePhoto(), food: false },
];
start = process.hrtime.bigint();
await detector.detect(detectorPhotos[0]!.bytes);
const loadMs = ms(start);
let detectMs = 0;
let decodeMs = 0;
let recognised = 0;
for (let round = 0; round < rounds; round++) {
  for (const photo of detectorPhotos) {
    start = process.hrtime.bigint();
    await sharp(photo.bytes)
      .rotate()
      .resize({ width: 1024, height: 1024, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer();
    decodeMs += ms(start);
    start = process.hrtime.bigint();
    const found = await detectorReader.recognise({ bytes: photo.bytes, mimeType: 'image/png', options: {} });
    detectMs += ms(start);
    if (!('none' in found) === photo.food) recognised++;
  }
}
await detector.close();
const m = rounds * detectorPhotos.length;
console.log(
  `detector photos: ${detectorPhotos.length} (two painted oranges, a page of text), ${rounds} rounds`,
);
console.log(
  `  ms to load CenterNet    ${loadMs.toFixed(0)}  (once per analyser thread, with the first photo)`,
);
console.log(`  ms per photo, detector  ${(detectMs / m).toFixed(0)}`);
console.log(`  ms per photo, decode    ${(decodeMs / m).toFixed(0)}  (baseline)`);
console.log(`  ratio detector/decode   ${(detectMs / decodeMs).toFixed(1)}`);
console.log(`  right (food / no food)  ${recognised}/${m}`);
