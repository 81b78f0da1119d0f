import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../api/documents.ts';
import { parseSseChunk } from '../api/events.ts';
import { parseDelays } from '../components/endpoint-form.tsx';
import { nutrientLabel } from '../components/results/nutrition-view.tsx';
import { capabilitiesOf } from './capabilities.ts';
import { formatDuration } from './format.ts';
import { match } from './router.ts';

describe('console helpers', () => {
  it('splits an SSE stream into events, keeping a partial frame for the next chunk', () => {
    const { frames, rest } = parseSseChunk(
      ': heartbeat\n\nid: 7\nevent: record.completed\ndata: {"seq":7}\n\nid: 8\nda',
    );
    expect(frames).toEqual([{ id: '7', data: '{"seq":7}' }]);
    expect(rest).toBe('id: 8\nda');
  });

  it('offers Templates and Documents only when the server has their routes', () => {
    expect(capabilitiesOf({ '/v1/records': {} })).toMatchObject({ templates: false, documents: false });
    expect(capabilitiesOf({ '/v1/templates': {}, '/documents': {} })).toMatchObject({
      templates: true,
      documents: true,
    });
  });

  it('reads custom retry waits in seconds and says which part is wrong', () => {
    expect(parseDelays('1, 60 300')).toEqual([1000, 60_000, 300_000]);
    expect(() => parseDelays('5, soon')).toThrow('"soon" is not a number of seconds');
  });

  it('names nutrients and durations for people', () => {
    expect(nutrientLabel('energy_kcal')).toBe('Energy (kcal)');
    expect(nutrientLabel('fiber_total_dietary_g')).toBe('Fiber total dietary (g)');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(90_000)).toBe('2 min');
  });

  it('matches routes with parameters', () => {
    expect(match('/records/:id', '/records/abc')).toEqual({ id: 'abc' });
    expect(match('/records/:id', '/records')).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date, at least 1 s, 30 s when missing', () => {
    expect(retryAfterSeconds('27')).toBe(27);
    expect(retryAfterSeconds('0')).toBe(1);
    expect(retryAfterSeconds(null)).toBe(30);
    const now = Date.parse('2026-12-03T14:00:00Z');
    expect(retryAfterSeconds('Thu, 03 Dec 2026 14:00:12 GMT', now)).toBe(12);
  });
});
