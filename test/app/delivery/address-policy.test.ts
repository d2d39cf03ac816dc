import { describe, expect, it } from 'vitest';
import { OutboundAddressRefusedError, OutboundPolicy, parseCidr } from '../../../src/app/delivery/address-policy.ts';
import { BACKOFF, retryDelay } from '../../../src/app/delivery/backoff.ts';
import { ConfigError, parseConfig } from '../../../src/app/config.ts';
import { sign, verify } from '../../../src/app/delivery/signing.ts';

const REFUSED = [
  '0.0.0.0', '10.0.0.1', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.255.255.255', '169.254.169.254', '172.16.0.1', '172.31.255.255',
  '192.168.1.1', '224.0.0.1', '239.255.255.250', '255.255.255.255', '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1',
];
const PUBLIC = ['1.1.1.1', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '193.0.0.1', '2001:4860:4860::8888', '2606:4700::1111'];

describe('outbound address policy', () => {
  it('refuses non-public addresses and allows public ones', () => {
    const policy = new OutboundPolicy();
    for (const a of REFUSED) expect(policy.isAllowed(a), a).toBe(false);
    for (const a of PUBLIC) expect(policy.isAllowed(a), a).toBe(true);
  });

  it('allows what an allow-list entry covers, and nothing more', () => {
    const policy = new OutboundPolicy(['127.0.0.1/32', '10.1.0.0/16', 'fd00::/8']);
    expect(policy.isAllowed('127.0.0.1')).toBe(true);
    expect(policy.isAllowed('127.0.0.2')).toBe(false);
    expect(policy.isAllowed('10.1.200.3')).toBe(true);
    expect(policy.isAllowed('10.2.0.1')).toBe(false);
    expect(policy.isAllowed('fd12::1')).toBe(true);
    expect(policy.isAllowed('fc00::1')).toBe(false);
  });

  it('checks every resolved address of a name', async () => {
    const policy = new OutboundPolicy([], async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }]);
    const refusal = await policy.resolve(new URL('https://mixed.example/x')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(OutboundAddressRefusedError);
    expect((refusal as Error).message).toContain('10.0.0.7 (of mixed.example)');
    const ok = new OutboundPolicy([], async () => [{ address: '93.184.216.34', family: 4 }]);
    expect(await ok.resolve(new URL('https://public.example/x'))).toStrictEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(() => policy.checkLiteral(new URL('http://2130706433/'))).toThrow(/127\.0\.0\.1/); // the URL parser normalises it
  });

  it('parses CIDRs and single addresses, refusing anything else', () => {
    expect(parseCidr('10.0.0.0/8')).toStrictEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('::1')).toStrictEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0/8', '1.2.3.4/8/9', '::1/129', '1.2.3.4/x', '']) expect(() => parseCidr(bad), bad).toThrow();
  });
});

describe('SWITCHBOARD_OUTBOUND_ALLOW', () => {
  it('is parsed once and checked at start, naming the variable', () => {
    expect(parseConfig({}, { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32, 10.0.0.0/8,::1' }).outboundAllow).toStrictEqual(['127.0.0.1/32', '10.0.0.0/8', '::1']);
    expect(parseConfig({}, {}).outboundAllow).toStrictEqual([]);
    expect(() => parseConfig({}, { SWITCHBOARD_OUTBOUND_ALLOW: '127.0.0.1/32,intranet' })).toThrow(ConfigError);
    expect(() => parseConfig({}, { SWITCHBOARD_OUTBOUND_ALLOW: 'intranet' })).toThrow(/SWITCHBOARD_OUTBOUND_ALLOW: 'intranet' is not/);
  });
});

describe('retry schedule and signature', () => {
  it('draws full jitter under an exponential bound, capped', () => {
    const top = { next: () => 0.999999 };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, BACKOFF, top))).toStrictEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(30, BACKOFF, top)).toBe(300_000);
    expect(retryDelay(5, BACKOFF, { next: () => 0 })).toBe(0);
  });

  it('signs timestamp "." body with HMAC-SHA256', () => {
    // Independently computed: printf '1767600000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    expect(sign('s3cret', 1767600000, '{"a":1}')).toBe('v1=8c144b950650b4ef3df63baa99839407646f6e136258e6a48af5ca6868643d00');
    expect(verify('s3cret', '1767600000', '{"a":1}', sign('s3cret', 1767600000, '{"a":1}'))).toBe(true);
    expect(verify('s3cret', '1767600001', '{"a":1}', sign('s3cret', 1767600000, '{"a":1}'))).toBe(false);
  });
});
