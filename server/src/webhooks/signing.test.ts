import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  bodySignature,
  decodeSigningKey,
  generateSigningKey,
  isValidSigningKey,
  SigningKeyError,
  signWebhook,
} from './signing.ts';

const body = JSON.stringify({
  application_user_id: 'end_user_id1',
  record_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  status: 'completed',
  note: 'naïve café — ünïcödé',
});
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A receiver written exactly like the seed's Go example:
 *   hm := hmac.New(sha256.New, []byte(webhookSignatureKey)); hm.Write(body)
 *   expected := hex.EncodeToString(hm.Sum(nil)); if signature != expected { 401 }
 * where webhookSignatureKey is the string pasted from the admin console.
 */
function seedReceiverAccepts(webhookSignatureKey: string, headers: Record<string, string>, raw: Buffer) {
  const signature = headers['x-body-signature'];
  if (!signature) return false;
  const hm = createHmac('sha256', Buffer.from(webhookSignatureKey, 'utf8'));
  hm.update(raw);
  return signature === hm.digest('hex');
}

describe('generateSigningKey', () => {
  it('returns whsec_ + base64 of 32 random bytes', () => {
    const key = generateSigningKey();
    expect(key).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeSigningKey(key)).toHaveLength(32);
    expect(generateSigningKey()).not.toBe(key);
  });
});

describe('decodeSigningKey', () => {
  it('rejects malformed keys', () => {
    expect(() => decodeSigningKey('YOUR_WEBHOOK_SECRET_FROM_ADMIN_CONSOLE')).toThrow(SigningKeyError);
    expect(() => decodeSigningKey('whsec_not base64!!')).toThrow(/base64/);
    expect(() => decodeSigningKey(`whsec_${Buffer.alloc(8).toString('base64')}`)).toThrow(/24\.\.64 bytes/);
    expect(isValidSigningKey(generateSigningKey())).toBe(true);
    expect(isValidSigningKey('whsec_')).toBe(false);
  });
});

describe('signWebhook', () => {
  it('is verified by the official standardwebhooks package and by a seed-style receiver', () => {
    const key = generateSigningKey();
    const timestamp = nowSeconds();
    const headers = signWebhook({ body, id: 'evt_2Tx5kq', timestamp, keys: [key] });

    expect(headers['webhook-id']).toBe('evt_2Tx5kq');
    expect(headers['webhook-timestamp']).toBe(String(timestamp));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(headers['x-body-signature']).toMatch(/^[0-9a-f]{64}$/);

    const wh = new Webhook(key);
    expect(wh.verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(wh.verify(Buffer.from(body), { ...headers })).toEqual(JSON.parse(body));
    expect(seedReceiverAccepts(key, { ...headers }, Buffer.from(body))).toBe(true);
  });

  it('fails verification when anything signed changes', () => {
    const key = generateSigningKey();
    const timestamp = nowSeconds();
    const headers = signWebhook({ body, id: 'evt_1', timestamp, keys: [key] });
    const wh = new Webhook(key);
    const tampered = body.replace('completed', 'failed');
    expect(() => wh.verify(tampered, { ...headers })).toThrow(/No matching signature/);
    expect(() => wh.verify(body, { ...headers, 'webhook-id': 'evt_2' })).toThrow(/No matching signature/);
    expect(() => wh.verify(body, { ...headers, 'webhook-timestamp': String(timestamp - 1) })).toThrow(
      /No matching signature/,
    );
    expect(() => new Webhook(generateSigningKey()).verify(body, { ...headers })).toThrow();
    expect(seedReceiverAccepts(key, { ...headers }, Buffer.from(tampered))).toBe(false);
    expect(seedReceiverAccepts(generateSigningKey(), { ...headers }, Buffer.from(body))).toBe(false);
  });

  it('is rejected by standardwebhooks when the timestamp is outside its 5 minute tolerance', () => {
    const key = generateSigningKey();
    const headers = signWebhook({ body, id: 'evt_old', timestamp: nowSeconds() - 3600, keys: [key] });
    expect(() => new Webhook(key).verify(body, { ...headers })).toThrow(/too old/);
  });

  it('signs with every key during rotation; x-body-signature uses the newest key', () => {
    const newest = generateSigningKey();
    const previous = generateSigningKey();
    const headers = signWebhook({ body, id: 'evt_rot', timestamp: nowSeconds(), keys: [newest, previous] });

    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    expect(new Webhook(newest).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual(JSON.parse(body));

    expect(seedReceiverAccepts(newest, { ...headers }, Buffer.from(body))).toBe(true);
    expect(seedReceiverAccepts(previous, { ...headers }, Buffer.from(body))).toBe(false);
  });

  it('signs raw bytes: a Buffer body and its utf-8 string produce identical headers', () => {
    const key = generateSigningKey();
    const timestamp = 1_700_000_000;
    const a = signWebhook({ body, id: 'evt_b', timestamp, keys: [key] });
    const b = signWebhook({ body: Buffer.from(body, 'utf8'), id: 'evt_b', timestamp, keys: [key] });
    const c = signWebhook({
      body: new Uint8Array(Buffer.from(body, 'utf8')),
      id: 'evt_b',
      timestamp,
      keys: [key],
    });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('matches an independent computation of both formulas', () => {
    const key = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const headers = signWebhook({
      body: '{"test": 2432232314}',
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      keys: [key],
    });
    const expectedStd = createHmac('sha256', Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'))
      .update('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}')
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expectedStd}`);
    // Reference vector from the Standard Webhooks specification / svix docs.
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const expectedBody = createHmac('sha256', key).update('{"test": 2432232314}').digest();
    expect(timingSafeEqual(Buffer.from(headers['x-body-signature'], 'hex'), expectedBody)).toBe(true);
    expect(bodySignature(key, '{"test": 2432232314}')).toBe(expectedBody.toString('hex'));
  });

  it('refuses unusable input', () => {
    const key = generateSigningKey();
    expect(() => signWebhook({ body, id: 'evt', timestamp: 1, keys: [] })).toThrow(/at least one/);
    expect(() => signWebhook({ body, id: 'evt', timestamp: 1.5, keys: [key] })).toThrow(/timestamp/);
    expect(() => signWebhook({ body, id: 'evt', timestamp: -1, keys: [key] })).toThrow(/timestamp/);
    expect(() => signWebhook({ body, id: 'evt 1', timestamp: 1, keys: [key] })).toThrow(/id/);
    expect(() => signWebhook({ body, id: '', timestamp: 1, keys: [key] })).toThrow(/id/);
    expect(() => signWebhook({ body, id: 'evt', timestamp: 1, keys: [key, 'whsec_bad'] })).toThrow(
      SigningKeyError,
    );
  });
});
