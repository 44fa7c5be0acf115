// Status checks of a commons' public Gen3 endpoints (`/_status`, `/_version` behind revproxy). The hostname
// is whatever an operator typed, so a check is a request CSOC makes on their behalf: it resolves the name
// once, refuses loopback, private, link-local and metadata addresses unless CSOC_PROBE_ALLOWED_CIDRS lists
// them, connects to the address it checked (no second lookup to rebind), and never follows a redirect.
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface Gen3HealthEndpoint {
  prefix: string;
  chart: string;
  version: boolean;
}

export interface ServiceProbeResult {
  service: string;
  path: string;
  /** healthy | unhealthy | unreachable | redirected | refused */
  status: string;
  httpStatus: number | null;
  version?: string;
  /** Why the check did not reach a healthy answer, and what to do. */
  detail?: string;
}

export interface ProbeGen3StatusOptions {
  /** `https://<spec.gen3.hostname>`, or the simulator's `/sim/<org>/<commons>` base. */
  baseUrl: string;
  endpoints: readonly Gen3HealthEndpoint[];
  /** CIDRs a check may reach although they are internal (CSOC_PROBE_ALLOWED_CIDRS). */
  allowedCidrs?: readonly string[];
  /** The one origin reached without the address check: the embedded simulator's own endpoint. */
  trustedOrigin?: string;
  timeoutMs?: number;
  /**
   * Resolves a hostname to all its addresses (default: the system resolver, `dns.lookup`). Tests pass one
   * that changes its answer, as no DNS server on the test machine can rebind a name.
   */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

const ALLOWED_SETTING = 'CSOC_PROBE_ALLOWED_CIDRS';
const MAX_BODY_BYTES = 64 * 1024;

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

function blockListOf(cidrs: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.trim().split('/') as [string, string | undefined];
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    list.addSubnet(address, prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix), type);
  }
  return list;
}

/** The problem of one CIDR of CSOC_PROBE_ALLOWED_CIDRS, or undefined; for the configuration check. */
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
 * Why a status check may not connect to `address`, or undefined when it may: an internal address that
 * `allowedCidrs` does not list. IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 they carry.
 *
 * @example probeAddressProblem('::ffff:169.254.169.254', []) // 'a link-local address (cloud metadata lives here)'
 */
export function probeAddressProblem(
  address: string,
  allowedCidrs: readonly string[] = [],
): string | undefined {
  const ipv4 = net.isIPv4(address) ? address : embeddedIpv4(address);
  const [checked, type] = ipv4 ? [ipv4, 'ipv4' as const] : [address.replace(/%.*$/, ''), 'ipv6' as const];
  const allowed = blockListOf(allowedCidrs);
  if (allowed.check(checked, type) || (ipv4 && allowed.check(address, 'ipv6'))) return undefined;
  for (const [network, prefix, family, reason] of INTERNAL_RANGES) {
    if (family !== type) continue;
    const range = new net.BlockList();
    range.addSubnet(network, prefix, family);
    if (range.check(checked, type)) return reason;
  }
  if (type === 'ipv4' && checked === '255.255.255.255') return 'a broadcast address';
  return undefined;
}

interface PinnedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

type Resolution = { target: PinnedTarget } | { refused: string } | { unreachable: string };

async function resolveTarget(options: ProbeGen3StatusOptions): Promise<Resolution> {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    return { refused: 'spec.gen3.hostname does not make a URL; set it to the DNS name of the commons' };
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password)
    return { refused: 'spec.gen3.hostname is not a plain DNS name; set it to the DNS name of the commons' };
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const trusted = options.trustedOrigin !== undefined && new URL(options.trustedOrigin).origin === url.origin;
  let address: string;
  let family: 4 | 6;
  if (net.isIP(hostname)) {
    address = hostname;
    family = net.isIPv6(hostname) ? 6 : 4;
  } else {
    try {
      const found = await (options.resolve ?? ((name) => dns.lookup(name, { all: true, verbatim: true })))(
        hostname,
      );
      // Every address the name has must be allowed: a check must not depend on which one DNS hands out.
      for (const candidate of found) {
        const problem = trusted ? undefined : probeAddressProblem(candidate.address, options.allowedCidrs);
        if (problem)
          return {
            refused: `${hostname} resolves to ${candidate.address}, ${problem}; status checks do not reach internal addresses unless ${ALLOWED_SETTING} lists them`,
          };
      }
      if (!found[0]) return { unreachable: `${hostname} has no address in DNS` };
      address = found[0].address;
      family = found[0].family === 6 ? 6 : 4;
    } catch (error) {
      return {
        unreachable: `${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`,
      };
    }
  }
  const problem = trusted ? undefined : probeAddressProblem(address, options.allowedCidrs);
  if (problem)
    return {
      refused: `${address} is ${problem}; status checks do not reach internal addresses unless ${ALLOWED_SETTING} lists them`,
    };
  return { target: { url, address, family } };
}

interface ProbeResponse {
  status: number;
  location?: string;
  body: Buffer;
}

/** One GET to the pinned address (TLS still verifies the hostname); no redirects, a bounded body. */
function getPinned(target: PinnedTarget, path: string, timeoutMs: number): Promise<ProbeResponse> {
  const { url, address, family } = target;
  const client = url.protocol === 'https:' ? https : http;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: url.protocol,
        host: hostname,
        port: url.port || undefined,
        path: `${url.pathname.replace(/\/$/, '')}${path}`,
        method: 'GET',
        headers: { accept: 'application/json', host: url.host },
        lookup: (_name, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all) callback(null, [{ address, family }] as never);
          else callback(null, address, family);
        },
        ...(net.isIP(hostname) ? {} : { servername: hostname }),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            response.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('close', () =>
          resolve({
            status: response.statusCode ?? 0,
            location: typeof response.headers.location === 'string' ? response.headers.location : undefined,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function redirectDetail(response: ProbeResponse, base: URL): string {
  let where = 'elsewhere';
  try {
    if (response.location) where = new URL(response.location, base).origin;
  } catch {
    // an unparsable Location: still a redirect
  }
  return `answered ${response.status} with a redirect to ${where}; status checks do not follow redirects, so set spec.gen3.hostname to the name that serves the commons`;
}

/**
 * Checks each endpoint's `/_status` (and `/_version` when it has one) and reports one result per endpoint;
 * never throws. A redirect is the result (`redirected`, with its status); an internal address is `refused`
 * before any connection is made.
 */
export async function probeGen3Status(options: ProbeGen3StatusOptions): Promise<ServiceProbeResult[]> {
  const timeoutMs = options.timeoutMs ?? 3000;
  if (options.endpoints.length === 0) return [];
  const resolution = await resolveTarget(options);
  return Promise.all(
    options.endpoints.map(async (endpoint) => {
      const prefix = endpoint.prefix ? `/${endpoint.prefix}` : '';
      const probe: ServiceProbeResult = {
        service: endpoint.chart,
        path: `${prefix}/_status`,
        status: 'unreachable',
        httpStatus: null,
      };
      if ('refused' in resolution) {
        probe.status = 'refused';
        probe.detail = resolution.refused;
        return probe;
      }
      if ('unreachable' in resolution) {
        probe.detail = resolution.unreachable;
        return probe;
      }
      const { target } = resolution;
      try {
        const status = await getPinned(target, `${prefix}/_status`, timeoutMs);
        probe.httpStatus = status.status;
        if (status.status >= 300 && status.status < 400) {
          probe.status = 'redirected';
          probe.detail = redirectDetail(status, target.url);
          return probe;
        }
        probe.status = status.status >= 200 && status.status < 300 ? 'healthy' : 'unhealthy';
        if (endpoint.version && probe.status === 'healthy') {
          const version = await getPinned(target, `${prefix}/_version`, timeoutMs);
          if (version.status >= 200 && version.status < 300) {
            const body = JSON.parse(version.body.toString('utf8')) as { version?: unknown };
            if (typeof body.version === 'string') probe.version = body.version.slice(0, 200);
          }
        }
      } catch (error) {
        if (probe.httpStatus === null)
          probe.detail = `no answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
      }
      return probe;
    }),
  );
}
