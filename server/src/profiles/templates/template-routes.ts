/**
 * `/v1/templates`: create, list, get, change and delete templates with their webhooks, and import
 * invoice2data templates (`POST /v1/templates/import`, YAML or JSON). Translation only: the
 * engine's schema and checks say what a valid definition is.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
// The modules themselves, not the analyser's index: the routes must not load the template
// analyser (OCR, date parsing, images) onto the event loop; it runs in the analyser threads.
import type { TemplateDefinition } from '../../analysers/template/definition.ts';
import { importInvoice2data, TemplateImportError } from '../../analysers/template/invoice2data.ts';
import { validateTemplate } from '../../analysers/template/validate.ts';
import { DocketError } from '../../core/errors.ts';
import type { TemplateWebhookInput } from '../../core/templates.ts';
import type { HttpContext } from '../../http/context.ts';
import { renderTemplate } from './render.ts';
import {
  CreateTemplateBody,
  ImportTemplateBody,
  TemplatePageSchema,
  TemplateSchema,
  TAGS as tags,
  UpdateTemplateBody,
} from './schemas.ts';

const IdParams = Type.Object({ id: Type.String() });
const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

/** Splits a body into the template's definition and its webhook. */
export function splitTemplateBody<
  T extends { webhook_url?: string | null; webhook_headers?: Record<string, string> },
>(
  body: T,
): {
  definition: Omit<T, 'webhook_url' | 'webhook_headers'>;
  webhook: TemplateWebhookInput | null | undefined;
} {
  const { webhook_url, webhook_headers, ...definition } = body;
  if (webhook_url === null) return { definition, webhook: null };
  if (webhook_url === undefined && webhook_headers === undefined) return { definition, webhook: undefined };
  return {
    definition,
    webhook: {
      ...(webhook_url !== undefined ? { url: webhook_url } : {}),
      ...(webhook_headers !== undefined ? { headers: webhook_headers } : {}),
    },
  };
}

/** 400 naming every problem of a definition that passed the schema but cannot be used. */
function checked(definition: TemplateDefinition): TemplateDefinition {
  const problems = validateTemplate(definition);
  if (problems.length > 0) {
    throw new DocketError(
      'invalid',
      'invalid_template',
      `the template cannot be used: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
  return definition;
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export function templateRoutes(ctx: HttpContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // A YAML file can be posted as it is to the import route (this plugin's routes only).
    app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => {
      done(null, { source: body });
    });

    app.post(
      '/v1/templates/import',
      {
        schema: {
          tags,
          summary: 'Import an invoice2data template (YAML or JSON; Python regexes are translated)',
          body: ImportTemplateBody,
          response: { 201: TemplateSchema },
        },
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => {
          const { source, ...webhookFields } = request.body;
          let definition: TemplateDefinition;
          try {
            definition = importInvoice2data(typeof source === 'string' ? source : JSON.stringify(source));
          } catch (error) {
            if (!(error instanceof TemplateImportError)) throw error;
            throw new DocketError('invalid', 'invalid_invoice2data_template', error.message, {
              field: 'source',
            });
          }
          const { webhook } = splitTemplateBody(webhookFields);
          const view = await ctx.templates.create(request.applicationId, {
            name: definition.name,
            definition: checked(definition),
            webhook: webhook ?? null,
          });
          return { status: 201, body: renderTemplate(view.template, view.webhook) };
        }),
    );

    app.post(
      '/v1/templates',
      {
        schema: {
          tags,
          summary: 'Create a template (fields to extract) with its webhook',
          body: CreateTemplateBody,
          response: { 201: TemplateSchema },
        },
      },
      async (request, reply) =>
        ctx.idempotency.run(request, reply, async () => {
          const { definition, webhook } = splitTemplateBody(request.body);
          const view = await ctx.templates.create(request.applicationId, {
            name: definition.name,
            definition: checked(definition),
            webhook: webhook ?? null,
          });
          return { status: 201, body: renderTemplate(view.template, view.webhook) };
        }),
    );

    app.get(
      '/v1/templates',
      {
        schema: {
          tags,
          summary: 'List templates, newest first',
          querystring: ListQuery,
          response: { 200: TemplatePageSchema },
        },
      },
      async (request) => {
        const page = await ctx.templates.list(
          request.applicationId,
          request.query.cursor,
          request.query.limit ?? 50,
        );
        return {
          data: page.items.map((view) => renderTemplate(view.template, view.webhook)),
          next_cursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/v1/templates/:id',
      { schema: { tags, summary: 'Get a template', params: IdParams, response: { 200: TemplateSchema } } },
      async (request) => {
        const view = await ctx.templates.get(request.applicationId, request.params.id);
        return renderTemplate(view.template, view.webhook);
      },
    );

    app.patch(
      '/v1/templates/:id',
      {
        schema: {
          tags,
          summary:
            'Change a template: the parts sent replace the stored ones; webhook_url null removes the webhook',
          params: IdParams,
          body: UpdateTemplateBody,
          response: { 200: TemplateSchema },
        },
      },
      async (request) => {
        const { definition, webhook } = splitTemplateBody(request.body);
        const current = await ctx.templates.get(request.applicationId, request.params.id);
        const changed = Object.keys(definition).length > 0;
        // The parts sent replace the stored ones; the whole must still be a usable template.
        const merged = { ...(current.template.definition as TemplateDefinition), ...definition };
        const view = await ctx.templates.update(request.applicationId, request.params.id, {
          ...(definition.name !== undefined ? { name: definition.name } : {}),
          ...(changed ? { definition: checked(merged) } : {}),
          ...(webhook !== undefined ? { webhook } : {}),
        });
        return renderTemplate(view.template, view.webhook);
      },
    );

    app.delete(
      '/v1/templates/:id',
      { schema: { tags, summary: 'Delete a template and its webhook', params: IdParams } },
      async (request, reply) => {
        await ctx.templates.delete(request.applicationId, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
