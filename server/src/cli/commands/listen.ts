/**
 * `docket listen --forward-to URL`: local development without a public URL. Follows the
 * application's event stream (`GET /v1/events/stream`) and POSTs each event's webhook body to a
 * local server, signed the way Docket signs deliveries, printing one line per forward.
 *
 * Which key signs: `--secret` (or DOCKET_WEBHOOK_SECRET); else the application's key from
 * data/credentials.json when the API key in use is the one stored there; else a key made for this
 * session and printed at the start, for the local receiver to verify with. Docket never hands
 * its signing key to API callers: anyone holding an API key could then forge its webhooks.
 */
import { type DocketEvent, generateWebhookSecret, signWebhook } from '@docket/sdk';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, credentialsFile, withConnectionOptions } from '../connection.ts';
import { CliError, EXIT } from '../exit-codes.ts';

interface ListenFlags extends ConnectionFlags {
  forwardTo: string;
  events?: string;
  after?: string;
  secret?: string;
  json?: boolean;
  timeoutMs: string;
}

interface Forwarded {
  event_id: string;
  seq: number;
  type: string;
  record_id: string | null;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

async function forward(
  event: DocketEvent,
  url: string,
  secret: string,
  timeoutMs: number,
): Promise<Forwarded> {
  // The body Docket delivers for this event: the event's stored JSON.
  const body = JSON.stringify(event.data);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'docket-listen',
    ...(await signWebhook({ body, id: event.id, secret })),
  };
  const started = performance.now();
  const outcome = { event_id: event.id, seq: event.seq, type: event.type, record_id: event.record_id };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    return {
      ...outcome,
      status: response.status,
      latency_ms: Math.round(performance.now() - started),
      error: null,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = cause ?? (error instanceof Error ? error.message : String(error));
    return { ...outcome, status: null, latency_ms: Math.round(performance.now() - started), error: reason };
  }
}

function describe(f: Forwarded): string {
  const answer = f.status === null ? `failed: ${f.error}` : String(f.status);
  return `${new Date().toISOString()}  ${f.type}  ${f.record_id ?? f.event_id}  -> ${answer} (${f.latency_ms} ms)\n`;
}

export function listenCommand(program: Command): void {
  withConnectionOptions(
    program
      .command('listen')
      .description("forward the application's events, signed, to a local server (no public URL needed)")
      .requiredOption('--forward-to <url>', 'where to POST each event, e.g. http://localhost:3000/hook')
      .option('--events <types>', 'only these event types, comma-separated')
      .option('--after <seq>', 'also forward the logged events after this seq (0: all of them)')
      .option(
        '--secret <whsec>',
        'the key to sign with (default: DOCKET_WEBHOOK_SECRET, credentials.json, or a new one)',
      )
      .option('--timeout-ms <ms>', "how long to wait for the local server's answer", '10000')
      .option('--json', 'print one JSON line per forward'),
  ).action(async (flags: ListenFlags) => {
    try {
      new URL(flags.forwardTo);
    } catch {
      throw new CliError(EXIT.usage, `--forward-to ${flags.forwardTo} is not a URL`);
    }
    const after = flags.after === undefined ? undefined : Number(flags.after);
    if (after !== undefined && !(Number.isInteger(after) && after >= 0))
      throw new CliError(EXIT.usage, '--after must be a seq (0 or more)');
    const { docket, url, local } = await connect(flags);
    const given = flags.secret ?? process.env.DOCKET_WEBHOOK_SECRET;
    const secret = given ?? local?.webhook_signature_key ?? generateWebhookSecret();
    const source = given
      ? 'the given key'
      : local
        ? `the application's key from ${credentialsFile()}`
        : `a key for this session: ${secret}`;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let opened = false;
    let failure: unknown = null;
    const stream = docket.events.stream({
      ...(after !== undefined ? { after } : {}),
      ...(flags.events
        ? {
            types: flags.events
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          }
        : {}),
      signal: controller.signal,
      onOpen: () => {
        if (!opened)
          process.stderr.write(
            `Ready: forwarding events from ${url} to ${flags.forwardTo}, signed with ${source}\n`,
          );
        opened = true;
      },
      onReconnect: ({ lastEventId, error }) => {
        // Never connected at all: wrong address or Docket not running; say so rather than retry forever.
        if (!opened) {
          failure = error;
          controller.abort();
          return;
        }
        process.stderr.write(
          `connection lost (${error instanceof Error ? error.message : String(error)}); resuming after ${lastEventId}\n`,
        );
      },
    });
    for await (const event of stream) {
      const forwarded = await forward(event, flags.forwardTo, secret, Number(flags.timeoutMs));
      process.stdout.write(flags.json ? `${JSON.stringify(forwarded)}\n` : describe(forwarded));
    }
    if (failure) throw failure;
  });
}
