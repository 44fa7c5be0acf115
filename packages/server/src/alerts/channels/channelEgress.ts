// Where an alert channel may send. A channel's URL or SMTP host is typed by an org operator, so without a
// check it would let a tenant make CSOC's network reach its own database, cloud metadata or another
// internal service. As for status checks (ADR 0016): every address the name resolves to must be public
// unless CSOC_ALERT_ALLOWED_CIDRS lists it, the connection goes to the address that was checked (no second
// lookup to rebind), and redirects are never followed.
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { probeAddressProblem } from '../../gitops/deploys/probeGen3Status.ts';

export const ALERT_ALLOWED_SETTING = 'CSOC_ALERT_ALLOWED_CIDRS';

export interface ChannelEgress {
  /** CIDRs a channel may reach although they are internal (CSOC_ALERT_ALLOWED_CIDRS). */
  allowedCidrs: readonly string[];
  /** All addresses of a name; the system resolver by default (tests pass their own). */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

export interface PinnedAddress {
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** A destination the egress rule refuses: not worth retrying, and says which setting would allow it. */
export class EgressRefusedError extends Error {}

/** Resolves `hostname` and checks every address; throws EgressRefusedError naming the address and the fix. */
export async function pinChannelAddress(hostname: string, egress: ChannelEgress): Promise<PinnedAddress> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const found = net.isIP(bare)
    ? [{ address: bare, family: net.isIPv6(bare) ? 6 : 4 }]
    : await (egress.resolve ?? ((name: string) => dns.lookup(name, { all: true, verbatim: true })))(bare);
  if (found.length === 0) throw new Error(`${bare} has no address in DNS`);
  for (const candidate of found) {
    const problem = probeAddressProblem(candidate.address, egress.allowedCidrs);
    if (problem)
      throw new EgressRefusedError(
        `${bare === candidate.address ? bare : `${bare} resolves to ${candidate.address}, which`} is ${problem}; alert channels do not reach internal addresses unless ${ALERT_ALLOWED_SETTING} lists them`,
      );
  }
  return { hostname: bare, address: found[0]!.address, family: found[0]!.family === 6 ? 6 : 4 };
}

/** POSTs `body` to `url` at its checked address (TLS still verifies the name); resolves to the HTTP status. */
export async function postToCheckedAddress(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  egress: ChannelEgress,
): Promise<number> {
  const pinned = await pinChannelAddress(url.hostname, egress);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: url.protocol,
        host: pinned.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
        lookup: (_name, options, callback) => {
          if ((options as { all?: boolean }).all)
            callback(null, [{ address: pinned.address, family: pinned.family }] as never);
          else callback(null, pinned.address, pinned.family);
        },
        ...(net.isIP(pinned.hostname) ? {} : { servername: pinned.hostname }),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        // Only the status matters; the body is drained and dropped.
        response.resume();
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
