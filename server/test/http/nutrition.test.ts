/**
 * Seeds 001/004 through the real server: `POST /nutrition_records` with hints or a label photo, the
 * signed webhook when the record completes, and a failure reason a caller can act on.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orangesPhoto } from '../fixtures/nutrition/food-photos.ts';
import { EU_TWO_COLUMNS, labelPhoto } from '../fixtures/nutrition/labels.ts';
import { api, eventually, startTestDocket, type TestDocket } from '../support/docket.ts';
import { tinyPng } from '../support/pdfs.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

let t: TestDocket;
let hook: Receiver;

beforeAll(async () => {
  t = await startTestDocket({ env: { DOCKET_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  hook = await startReceiver();
  const created = await api(t.url, t.apiKey, 'POST', '/v1/endpoints', {
    url: hook.url,
    product: 'nutrition',
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await hook.close();
  await t.stop({ remove: true });
});

const webhookFor = (recordId: string) =>
  eventually(async () => {
    const request = hook.requests.find((r) => JSON.parse(r.body).record_id === recordId);
    return request ? { request, body: JSON.parse(request.body) } : undefined;
  }, 150_000);

describe('POST /nutrition_records', () => {
  it('hints → completed webhook with dish, ingredients, Nutri-Score and consumed_at (seed 001)', async () => {
    const accepted = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: tinyPng.toString('base64'),
      include_ingredients: true,
      include_nutri_score: true,
      consumed_at: '2025-09-15T10:30:04Z',
      application_user_id: 'end_user_id1',
      dish_name: 'grilled chicken caesar salad',
      ingredients: '150 g grilled chicken breast, 2 cups romaine, 20 g parmesan, 2 tbsp caesar dressing',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: expect.stringMatching(/^(pending|processing)$/) });
    const { request, body } = await webhookFor(accepted.body.record_id);
    expect(request.headers['x-body-signature']).toBe(
      createHmac('sha256', Buffer.from(t.signingKey)).update(request.body).digest('hex'),
    );
    expect(body).toMatchObject({
      status: 'completed',
      dish_name: 'grilled chicken caesar salad',
      unit: 'g',
      consumed_at: '2025-09-15T10:30:04Z',
      uid: 'end_user_id1',
      nutri_score: expect.stringMatching(/^[A-E]$/),
      nutri_score_details: { estimate: true },
    });
    expect(body.ingredients).toHaveLength(4);
    expect(body.ingredients[0]).toMatchObject({
      name: 'grilled chicken breast',
      serving_size: 150,
      nutritional_fields: { energy_kcal: 248, protein_g: 46.5 },
    });
    const sum = body.ingredients.reduce((n: number, i: any) => n + i.serving_size, 0);
    expect(body.serving_size).toBeCloseTo(sum, 0);
    expect(Object.keys(body.nutritional_fields)).toEqual(
      expect.arrayContaining([
        'energy_kcal',
        'protein_g',
        'fat_total_g',
        'fat_saturated_g',
        'carbohydrate_g',
        'sugars_total_g',
        'fiber_total_dietary_g',
        'sodium_mg',
      ]),
    );
    const got = await api(t.url, t.apiKey, 'GET', `/nutrition_records/${accepted.body.record_id}`);
    expect(got.body).toMatchObject({ status: 'completed', dish_name: 'grilled chicken caesar salad' });
  }, 180_000);

  it('leaves out ingredients and Nutri-Score unless asked', async () => {
    const accepted = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: tinyPng.toString('base64'),
      ingredients: '1 banana',
    });
    const { body } = await webhookFor(accepted.body.record_id);
    expect(body.status).toBe('completed');
    expect(body).not.toHaveProperty('ingredients');
    expect(body).not.toHaveProperty('nutri_score');
    expect(body).not.toHaveProperty('consumed_at');
    expect(body.nutritional_fields.energy_kcal).toBe(105); // SR24 09040: 89 kcal/100 g × 118 g (1 medium)
  }, 180_000);

  it('reads a nutrition-facts label photo', async () => {
    const photo = await labelPhoto(EU_TWO_COLUMNS);
    const accepted = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: photo.toString('base64'),
      include_nutri_score: true,
      wait_on_process: true,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'completed', serving_size: 30, unit: 'g' });
    // The record gives the label's per-serving figures. OCR may lose some (the reader leaves out what
    // it cannot read, and says so in dish_description); every figure reported is the printed one.
    const fields: Record<string, number> = accepted.body.nutritional_fields;
    const printed = EU_TWO_COLUMNS.printed.perServing ?? {};
    const reported = Object.entries(printed).filter(([field]) => field in fields);
    expect(reported.length).toBeGreaterThanOrEqual(4);
    for (const [field, value] of reported) expect(fields[field], field).toBeCloseTo(value, 1);
    if ('energy_kcal' in fields) expect(accepted.body.nutri_score).toMatch(/^[A-E]$/);
  }, 180_000);

  it('recognises foods in a photo with the offline detector, nutrients from the table', async () => {
    const accepted = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: orangesPhoto().toString('base64'),
      include_ingredients: true,
      wait_on_process: true,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'completed',
      dish_name: 'orange',
      // two detected oranges × SR24's "1 fruit (2-5/8" dia)" = 131 g
      serving_size: 262,
      unit: 'g',
      dish_description: expect.stringContaining('offline detector (CenterNet'),
      ingredients: [{ name: 'orange', matched_food: expect.stringContaining('09200') }],
    });
  }, 180_000);

  it('fails with a reason that says what was tried and what to send', async () => {
    const accepted = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: tinyPng.toString('base64'),
    });
    const { body } = await webhookFor(accepted.body.record_id);
    expect(body.status).toBe('failed');
    expect(body.failure_reason).toMatch(/no hints were sent.*vision endpoint.*"ingredients"/s);
    expect(body.failure_reason).toContain('the photo detector could not look at the photo: it is 1×1 px');
  }, 180_000);

  it('answers 400 for an ingredient list past its length limit', async () => {
    const bad = await api(t.url, t.apiKey, 'POST', '/nutrition_records', {
      body: tinyPng.toString('base64'),
      ingredients: '1 egg, '.repeat(700),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/ingredients/);
  });
});
