/**
 * SSRF guard for webhook targets.
 *
 * Only globally routable unicast addresses are acceptable targets. Address classification uses
 * ipaddr.js's special-range tables (IANA registries) and adds what they do not decide for us:
 * IPv6 outside 2000::/3 (e.g. IPv4-compatible ::a.b.c.d), addresses embedding an IPv4 address
 * (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the embedded IPv4 address, and
 * cloud metadata endpoints are refused even when an allow-list range covers them (unless the
 * allow-list names that exact address).
 *
 * A URL is checked AFTER DNS resolution: every resolved address must pass. The sender connects only
 * to addresses checked here (see sender.ts), so DNS rebinding between check and connect is moot.
 *
 * For local development, `DOCKET_WEBHOOK_ALLOW=127.0.0.1/8,::1/128` (off by default) lets listed
 * CIDR ranges through.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Environment variable holding the comma-separated CIDR allow-list. */
export const ALLOW_ENV_VAR = 'DOCKET_WEBHOOK_ALLOW';

/** A parsed IPv4 or IPv6 address (ipaddr.js). */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** CIDR ranges exempt from the guard (local development only). */
export interface AllowList {
  /** Parsed ranges as `[network, prefixLength]`. */
  readonly ranges: ReadonlyArray<readonly [IpAddress, number]>;
}

/** One resolved address, as returned by `dns.promises.lookup(host, { all: true })`. */
export interface ResolvedAddress {
  /** Textual IP address. */
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Resolves a host name to all its addresses; injectable for tests. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Options shared by {@link checkUrl} and {@link resolveAndCheckHost}. */
export interface GuardOptions {
  /** Host name resolver; default `dns.promises.lookup(host, { all: true, order: 'verbatim' })`. */
  resolve?: Resolver;
  /** Ranges exempt from the guard; default: none. */
  allow?: AllowList;
  /** If set, only these ports are accepted; default: any port 1..65535. */
  ports?: ReadonlySet<number>;
}

/** Result of classifying one address. */
export interface AddressVerdict {
  /** The address as given. */
  address: string;
  /** True when Docket must not connect to it. */
  forbidden: boolean;
  /** Why: the special range it falls in (e.g. `loopback`, `IPv4-mapped private`) or `global unicast`. */
  reason: string;
  /** True when the allow-list made an otherwise forbidden address acceptable. */
  allowListed: boolean;
}

/** A URL that passed {@link checkUrl}. */
export interface CheckedUrl {
  /** The parsed URL. */
  url: URL;
  /** Host without IPv6 brackets (a name, or the normalised literal address). */
  hostname: string;
  /** Effective port (explicit or the scheme default). */
  port: number;
  /** Every address the host resolved to; all were checked. */
  addresses: ResolvedAddress[];
}

/** Machine-readable reason a target was refused. */
export type WebhookTargetErrorCode =
  | 'invalid_url'
  | 'forbidden_scheme'
  | 'credentials_in_url'
  | 'forbidden_port'
  | 'forbidden_address'
  | 'dns_failure';

/** Thrown (or passed to connect callbacks) when a webhook target is refused. */
export class WebhookTargetError extends Error {
  override name = 'WebhookTargetError';
  /** Machine-readable reason. */
  readonly code: WebhookTargetErrorCode;
  constructor(code: WebhookTargetErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Cloud instance metadata endpoints (AWS, GCP, Azure, Oracle; AWS IPv6; Alibaba). */
const CLOUD_METADATA = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '192.0.0.192',
  'fd00:ec2::254',
  '100.100.100.200',
]);

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

function isMetadata(addr: IpAddress): boolean {
  return CLOUD_METADATA.has(addr.toString()) || CLOUD_METADATA.has(normaliseV4(addr).toString());
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 address; everything else is unchanged. */
function normaliseV4(addr: IpAddress): IpAddress {
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()
    ? (addr as ipaddr.IPv6).toIPv4Address()
    : addr;
}

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** Classification without the allow-list. */
function intrinsic(addr: IpAddress): { forbidden: boolean; reason: string } {
  if (isMetadata(addr)) return { forbidden: true, reason: 'cloud metadata endpoint' };
  if (addr.kind() === 'ipv4') {
    const range = addr.range();
    return range === 'unicast'
      ? { forbidden: false, reason: 'global unicast' }
      : { forbidden: true, reason: range };
  }
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  const embedded = (label: string, v4: ipaddr.IPv4) => {
    const inner = intrinsic(v4);
    return { forbidden: inner.forbidden, reason: `${label} ${inner.reason} (${v4.toString()})` };
  };
  switch (range) {
    case 'ipv4Mapped':
      return embedded('IPv4-mapped', v6.toIPv4Address());
    case 'rfc6052':
      // Only the well-known NAT64 prefix carries a public IPv4 address; 64:ff9b:1::/48 is local-use.
      return v6.match(NAT64_WELL_KNOWN)
        ? embedded('NAT64', v4FromParts(v6.parts[6]!, v6.parts[7]!))
        : { forbidden: true, reason: 'local-use NAT64 (64:ff9b:1::/48)' };
    case '6to4':
      return embedded('6to4', v4FromParts(v6.parts[1]!, v6.parts[2]!));
    case 'unicast':
      // ipaddr.js calls everything outside its special ranges "unicast", including ::/96
      // (IPv4-compatible, deprecated) and unallocated space; only 2000::/3 is global unicast.
      return v6.match(GLOBAL_UNICAST_V6)
        ? { forbidden: false, reason: 'global unicast' }
        : { forbidden: true, reason: 'not global unicast IPv6 (outside 2000::/3)' };
    default:
      // loopback, unspecified, linkLocal, uniqueLocal, multicast, deprecatedSiteLocal, teredo,
      // reserved (incl. documentation 2001:db8::/32), benchmarking, orchid, discard, rfc6145, ...
      return { forbidden: true, reason: range };
  }
}

function inAllowList(addr: IpAddress, allow: AllowList | undefined, exactOnly: boolean): boolean {
  if (!allow) return false;
  const candidates = [addr, normaliseV4(addr)];
  return allow.ranges.some(([network, bits]) =>
    candidates.some(
      (c) =>
        c.kind() === network.kind() &&
        (!exactOnly || bits === (c.kind() === 'ipv4' ? 32 : 128)) &&
        c.match(network, bits),
    ),
  );
}

/** Parses an address in any form ipaddr.js accepts (incl. `0x7f000001`, `0177.0.0.1`, `127.1`, zone ids). */
function parseAddress(ip: string): IpAddress | null {
  try {
    return ipaddr.parse(unbracket(ip));
  } catch {
    return null;
  }
}

/** Classifies one IP address, taking the allow-list into account. */
export function classifyAddress(ip: string, allow?: AllowList): AddressVerdict {
  const addr = parseAddress(ip);
  if (!addr) return { address: ip, forbidden: true, reason: 'not an IP address', allowListed: false };
  const verdict = intrinsic(addr);
  if (verdict.forbidden && inAllowList(addr, allow, isMetadata(addr))) {
    return { address: ip, forbidden: false, reason: `allow-listed (${verdict.reason})`, allowListed: true };
  }
  return { address: ip, forbidden: verdict.forbidden, reason: verdict.reason, allowListed: false };
}

/** True when Docket must not deliver to this address (anything but global unicast, unless allow-listed). */
export function isForbiddenAddress(ip: string, allow?: AllowList): boolean {
  return classifyAddress(ip, allow).forbidden;
}

/**
 * Parses a comma-separated list of CIDR ranges (a bare address means a single host), e.g.
 * `127.0.0.1/8,::1/128`. Empty or undefined yields an empty list. Throws on an invalid entry.
 */
export function parseAllowList(spec: string | undefined): AllowList {
  const ranges: Array<readonly [IpAddress, number]> = [];
  for (const raw of (spec ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    try {
      if (entry.includes('/')) {
        ranges.push(ipaddr.parseCIDR(entry));
      } else {
        const addr = ipaddr.parse(entry);
        ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
      }
    } catch {
      throw new Error(`${ALLOW_ENV_VAR}: "${entry}" is not a CIDR range such as 127.0.0.1/8 or ::1/128`);
    }
  }
  return { ranges };
}

/** The default resolver: the system resolver (getaddrinfo), all addresses, in resolver order. */
const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });

/**
 * What to tell a developer who meant to reach this address: the allow-list entry for exactly it
 * (an IPv4-mapped address as its IPv4 address, which the allow-list also matches), never a wider
 * range the refused address might not even be in. Cloud metadata endpoints get no suggestion.
 */
function allowHint(address: string): string {
  const addr = parseAddress(address);
  if (!addr) return 'webhook targets must be IP addresses or host names';
  if (isMetadata(addr)) return 'cloud metadata endpoints are refused even inside allowed ranges';
  const own = normaliseV4(addr);
  const entry = `${own.toString()}/${own.kind() === 'ipv4' ? 32 : 128}`;
  return `for local development allow it with ${ALLOW_ENV_VAR}=${entry}`;
}

function refusal(host: string, verdict: AddressVerdict, viaDns: boolean): WebhookTargetError {
  const what = viaDns
    ? `${host} resolves to ${verdict.address} (${verdict.reason}), which is`
    : `${host} (${verdict.reason}) is`;
  return new WebhookTargetError(
    'forbidden_address',
    `refusing webhook target: ${what} not a public address; ${allowHint(verdict.address)}`,
  );
}

/** Strips IPv6 brackets from a URL host name. */
export function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Throws {@link WebhookTargetError} (`forbidden_address`) unless the literal address `ip` is global
 * unicast or allow-listed.
 */
export function assertAllowedAddress(ip: string, allow?: AllowList): void {
  const verdict = classifyAddress(ip, allow);
  if (verdict.forbidden) throw refusal(unbracket(ip), verdict, false);
}

/**
 * Checks a literal address or resolves a host name and checks EVERY address it resolves to.
 * Returns the checked addresses (connect only to these); throws {@link WebhookTargetError}.
 */
export async function resolveAndCheckHost(
  host: string,
  options: GuardOptions = {},
): Promise<ResolvedAddress[]> {
  const hostname = unbracket(host);
  const family = isIP(hostname);
  if (family !== 0) {
    assertAllowedAddress(hostname, options.allow);
    return [{ address: hostname, family }];
  }
  const resolve = options.resolve ?? systemResolver;
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WebhookTargetError(
      'dns_failure',
      `cannot resolve webhook host ${hostname}${code ? ` (${code})` : ''}`,
      {
        cause: error,
      },
    );
  }
  if (addresses.length === 0) {
    throw new WebhookTargetError('dns_failure', `webhook host ${hostname} resolved to no address`);
  }
  for (const entry of addresses) {
    const verdict = classifyAddress(entry.address, options.allow);
    if (verdict.forbidden) throw refusal(hostname, verdict, true);
  }
  return addresses.map(({ address, family: fam }) => ({ address, family: fam }));
}

/**
 * Validates a webhook URL: http/https only, no credentials, acceptable port, and every address of
 * its host global unicast (or allow-listed). Literal IPs in any form are handled: the WHATWG URL
 * parser normalises decimal (`2130706433`), octal (`0177.0.0.1`), hex (`0x7f000001`) and short
 * (`127.1`) IPv4 forms and compresses IPv6; IPv6 zone ids are rejected by the URL parser itself.
 * Throws {@link WebhookTargetError}; returns the checked addresses.
 */
export async function checkUrl(url: string | URL, options: GuardOptions = {}): Promise<CheckedUrl> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new WebhookTargetError('invalid_url', `invalid webhook URL: ${String(url)}`, { cause: error });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new WebhookTargetError(
      'forbidden_scheme',
      `webhook URL must be http or https, not ${parsed.protocol}`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new WebhookTargetError(
      'credentials_in_url',
      'webhook URL must not contain credentials; use custom headers for authentication',
    );
  }
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  if (port < 1 || port > 65535 || (options.ports && !options.ports.has(port))) {
    throw new WebhookTargetError('forbidden_port', `webhook URL port ${port} is not allowed`);
  }
  const hostname = unbracket(parsed.hostname);
  if (hostname === '') throw new WebhookTargetError('invalid_url', `webhook URL has no host: ${parsed.href}`);
  const addresses = await resolveAndCheckHost(hostname, options);
  return { url: parsed, hostname, port, addresses };
}
