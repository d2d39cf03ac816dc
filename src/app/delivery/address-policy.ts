import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../../domain/errors.ts';

/**
 * Where outbound requests (webhooks, callbacks) may go (`NOTES.md` §6): public addresses only,
 * unless an operator's allow-list entry (`SWITCHBOARD_OUTBOUND_ALLOW`) covers the address. Stops a
 * tenant from using Switchboard to reach internal services.
 */

/** Ranges refused unless allowed: unspecified, loopback, private, CGNAT, link-local, multicast, reserved; IPv6 likewise. */
export const REFUSED_RANGES: readonly string[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
  '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
];

/** A request to an address the policy refuses; a delivery error, or a 400 when creating a destination. */
export class OutboundAddressRefusedError extends DomainError {
  readonly code = 'outbound_address_refused';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`outbound address ${address}${host === address ? '' : ` (of ${host})`} is not allowed: private, loopback, link-local and other non-public addresses need an entry in SWITCHBOARD_OUTBOUND_ALLOW`);
  }
}

/** A host name that does not resolve (a delivery error). */
export class OutboundLookupError extends Error {
  constructor(
    readonly host: string,
    cause: string,
  ) {
    super(`cannot resolve ${host}: ${cause}`);
  }
}

export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * Parses `a.b.c.d/n`, `x::y/n` or a bare address (a single host).
 * @example parseCidr('10.0.0.0/8') // { address: '10.0.0.0', prefix: 8, family: 'ipv4' }
 * @throws Error naming the entry when it is not one.
 */
export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const version = isIP(address);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (version === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) throw new Error(`'${text}' is not an IP address or CIDR range`);
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of cidrs) {
    const c = parseCidr(text);
    list.addSubnet(c.address, c.prefix, c.family);
  }
  return list;
}

export type Lookup = (host: string) => Promise<LookupAddress[]>;

const systemLookup: Lookup = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

export class OutboundPolicy {
  private readonly refused = blockList(REFUSED_RANGES);
  private readonly allowed: BlockList;

  /**
   * @example new OutboundPolicy(['127.0.0.1/32']).isAllowed('127.0.0.1') // true
   */
  constructor(
    allow: readonly string[] = [],
    private readonly lookup: Lookup = systemLookup,
  ) {
    this.allowed = blockList(allow);
  }

  isAllowed(address: string): boolean {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    return this.allowed.check(address, family) || !this.refused.check(address, family);
  }

  /** Refuses a URL whose host is a literal IP address the policy refuses (names are checked when resolved). */
  checkLiteral(url: URL): void {
    const host = hostOf(url);
    if (isIP(host) !== 0 && !this.isAllowed(host)) throw new OutboundAddressRefusedError(host, host);
  }

  /**
   * Every address of the URL's host; all must be allowed (a name with one internal address is refused).
   * @throws OutboundAddressRefusedError, OutboundLookupError
   */
  async resolve(url: URL): Promise<LookupAddress[]> {
    const host = hostOf(url);
    const version = isIP(host);
    let addresses: LookupAddress[];
    if (version !== 0) addresses = [{ address: host, family: version }];
    else {
      try {
        addresses = await this.lookup(host);
      } catch (error) {
        throw new OutboundLookupError(host, (error as NodeJS.ErrnoException).code ?? String(error));
      }
    }
    if (addresses.length === 0) throw new OutboundLookupError(host, 'no addresses');
    const refused = addresses.find((a) => !this.isAllowed(a.address));
    if (refused) throw new OutboundAddressRefusedError(host, refused.address);
    return addresses;
  }
}
