/**
 * Usage figures for the console: `GET /v1/usage/deliveries?days=N` (delivery success rate and
 * attempt latency percentiles per UTC day). Credits per day are not tracked by Docket yet.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../../http/context.ts';
import { deliveryUsage } from '../../webhooks/usage.ts';
import { DeliveryUsageSchema } from './usage-schemas.ts';

/** Most attempts read for one answer: the percentiles of a busier window are of its newest ones. */
const SAMPLE_LIMIT = 50_000;

export function usageRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/usage/deliveries',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Delivery success rate and attempt latency percentiles per UTC day',
          querystring: Type.Object({
            days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14 })),
          }),
          response: { 200: DeliveryUsageSchema },
        },
      },
      async (request) => {
        const days = request.query.days ?? 14;
        const now = ctx.clock.now();
        const since = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 - (days - 1) * 86_400_000);
        const [statusCounts, samples] = await Promise.all([
          ctx.store.deliveries.statusCountsSince(request.applicationId, since),
          ctx.store.deliveries.attemptSamplesSince(request.applicationId, since, SAMPLE_LIMIT),
        ]);
        const usage = deliveryUsage({ now, days, statusCounts, samples, limit: SAMPLE_LIMIT });
        const { successRate, ...deliveries } = usage.deliveries;
        return {
          since: usage.since.toISOString(),
          deliveries: { ...deliveries, success_rate: successRate },
          attempts: usage.attempts,
          days: usage.days,
        };
      },
    );
  };
}
