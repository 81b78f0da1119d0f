import { describe, expect, it } from 'vitest';
import type { AnalysisInput, AnalysisOutcome } from '../core/ports.ts';
import { ANALYSIS_STARTED, type AnalysisStartedMessage, analysisStarted, inTurn } from './thread-turns.ts';

const input = (kind: string): AnalysisInput => ({
  kind,
  bytes: new Uint8Array(0),
  mimeType: 'application/pdf',
  filename: null,
  options: {},
  limits: { maxPages: 1, maxOcrPages: 1, maxImagePixels: 1 },
});

function recorder() {
  const posted: AnalysisStartedMessage[] = [];
  return {
    posted,
    reporter: { threadId: 7, post: (message: AnalysisStartedMessage) => posted.push(message) },
  };
}

describe('inTurn', () => {
  it('runs tasks one at a time in arrival order, and one that throws does not stop the next', async () => {
    const events: string[] = [];
    const { reporter } = recorder();
    const take = inTurn(async ({ kind }): Promise<AnalysisOutcome> => {
      events.push(`start ${kind}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${kind}`);
      if (kind === 'bad') throw new Error('analyser bug');
      return { ok: true, result: kind, pages: 1 };
    }, reporter);
    const outcomes = [
      take({ input: input('a') }),
      take({ input: input('bad') }),
      take({ input: input('c') }),
    ];
    await expect(outcomes[1]).rejects.toThrow('analyser bug');
    expect(await outcomes[2]).toMatchObject({ result: 'c' });
    expect(await outcomes[0]).toMatchObject({ result: 'a' });
    expect(events).toEqual(['start a', 'end a', 'start bad', 'end bad', 'start c', 'end c']);
  });

  it('reports a budgeted task as it starts and gives it the budget from then', async () => {
    const { posted, reporter } = recorder();
    const seen: AnalysisInput[] = [];
    const take = inTurn(async (given) => {
      seen.push(given);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ok: true, result: null, pages: 1 };
    }, reporter);
    const first = take({ input: input('a'), budget: { run: 1, budgetMs: 1_000 } });
    const second = take({ input: input('b'), budget: { run: 2, budgetMs: 1_000 } });
    await first;
    expect(posted.map(analysisStarted)).toEqual([{ run: 1, threadId: 7 }]); // b has not started yet
    await second;
    expect(posted.map(analysisStarted)).toEqual([
      { run: 1, threadId: 7 },
      { run: 2, threadId: 7 },
    ]);
    const [a, b] = seen.map((given) => given.limits!.timeBudget!);
    expect(a!.budgetMs).toBe(1_000);
    expect(b!.endsAt - a!.endsAt).toBeGreaterThanOrEqual(45); // b's budget began when a ended
  });

  it('reports nothing for a task without a budget, and reads only its own messages', async () => {
    const { posted, reporter } = recorder();
    const take = inTurn(async () => ({ ok: true, result: null, pages: 1 }), reporter);
    await take({ input: input('a') });
    expect(posted).toEqual([]);
    expect(analysisStarted({ other: 1 })).toBeNull();
    expect(analysisStarted(null)).toBeNull();
    expect(analysisStarted({ [ANALYSIS_STARTED]: { run: 3, threadId: 1 } })).toEqual({ run: 3, threadId: 1 });
  });
});
