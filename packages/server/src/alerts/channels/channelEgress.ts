// Where an alert channel may send. A channel's URL or SMTP host is typed by an org operator, so without a
// check it would let a tenant make CSOC's network reach its own database, cloud metadata or another
// internal service. As for status checks (ADR 0016): every address the name resolves to must be public
// unless CSOC_ALERT_ALLOWED_CIDRS lists it, the connection goes to the address that was checked (no second
// lookup to rebind), and redirects are never followed. The mechanics are http/pinnedEgress.ts.
import {
  EgressRefusedError,
  pinEgressAddress,
  sharedPinnedEgress,
  type EgressResolver,
  type EgressRule,
  type PinnedAddress,
  type PinnedEgress,
} from '../../http/pinnedEgress.ts';

export { EgressRefusedError, type PinnedAddress };

export const ALERT_ALLOWED_SETTING = 'CSOC_ALERT_ALLOWED_CIDRS';

export interface ChannelEgress {
  /** CIDRs a channel may reach although they are internal (CSOC_ALERT_ALLOWED_CIDRS). */
  allowedCidrs: readonly string[];
  /** All addresses of a name; the system resolver by default (tests pass their own). */
  resolve?: EgressResolver;
  /** The connection pool; the process's shared one by default. */
  pool?: PinnedEgress;
}

/** A channel's answer body is not read: only enough to reuse the connection. */
const MAX_ANSWER_BYTES = 16 * 1024;

const channelRule = (egress: ChannelEgress): EgressRule => ({
  allowedCidrs: egress.allowedCidrs,
  refusal: `alert channels do not reach internal addresses unless ${ALERT_ALLOWED_SETTING} lists them`,
  resolve: egress.resolve,
});

/** Resolves `hostname` and checks every address; throws EgressRefusedError naming the address and the fix. */
export function pinChannelAddress(hostname: string, egress: ChannelEgress): Promise<PinnedAddress> {
  return pinEgressAddress(hostname, channelRule(egress));
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
  const response = await (egress.pool ?? sharedPinnedEgress('delivery')).request({
    method: 'POST',
    url,
    pinned,
    headers,
    body,
    timeoutMs,
    maxBodyBytes: MAX_ANSWER_BYTES,
  });
  return response.status;
}
