/**
 * `GET/PATCH /v1/application/settings`: the authenticated application's queue cap and retention
 * policy. A field set to `null` goes back to the instance default; the answer shows both what the
 * application set and what applies.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApplicationSettings, EffectiveSettings } from '../../core/domain.ts';
import { DocketError } from '../../core/errors.ts';
import type { HttpContext } from '../../http/context.ts';

// Null first: with type coercion on, a null tried against an integer first would become 0.
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([Type.Null(), schema]);

const DESCRIPTIONS = {
  queue_cap: 'Most records queued or processing at once (429 beyond); 0: none',
  delete_file_after_delivery: 'Delete each upload once its result was delivered (no webhook pending)',
  file_retention_days: 'Delete each upload this many days after it finished; 0: keep',
  result_retention_days: 'Delete each result (and its events) this many days after it finished; 0: keep',
};

const SettingsFields = {
  queue_cap: Nullable(Type.Integer({ minimum: 0, description: DESCRIPTIONS.queue_cap })),
  delete_file_after_delivery: Nullable(
    Type.Boolean({ description: DESCRIPTIONS.delete_file_after_delivery }),
  ),
  file_retention_days: Nullable(
    Type.Integer({ minimum: 0, maximum: 36_500, description: DESCRIPTIONS.file_retention_days }),
  ),
  result_retention_days: Nullable(
    Type.Integer({ minimum: 0, maximum: 36_500, description: DESCRIPTIONS.result_retention_days }),
  ),
};

// The patch's fields are checked by `field` below rather than by the schema: with the server's
// type coercion on, a schema of "integer or null" turns null into 0 or 0 into null.
const SettingsPatch = Type.Object(
  {
    queue_cap: Type.Optional(Type.Unknown({ description: DESCRIPTIONS.queue_cap })),
    delete_file_after_delivery: Type.Optional(
      Type.Unknown({ description: DESCRIPTIONS.delete_file_after_delivery }),
    ),
    file_retention_days: Type.Optional(Type.Unknown({ description: DESCRIPTIONS.file_retention_days })),
    result_retention_days: Type.Optional(Type.Unknown({ description: DESCRIPTIONS.result_retention_days })),
  },
  { additionalProperties: false },
);

/** A patch field: absent (keep), null (the default), or a value of the right type and range. */
function field<T extends number | boolean>(
  body: Record<string, unknown>,
  name: string,
  kind: 'count' | 'days' | 'boolean',
  current: T | null,
): T | null {
  if (!(name in body)) return current;
  const value = body[name];
  if (value === null) return null;
  const max = kind === 'days' ? 36_500 : 1_000_000_000;
  const ok =
    kind === 'boolean'
      ? typeof value === 'boolean'
      : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
  if (!ok) {
    const what = kind === 'boolean' ? 'true, false' : `a whole number from 0 to ${max}`;
    throw new DocketError('invalid', 'invalid_request', `${name} must be ${what} or null (the default)`, {
      field: name,
    });
  }
  return value as T;
}

const SettingsBody = Type.Object(
  {
    own: Type.Object(SettingsFields, { description: 'What the application set; null: the default applies' }),
    effective: Type.Object({
      queue_cap: Type.Integer(),
      delete_file_after_delivery: Type.Boolean(),
      file_retention_days: Type.Integer(),
      result_retention_days: Type.Integer(),
    }),
  },
  { $id: 'ApplicationSettings' },
);

function render(own: ApplicationSettings, effective: EffectiveSettings) {
  return {
    own: {
      queue_cap: own.queueCap,
      delete_file_after_delivery: own.deleteFileAfterDelivery,
      file_retention_days: own.fileRetentionDays,
      result_retention_days: own.resultRetentionDays,
    },
    effective: {
      queue_cap: effective.queueCap,
      delete_file_after_delivery: effective.deleteFileAfterDelivery,
      file_retention_days: effective.fileRetentionDays,
      result_retention_days: effective.resultRetentionDays,
    },
  };
}

export function settingsRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const answer = async (applicationId: string) =>
      render(await ctx.settings.own(applicationId), await ctx.settings.effective(applicationId));

    app.get(
      '/v1/application/settings',
      {
        schema: {
          tags: ['application'],
          summary: "The application's queue cap and retention policy",
          response: { 200: SettingsBody },
        },
      },
      async (request) => answer(request.applicationId),
    );

    app.patch(
      '/v1/application/settings',
      {
        schema: {
          tags: ['application'],
          summary: 'Change the queue cap or retention policy (null: back to the default)',
          body: SettingsPatch,
          response: { 200: SettingsBody },
        },
      },
      async (request) => {
        const current = await ctx.settings.own(request.applicationId);
        const patch = request.body as Record<string, unknown>;
        const next: ApplicationSettings = {
          queueCap: field(patch, 'queue_cap', 'count', current.queueCap),
          deleteFileAfterDelivery: field(
            patch,
            'delete_file_after_delivery',
            'boolean',
            current.deleteFileAfterDelivery,
          ),
          fileRetentionDays: field(patch, 'file_retention_days', 'days', current.fileRetentionDays),
          resultRetentionDays: field(patch, 'result_retention_days', 'days', current.resultRetentionDays),
        };
        await ctx.settings.save(request.applicationId, next);
        return answer(request.applicationId);
      },
    );
  };
}
