import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses the platform may open outbound connections to (webhooks, bank adapters).
 * Loopback, link-local (cloud metadata 169.254.169.254 included), private (RFC 1918, CGNAT,
 * ULA), unspecified, multicast and reserved ranges are refused unless an allow-listed network
 * contains the address. IPv6 forms that embed an IPv4 address (mapped ::ffff:0:0/96, NAT64
 * 64:ff9b::/96, compatible ::/96) are judged by the embedded IPv4 address.
 */
const BLOCKED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: readonly [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
];

/**
 * The dotted IPv4 address an IPv6 text ends with, as its whole last group: anchored on both sides,
 * as every pattern that judges a host, an address or a network must be (a pattern free at one end
 * matches inside a longer text and judges a part of it).
 */
const V4_TAIL = /(?<=^|:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function expandV6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4Tail = V4_TAIL.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4Tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.length === 8 ? groups.map((g) => parseInt(g, 16)) : undefined;
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64 or compatible), if any. */
export function embeddedV4(address: string): string | undefined {
  const g = expandV6(address);
  if (!g) return undefined;
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  const compatible = g.slice(0, 6).every((x) => x === 0) && (g[6]! !== 0 || g[7]! > 1);
  if (!mapped && !nat64 && !compatible) return undefined;
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

export class AddressPolicy {
  private readonly blocked = new BlockList();
  private readonly allowed = new BlockList();

  /** `allowedNetworks`: CIDRs (`127.0.0.0/8`, `::1/128`) or single addresses the admin allows. */
  constructor(readonly allowedNetworks: readonly string[]) {
    for (const [net, prefix] of BLOCKED_V4) this.blocked.addSubnet(net, prefix, 'ipv4');
    for (const [net, prefix] of BLOCKED_V6) this.blocked.addSubnet(net, prefix, 'ipv6');
    for (const entry of allowedNetworks) {
      const [net = '', prefix] = entry.split('/');
      const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
      this.allowed.addSubnet(net, prefix === undefined ? (family === 'ipv6' ? 128 : 32) : Number(prefix), family);
    }
  }

  /** Why connecting to `address` is refused, or undefined when it is allowed. */
  refusal(address: string): string | undefined {
    const family = isIP(address);
    if (family === 0) return `not an IP address: ${address}`;
    const v4 = family === 6 ? embeddedV4(address) : address;
    const [subject, type] = v4 ? [v4, 'ipv4' as const] : [address, 'ipv6' as const];
    if (this.allowed.check(subject, type) || (v4 && family === 6 && this.allowed.check(address, 'ipv6'))) return undefined;
    return this.blocked.check(subject, type) ? `${address} is a loopback, link-local, private or reserved address` : undefined;
  }
}

/** Checks an allow-list entry (config): a valid IP address or CIDR. */
export function isNetwork(entry: string): boolean {
  const [net = '', prefix, extra] = entry.split('/');
  const family = isIP(net);
  // A zone (`fe80::1%eth0`) names an interface of this machine, not a network.
  if (family === 0 || extra !== undefined || net.includes('%')) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
