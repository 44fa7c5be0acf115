// Which addresses an outbound request on a tenant's behalf (a status check, an alert channel, telemetry
// forwarding) must not reach: loopback, private, link-local, cloud metadata and other special ranges, unless
// an operator's allow-list names them (ADR 0016). Pure; pinnedEgress.ts applies it to every resolved address.
import net from 'node:net';

/** Internal address ranges: special-purpose registries (RFC 6890 and successors) and cloud metadata. */
const INTERNAL_RANGES: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'a "this network" address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'an IETF protocol address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 96, 'ipv6', 'an unspecified, loopback or IPv4-compatible address'],
  ['fc00::', 7, 'ipv6', 'a unique-local address (cloud metadata, e.g. fd00:ec2::254, lives here)'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
  ['100::', 64, 'ipv6', 'a discard address'],
];

// Built once: a probe round of a large fleet checks addresses hundreds of times a second.
const INTERNAL_LISTS = INTERNAL_RANGES.map(([network, prefix, family, reason]) => {
  const list = new net.BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, reason };
});

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16));
}

/**
 * The IPv4 address an IPv6 address carries when it is only IPv4 in disguise: IPv4-mapped (::ffff:a.b.c.d),
 * NAT64 (64:ff9b::a.b.c.d); undefined otherwise.
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  const nat64 =
    groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (!mapped && !nat64) return undefined;
  return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
}

// Allow-lists come from configuration and live as long as the process: one BlockList per list.
const allowListCache = new WeakMap<readonly string[], net.BlockList>();

function blockListOf(cidrs: readonly string[]): net.BlockList {
  const cached = allowListCache.get(cidrs);
  if (cached) return cached;
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.trim().split('/') as [string, string | undefined];
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    list.addSubnet(address, prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix), type);
  }
  allowListCache.set(cidrs, list);
  return list;
}

/** The problem of one CIDR of an allow-list setting (CSOC_*_ALLOWED_CIDRS), or undefined; for the configuration check. */
export function allowedCidrProblem(cidr: string): string | undefined {
  const [address, prefix, ...rest] = cidr.trim().split('/');
  const type = net.isIPv4(address ?? '') ? 'ipv4' : net.isIPv6(address ?? '') ? 'ipv6' : undefined;
  if (!type || rest.length > 0) return `"${cidr}" is not an IP address or CIDR`;
  if (prefix !== undefined) {
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (type === 'ipv4' ? 32 : 128))
      return `"${cidr}" has a prefix length that is not 0-${type === 'ipv4' ? 32 : 128}`;
  }
  return undefined;
}

/**
 * Why an outbound request may not connect to `address`, or undefined when it may: an internal address that
 * `allowedCidrs` does not list. IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 they carry.
 *
 * @example egressAddressProblem('::ffff:169.254.169.254', []) // 'a link-local address (cloud metadata lives here)'
 */
export function egressAddressProblem(
  address: string,
  allowedCidrs: readonly string[] = [],
): string | undefined {
  const ipv4 = net.isIPv4(address) ? address : embeddedIpv4(address);
  const [checked, type] = ipv4 ? [ipv4, 'ipv4' as const] : [address.replace(/%.*$/, ''), 'ipv6' as const];
  if (allowedCidrs.length > 0) {
    const allowed = blockListOf(allowedCidrs);
    if (allowed.check(checked, type) || (ipv4 && allowed.check(address, 'ipv6'))) return undefined;
  }
  for (const { list, family, reason } of INTERNAL_LISTS) {
    if (family !== type) continue;
    if (list.check(checked, type)) return reason;
  }
  if (type === 'ipv4' && checked === '255.255.255.255') return 'a broadcast address';
  return undefined;
}
