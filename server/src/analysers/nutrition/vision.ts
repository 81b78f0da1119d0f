/**
 * Recognition by an OpenAI-compatible vision endpoint (llama.cpp server, Ollama, vLLM or a hosted
 * API): the photo is sent to `POST {url}/chat/completions` asking for the dish, a description and the
 * ingredients with grams as JSON. Only names and grams are used: any nutrient figures the model adds
 * are ignored, and every number in the result is recomputed from the food composition table.
 */
import type { FoodRecogniser, RecognisedFood, Recognition } from './types.ts';

/** Where the vision model is (`DOCKET_VISION_URL`, `DOCKET_VISION_MODEL`, `DOCKET_VISION_KEY`). */
export interface VisionSettings {
  /** Base URL of the OpenAI-compatible API, e.g. `http://127.0.0.1:8080/v1`. */
  url: string;
  model: string;
  /** Bearer token; `null` for local servers that need none. */
  key: string | null;
  /** How long one request may take. */
  timeoutMs: number;
}

export const VISION_PROMPT = [
  'You identify food in photos for a nutrition log.',
  'Answer with JSON only, no prose, in this shape:',
  '{"dish_name": string, "description": string, "ingredients": [{"name": string, "grams": number}]}',
  'Name each ingredient as a plain food a food composition table would list (e.g. "chicken breast, grilled",',
  '"romaine lettuce", "parmesan cheese") and estimate its weight in grams as served.',
  'If the photo shows no food, answer {"dish_name": null, "ingredients": []}.',
].join(' ');

interface VisionAnswer {
  dish_name?: unknown;
  description?: unknown;
  ingredients?: unknown;
}

const endpoint = (url: string) =>
  /\/chat\/completions\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/chat/completions`;

/** The JSON object in a model's reply, tolerating ```json fences and prose around it. */
export function extractJson(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const text = fenced?.[1] ?? content;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the reply holds no JSON object');
  return JSON.parse(text.slice(start, end + 1));
}

/** Reads the model's answer into foods with grams; names without a positive weight are kept without grams. */
export function readVisionAnswer(
  answer: VisionAnswer,
): Omit<Extract<Recognition, { kind: 'dish' }>, 'kind' | 'source'> {
  const foods: RecognisedFood[] = [];
  if (Array.isArray(answer.ingredients)) {
    for (const item of answer.ingredients as unknown[]) {
      if (!item || typeof item !== 'object') continue;
      const { name, grams } = item as { name?: unknown; grams?: unknown };
      if (typeof name !== 'string' || name.trim() === '') continue;
      const weight =
        typeof grams === 'number' ? grams : typeof grams === 'string' ? Number.parseFloat(grams) : Number.NaN;
      foods.push(
        Number.isFinite(weight) && weight > 0 && weight < 5000
          ? { text: name.trim(), grams: weight }
          : { text: name.trim() },
      );
    }
  }
  return {
    dishName:
      typeof answer.dish_name === 'string' && answer.dish_name.trim() ? answer.dish_name.trim() : null,
    description:
      typeof answer.description === 'string' && answer.description.trim() ? answer.description.trim() : null,
    foods,
  };
}

export function createVisionRecogniser(
  settings: VisionSettings,
  fetchImpl: typeof fetch = fetch,
): FoodRecogniser {
  return {
    name: 'vision',
    async recognise({ bytes, mimeType }) {
      const image = `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
      let response: Response;
      try {
        response = await fetchImpl(endpoint(settings.url), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(settings.key ? { authorization: `Bearer ${settings.key}` } : {}),
          },
          body: JSON.stringify({
            model: settings.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: VISION_PROMPT },
              {
                role: 'user',
                content: [
                  { type: 'text', text: 'What food is in this photo? JSON only.' },
                  { type: 'image_url', image_url: { url: image } },
                ],
              },
            ],
          }),
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch (error) {
        return {
          none: `the vision endpoint ${settings.url} could not be reached (${(error as Error).message})`,
        };
      }
      if (!response.ok) {
        const body = (await response.text().catch(() => '')).slice(0, 200);
        return { none: `the vision endpoint answered HTTP ${response.status}${body ? `: ${body}` : ''}` };
      }
      let answer: VisionAnswer;
      try {
        const payload = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
        const content = payload.choices?.[0]?.message?.content;
        if (typeof content !== 'string') throw new Error('the reply has no choices[0].message.content');
        answer = extractJson(content) as VisionAnswer;
      } catch (error) {
        return { none: `the vision model's reply was not the JSON asked for (${(error as Error).message})` };
      }
      const dish = readVisionAnswer(answer);
      if (dish.foods.length === 0 && !dish.dishName)
        return { none: 'the vision model saw no food in the photo' };
      if (dish.foods.length === 0 && dish.dishName) dish.foods.push({ text: dish.dishName });
      return { kind: 'dish', source: 'vision model', ...dish };
    },
  };
}
