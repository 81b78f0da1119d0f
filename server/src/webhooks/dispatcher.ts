/**
 * The keep-alive undici Agent every webhook delivery goes through, with the SSRF guard in its
 * connector: host names are resolved by the guard's resolver, every address is checked, and the
 * socket is opened only to those checked addresses (the lookup hands them to net/tls directly, so
 * there is no second DNS lookup and no rebinding window). TLS SNI and certificate checks still
 * use the URL's host name. Literal IP hosts never reach a lookup, so the connector checks them
 * before connecting.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import {
  type AllowList,
  assertAllowedAddress,
  type GuardOptions,
  type Resolver,
  resolveAndCheckHost,
  unbracket,
} from './ssrf-guard.ts';

/** Options of {@link createWebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  /** Ranges exempt from the SSRF guard (from `DOCKET_WEBHOOK_ALLOW`); default none. */
  allow?: AllowList;
  /** Host name resolver; default the system resolver (`dns.promises.lookup`, all addresses). */
  resolve?: Resolver;
  /** TCP + TLS connect timeout in milliseconds; default 5000. */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept; default 30000 (capped by server hints). */
  keepAliveTimeoutMs?: number;
  /** Maximum connections per origin; default unlimited. */
  connections?: number;
  /** Extra trusted CA certificates (PEM) replacing Node's defaults, e.g. a private CA; default Node's. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export function lookupFailure(error: unknown): NodeJS.ErrnoException {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * A `net`/`tls` lookup function that resolves through the SSRF guard and yields only checked
 * addresses. Exported for tests and for callers building their own connector.
 */
function createGuardedLookup(guard: GuardOptions): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolveAndCheckHost(hostname, guard).then(
      (checked) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable: LookupAddress[] = checked
          .filter((a) => wanted === 0 || a.family === wanted)
          .map((a) => ({ address: a.address, family: a.family }));
        const first = usable[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`no IPv${wanted} address for ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '', 0);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => callback(lookupFailure(error), '', 0),
    );
  };
}

/**
 * Creates the keep-alive undici Agent used for all webhook deliveries; the SSRF guard runs on
 * every new connection. Close it with `await dispatcher.close()` on shutdown.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions = {}): Agent {
  const guard: GuardOptions = { allow: options.allow, resolve: options.resolve };
  const base = buildConnector({
    timeout: options.connectTimeoutMs ?? 5000,
    lookup: createGuardedLookup(guard),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    // net/tls skip `lookup` for literal addresses, so those are checked here.
    const host = unbracket(connectOptions.hostname);
    if (isIP(host) !== 0) {
      try {
        assertAllowedAddress(host, guard.allow);
      } catch (error) {
        callback(lookupFailure(error), null);
        return;
      }
    }
    base(connectOptions, callback);
  };
  return new Agent({
    connect,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connections: options.connections ?? null,
  });
}
