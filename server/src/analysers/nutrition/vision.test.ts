/** The vision port against a local OpenAI-compatible server (the shape llama.cpp, Ollama and vLLM serve). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPng } from '../../../test/support/pdfs.ts';
import { analyseNutrition } from './analyse.ts';
import { loadFoodTable } from './food-table.ts';
import { createFoodMatcher } from './match.ts';
import { createVisionRecogniser, extractJson } from './vision.ts';

interface Seen {
  url: string;
  auth: string | undefined;
  body: any;
}
let server: http.Server;
let base: string;
const seen: Seen[] = [];
/** What the fake model answers next: a chat-completions `content` string, or an HTTP status. */
let next: string | number = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        auth: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      if (typeof next === 'number') {
        res.writeHead(next, { 'content-type': 'text/plain' }).end('model not loaded');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: next } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const settings = () => ({ url: base, model: 'llava-test', key: 'sk-local', timeoutMs: 5000 });
const noLabel = {
  name: 'label',
  recognise: async () => ({ none: 'no nutrition-facts label could be read in the photo' }),
};
const input = { kind: 'nutrition', bytes: tinyPng, mimeType: 'image/png', filename: null, options: {} };
const matcher = (() => {
  let m: ReturnType<typeof createFoodMatcher> | null = null;
  return () => (m ??= createFoodMatcher(loadFoodTable()));
})();

describe('vision endpoint', () => {
  it('sends the photo with the model and key, and recomputes every number from the table', async () => {
    // The model adds its own calories: they must not reach the result.
    next = [
      '```json',
      JSON.stringify({
        dish_name: 'grilled chicken caesar salad',
        description: 'chicken breast, grilled with romaine lettuce',
        ingredients: [
          { name: 'chicken breast, grilled', grams: 150, calories: 999 },
          { name: 'romaine lettuce', grams: '100 g' },
        ],
        nutritional_fields: { energy_kcal: 12345 },
      }),
      '```',
    ].join('\n');
    const outcome = await analyseNutrition(input, [noLabel, createVisionRecogniser(settings())], matcher, []);
    const request = seen.at(-1);
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.auth).toBe('Bearer sk-local');
    expect(request?.body.model).toBe('llava-test');
    expect(JSON.stringify(request?.body.messages)).toContain('data:image/png;base64,');
    if (!outcome.ok) throw new Error(outcome.error.message);
    const result = outcome.result as any;
    expect(result.recognised_by).toBe('vision model');
    expect(result.dish_name).toBe('grilled chicken caesar salad');
    // SR24: chicken 165 kcal/100 g × 1.5 = 247.5, romaine 17 kcal/100 g × 1 = 17 → 264.5
    expect(result.nutritional_fields.energy_kcal).toBe(265);
    expect(result.ingredients.map((i: any) => i.serving_size)).toEqual([150, 100]);
    expect(JSON.stringify(result)).not.toMatch(/12345|999/);
  });

  it('says why when the endpoint fails, answers no JSON or sees no food', async () => {
    const vision = createVisionRecogniser(settings());
    next = 503;
    expect(await vision.recognise(input)).toEqual({ none: expect.stringContaining('HTTP 503') });
    next = 'I think this is a salad.';
    expect(await vision.recognise(input)).toEqual({
      none: expect.stringContaining('not the JSON asked for'),
    });
    next = '{"dish_name": null, "ingredients": []}';
    expect(await vision.recognise(input)).toEqual({ none: 'the vision model saw no food in the photo' });
    const down = createVisionRecogniser({ ...settings(), url: 'http://127.0.0.1:1/v1' });
    expect(await down.recognise(input)).toEqual({ none: expect.stringContaining('could not be reached') });
  });

  it('reads JSON out of prose and fences', () => {
    expect(extractJson('Sure! {"a": 1} hope that helps')).toEqual({ a: 1 });
    expect(() => extractJson('no json')).toThrow(/no JSON object/);
  });
});
