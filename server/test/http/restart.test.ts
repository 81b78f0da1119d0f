import { describe, expect, it } from 'vitest';
import { api, eventually, startTestDocket } from '../support/docket.ts';
import { textPdf } from '../support/pdfs.ts';

describe('restart with work in flight', () => {
  it('records accepted while no worker ran are analysed after the next start', async () => {
    const apiOnly = await startTestDocket({ role: 'api' });
    const body = (await textPdf(['waiting for a worker'])).toString('base64');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await api(apiOnly.url, apiOnly.apiKey, 'POST', '/v1/records', { kind: 'text', body });
      expect(r.status).toBe(202);
      ids.push(r.body.id);
    }
    await apiOnly.stop();

    const full = await startTestDocket({ dataDir: apiOnly.dataDir });
    try {
      for (const id of ids) {
        const record = await eventually(async () => {
          const r = await api(full.url, full.apiKey, 'GET', `/v1/records/${id}`);
          return r.body.status === 'completed' ? r.body : null;
        });
        expect(record.result.pages[0].text).toContain('waiting for a worker');
      }
      expect(await full.docket.queue.nextRunAt(['record.analyse'])).toBeNull();
    } finally {
      await full.stop({ remove: true });
    }
  });
});
