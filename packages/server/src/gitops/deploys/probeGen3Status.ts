// Status checks of a commons' public Gen3 endpoints (`/_status`, `/_version` behind revproxy). The hostname
// is whatever an operator typed, so a check is a request CSOC makes on their behalf: it resolves the name
// once, refuses loopback, private, link-local and metadata addresses unless CSOC_PROBE_ALLOWED_CIDRS lists
// them, connects to the address it checked (no second lookup to rebind), and never follows a redirect. The
// resolving, checking and pinned, kept-alive connections are http/pinnedEgress.ts, shared with alerts and
// telemetry forwarding.
import { allowedCidrProblem, egressAddressProblem } from '../../http/egressAddressProblem.ts';
import {
  EgressRefusedError,
  EgressUnresolvedError,
  pinEgressAddress,
  sharedPinnedEgress,
  type EgressResolver,
  type EgressRule,
  type PinnedAddress,
  type PinnedEgress,
  type PinnedResponse,
} from '../../http/pinnedEgress.ts';

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
  resolve?: EgressResolver;
  /** The connection pool (keep-alive per checked address); the process's shared one by default. */
  egress?: PinnedEgress;
}

const ALLOWED_SETTING = 'CSOC_PROBE_ALLOWED_CIDRS';
const MAX_BODY_BYTES = 64 * 1024;

/** Kept under their old names for the callers that check addresses and allow-lists (config, tests). */
export { allowedCidrProblem };
export const probeAddressProblem = egressAddressProblem;

interface PinnedTarget {
  url: URL;
  pinned: PinnedAddress;
}

type Resolution = { target: PinnedTarget } | { refused: string } | { unreachable: string };

/** The egress rule of status checks; its refusals read `<name> resolves to <address>, <what it is>; …`. */
const probeRule = (options: ProbeGen3StatusOptions): EgressRule => ({
  allowedCidrs: options.allowedCidrs ?? [],
  refusal: `status checks do not reach internal addresses unless ${ALLOWED_SETTING} lists them`,
  describeRefused: ({ hostname, address, problem }) =>
    hostname === address ? `${address} is ${problem}` : `${hostname} resolves to ${address}, ${problem}`,
  resolve: options.resolve,
});

async function resolveTarget(options: ProbeGen3StatusOptions): Promise<Resolution> {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    return { refused: 'spec.gen3.hostname does not make a URL; set it to the DNS name of the commons' };
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password)
    return { refused: 'spec.gen3.hostname is not a plain DNS name; set it to the DNS name of the commons' };
  const trusted = options.trustedOrigin !== undefined && new URL(options.trustedOrigin).origin === url.origin;
  try {
    return { target: { url, pinned: await pinEgressAddress(url.hostname, probeRule(options), { trusted }) } };
  } catch (error) {
    if (error instanceof EgressRefusedError) return { refused: error.message };
    if (error instanceof EgressUnresolvedError) return { unreachable: error.message };
    throw error;
  }
}

/** One GET to the pinned address (TLS still verifies the hostname); no redirects, a bounded body. */
function getPinned(
  target: PinnedTarget,
  path: string,
  timeoutMs: number,
  egress: PinnedEgress,
): Promise<PinnedResponse> {
  return egress.request({
    method: 'GET',
    url: target.url,
    path: `${target.url.pathname.replace(/\/$/, '')}${path}`,
    pinned: target.pinned,
    headers: { accept: 'application/json' },
    timeoutMs,
    maxBodyBytes: MAX_BODY_BYTES,
  });
}

function redirectDetail(response: PinnedResponse, base: URL): string {
  let where = 'elsewhere';
  const location = response.headers.location;
  try {
    if (typeof location === 'string') where = new URL(location, base).origin;
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
  const egress = options.egress ?? sharedPinnedEgress('probes');
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
        const status = await getPinned(target, `${prefix}/_status`, timeoutMs, egress);
        probe.httpStatus = status.status;
        if (status.status >= 300 && status.status < 400) {
          probe.status = 'redirected';
          probe.detail = redirectDetail(status, target.url);
          return probe;
        }
        probe.status = status.status >= 200 && status.status < 300 ? 'healthy' : 'unhealthy';
        if (endpoint.version && probe.status === 'healthy') {
          const version = await getPinned(target, `${prefix}/_version`, timeoutMs, egress);
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
