import { describe, expect, it, vi } from 'vitest';
import { fakeDns } from './fake-dns.test-support.ts';
import {
  ALLOW_ENV_VAR,
  checkUrl,
  classifyAddress,
  isForbiddenAddress,
  parseAllowList,
  type Resolver,
  resolveAndCheckHost,
  WebhookTargetError,
} from './ssrf-guard.ts';

const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:2800:21f:cb07:6820:80da:af6b:8b2c';

describe('isForbiddenAddress', () => {
  it.each([
    // IPv4
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'cloud metadata endpoint'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'cloud metadata endpoint'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['192.0.0.192', 'cloud metadata endpoint'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['192.88.99.1', 'reserved'],
    // IPv4 in the non-canonical forms inet_aton accepts
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['127.1', 'loopback'],
    ['0x0a.0.0.1', 'private'],
    // IPv6
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['febf::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'cloud metadata endpoint'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['3fff::1', 'reserved'],
    ['100::1', 'discard'],
    ['5f00::1', 'segmentRouting'],
    // IPv6 embedding IPv4
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback (127.0.0.1)'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback (127.0.0.1)'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private (10.0.0.1)'],
    ['::ffff:169.254.169.254', 'cloud metadata endpoint'],
    ['::7f00:1', 'not global unicast IPv6 (outside 2000::/3)'], // IPv4-compatible ::127.0.0.1
    ['::a00:1', 'not global unicast IPv6 (outside 2000::/3)'], // IPv4-compatible ::10.0.0.1
    ['::808:808', 'not global unicast IPv6 (outside 2000::/3)'], // IPv4-compatible, even public
    ['64:ff9b::a00:1', 'NAT64 private (10.0.0.1)'],
    ['64:ff9b::127.0.0.1', 'NAT64 loopback (127.0.0.1)'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 cloud metadata endpoint (169.254.169.254)'],
    ['64:ff9b:1::808:808', 'local-use NAT64 (64:ff9b:1::/48)'],
    ['2002:a00:1::1', '6to4 private (10.0.0.1)'],
    ['2002:7f00:1::', '6to4 loopback (127.0.0.1)'],
    ['2002:c0a8:101::1', '6to4 private (192.168.1.1)'],
    // not addresses at all
    ['localhost', 'not an IP address'],
    ['', 'not an IP address'],
    ['1.2.3.4.5', 'not an IP address'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(isForbiddenAddress(ip)).toBe(true);
    expect(classifyAddress(ip).reason).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    PUBLIC_V4,
    '172.32.0.1', // just above 172.16/12
    '100.128.0.1', // just above 100.64/10
    '198.20.0.1', // just above 198.18/15
    '169.255.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    PUBLIC_V6,
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('accepts global unicast %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
    expect(classifyAddress(ip).reason).toMatch(/global unicast/);
  });
});

describe('allow-list', () => {
  const allow = parseAllowList('127.0.0.1/8, ::1/128');

  it('lets listed ranges through and nothing else', () => {
    expect(isForbiddenAddress('127.0.0.1', allow)).toBe(false);
    expect(isForbiddenAddress('127.9.9.9', allow)).toBe(false);
    expect(isForbiddenAddress('::1', allow)).toBe(false);
    expect(isForbiddenAddress('::ffff:127.0.0.1', allow)).toBe(false);
    expect(classifyAddress('127.0.0.1', allow)).toMatchObject({
      allowListed: true,
      reason: 'allow-listed (loopback)',
    });
    expect(isForbiddenAddress('10.0.0.1', allow)).toBe(true);
    expect(isForbiddenAddress('::2', allow)).toBe(true);
    expect(isForbiddenAddress('fe80::1', allow)).toBe(true);
  });

  it('never lets a broad range cover cloud metadata; an exact entry does', () => {
    expect(isForbiddenAddress('169.254.169.254', parseAllowList('169.254.0.0/16'))).toBe(true);
    expect(isForbiddenAddress('169.254.169.254', parseAllowList('0.0.0.0/0'))).toBe(true);
    expect(isForbiddenAddress('169.254.1.1', parseAllowList('169.254.0.0/16'))).toBe(false);
    expect(isForbiddenAddress('169.254.169.254', parseAllowList('169.254.169.254'))).toBe(false);
    expect(isForbiddenAddress('fd00:ec2::254', parseAllowList('fd00::/8'))).toBe(true);
  });

  it('is off by default and names DOCKET_WEBHOOK_ALLOW', () => {
    expect(ALLOW_ENV_VAR).toBe('DOCKET_WEBHOOK_ALLOW');
    expect(parseAllowList(undefined).ranges).toHaveLength(0);
    expect(parseAllowList('').ranges).toHaveLength(0);
    expect(parseAllowList('127.0.0.1/8,::1/128').ranges).toHaveLength(2);
  });

  it('rejects invalid entries naming the variable', () => {
    expect(() => parseAllowList('127.0.0.1/8,localhost')).toThrow(/DOCKET_WEBHOOK_ALLOW: "localhost"/);
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/DOCKET_WEBHOOK_ALLOW/);
  });
});

describe('checkUrl', () => {
  const dns = () =>
    fakeDns({
      'hooks.example.com': [PUBLIC_V4, PUBLIC_V6],
      'internal.example.com': ['10.1.2.3'],
      'rebind.example.com': [PUBLIC_V4, '127.0.0.1'],
      'mapped.example.com': [PUBLIC_V6, '::ffff:192.168.1.1'],
      'metadata.google.internal': ['169.254.169.254'],
      'nat64.example.com': ['64:ff9b::a00:1'],
      localhost: ['127.0.0.1', '::1'],
      'empty.example.com': [],
    });

  it.each([
    // literal IPv4 in every form (the URL parser normalises them all to 127.0.0.1)
    ['http://127.0.0.1/', 'forbidden_address'],
    ['http://2130706433/', 'forbidden_address'],
    ['http://0177.0.0.1/', 'forbidden_address'],
    ['http://0x7f000001/', 'forbidden_address'],
    ['http://127.1/', 'forbidden_address'],
    ['http://0x7f.1/', 'forbidden_address'],
    ['http://%31%32%37.0.0.1/', 'forbidden_address'],
    ['http://127.0.0.1.:8080/', 'forbidden_address'],
    ['http://0/', 'forbidden_address'],
    ['http://0.0.0.0:3000/', 'forbidden_address'],
    ['http://10.0.0.1:8080/hook', 'forbidden_address'],
    ['https://192.168.0.1/', 'forbidden_address'],
    ['http://169.254.169.254/latest/meta-data/', 'forbidden_address'],
    ['http://100.100.100.200/latest/meta-data/', 'forbidden_address'],
    ['http://198.18.0.10/', 'forbidden_address'],
    // literal IPv6
    ['http://[::1]:8080/', 'forbidden_address'],
    ['http://[::]/', 'forbidden_address'],
    ['http://[::ffff:127.0.0.1]/', 'forbidden_address'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', 'forbidden_address'],
    ['http://[::127.0.0.1]/', 'forbidden_address'],
    ['http://[fd00:ec2::254]/', 'forbidden_address'],
    ['http://[fe80::1]/', 'forbidden_address'],
    ['http://[fe80::1%25eth0]/', 'invalid_url'], // zone ids: rejected by the WHATWG URL parser
    ['http://[64:ff9b::a9fe:a9fe]/', 'forbidden_address'],
    ['http://[2002:c0a8:101::1]/', 'forbidden_address'],
    ['http://[2001:db8::1]/', 'forbidden_address'],
    // names resolving to forbidden addresses (injected resolver)
    ['https://internal.example.com/hook', 'forbidden_address'],
    ['https://rebind.example.com/hook', 'forbidden_address'],
    ['https://mapped.example.com/hook', 'forbidden_address'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'forbidden_address'],
    ['https://nat64.example.com/', 'forbidden_address'],
    ['http://localhost:3000/', 'forbidden_address'],
    // not http(s), credentials, ports, unresolvable
    ['ftp://hooks.example.com/', 'forbidden_scheme'],
    ['file:///etc/passwd', 'forbidden_scheme'],
    ['gopher://hooks.example.com:70/', 'forbidden_scheme'],
    ['https://user:secret@hooks.example.com/', 'credentials_in_url'],
    ['https://user@hooks.example.com/', 'credentials_in_url'],
    ['http://hooks.example.com:0/', 'forbidden_port'],
    ['not a url', 'invalid_url'],
    ['https://nx.example.com/', 'dns_failure'],
    ['https://empty.example.com/', 'dns_failure'],
  ])('refuses %s (%s)', async (url, code) => {
    const error = await checkUrl(url, { resolve: dns() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookTargetError);
    expect((error as WebhookTargetError).code).toBe(code);
  });

  it('names the host, the address and the allow-list entry for exactly that address when refusing', async () => {
    await expect(checkUrl('https://internal.example.com/hook', { resolve: dns() })).rejects.toThrow(
      'refusing webhook target: internal.example.com resolves to 10.1.2.3 (private), which is not a public ' +
        'address; for local development allow it with DOCKET_WEBHOOK_ALLOW=10.1.2.3/32',
    );
    await expect(checkUrl('http://2130706433/', { resolve: dns() })).rejects.toThrow(
      'refusing webhook target: 127.0.0.1 (loopback) is not a public address; for local development allow ' +
        'it with DOCKET_WEBHOOK_ALLOW=127.0.0.1/32',
    );
    await expect(checkUrl('http://169.254.169.254/', { resolve: dns() })).rejects.toThrow(
      /not a public address; cloud metadata endpoints are refused even inside allowed ranges$/,
    );
  });

  it.each([
    '10.0.0.1',
    '127.0.0.1',
    '192.168.1.20',
    '100.64.0.1',
    '169.254.1.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '2002:a00:1::1',
  ])('suggests an allow-list entry that lets %s through, and nothing wider', async (address) => {
    const host = address.includes(':') ? `[${address}]` : address;
    const error = (await checkUrl(`http://${host}/hook`, { resolve: dns() }).catch(
      (e: unknown) => e,
    )) as Error;
    const suggested = /DOCKET_WEBHOOK_ALLOW=(\S+)$/.exec(error.message)?.[1];
    expect(suggested).toMatch(/\/(32|128)$/);
    await expect(
      checkUrl(`http://${host}/hook`, { allow: parseAllowList(suggested) }),
    ).resolves.toBeDefined();
  });

  it('returns every checked address of a public host', async () => {
    const resolve = dns();
    const checked = await checkUrl('https://hooks.example.com/docket?x=1', { resolve });
    expect(checked.hostname).toBe('hooks.example.com');
    expect(checked.port).toBe(443);
    expect(checked.addresses).toEqual([
      { address: PUBLIC_V4, family: 4 },
      { address: PUBLIC_V6, family: 6 },
    ]);
    expect(resolve.calls).toEqual(['hooks.example.com']);
  });

  it('does not resolve literal addresses', async () => {
    const resolve = dns();
    const v4 = await checkUrl('http://8.8.8.8:8080/x', { resolve });
    expect(v4).toMatchObject({
      hostname: '8.8.8.8',
      port: 8080,
      addresses: [{ address: '8.8.8.8', family: 4 }],
    });
    const v6 = await checkUrl('https://[2606:4700:4700::1111]/', { resolve });
    expect(v6.addresses).toEqual([{ address: '2606:4700:4700::1111', family: 6 }]);
    expect(resolve.calls).toEqual([]);
  });

  it('accepts local targets only through the allow-list', async () => {
    const allow = parseAllowList('127.0.0.1/8,::1/128');
    await expect(checkUrl('http://localhost:3000/', { resolve: dns(), allow })).resolves.toMatchObject({
      port: 3000,
      addresses: [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
    });
    await expect(checkUrl('http://[::1]:3000/', { resolve: dns(), allow })).resolves.toBeDefined();
    await expect(checkUrl('http://127.1:3000/', { resolve: dns(), allow })).resolves.toBeDefined();
    await expect(checkUrl('https://internal.example.com/', { resolve: dns(), allow })).rejects.toThrow(
      /10\.1\.2\.3/,
    );
  });

  it('restricts ports when asked', async () => {
    const ports = new Set([443]);
    await expect(checkUrl('https://hooks.example.com/', { resolve: dns(), ports })).resolves.toBeDefined();
    await expect(
      checkUrl('https://hooks.example.com:8443/', { resolve: dns(), ports }),
    ).rejects.toMatchObject({
      code: 'forbidden_port',
    });
  });

  it('uses the system resolver by default', async () => {
    await expect(checkUrl('http://localhost:9/')).rejects.toMatchObject({ code: 'forbidden_address' });
  });
});

describe('resolveAndCheckHost', () => {
  it('checks bracketed literals without resolving', async () => {
    const resolve = vi.fn<Resolver>();
    await expect(resolveAndCheckHost('[::1]', { resolve })).rejects.toMatchObject({
      code: 'forbidden_address',
    });
    await expect(resolveAndCheckHost('1.1.1.1', { resolve })).resolves.toEqual([
      { address: '1.1.1.1', family: 4 },
    ]);
    expect(resolve).not.toHaveBeenCalled();
  });

  it('keeps the resolver error as the cause', async () => {
    const error = await resolveAndCheckHost('nx.invalid', { resolve: fakeDns({}) }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'dns_failure',
      message: 'cannot resolve webhook host nx.invalid (ENOTFOUND)',
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
