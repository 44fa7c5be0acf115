// The certificate-expiring alert's input from status checks: the certificate a commons presented at the
// probe's TLS handshake (probeEgress.ts), as an observation for the alert engine. The probe loop reports it
// when it changes and once a day, so the days left count down without a report per probe.
import type { AlertSignal } from '../alerts/alertEngine.ts';
import type { ProbeTarget } from './loadProbeTargets.ts';
import type { PresentedCertificate } from './probeEgress.ts';

/**
 * The observation of one commons' certificate; `value` is the whole days left, which a
 * certificate-expiring rule compares with its `days`.
 *
 * @example
 * certificateExpirySignal(target, { expiresAt: '2027-01-01T00:00:00.000Z', daysLeft: 9 });
 * // { kind: 'certificate-expiring', subject: 'gen3.example.org', value: 9, summary: 'The TLS certificate of gen3.example.org expires on 2027-01-01 (in 9 days)', … }
 */
export function certificateExpirySignal(
  target: Pick<ProbeTarget, 'orgId' | 'commonsId' | 'commonsName' | 'baseUrl'>,
  certificate: PresentedCertificate,
): AlertSignal {
  const hostname = new URL(target.baseUrl).hostname;
  const on = certificate.expiresAt.slice(0, 10);
  const when =
    certificate.daysLeft < 0
      ? `expired on ${on}`
      : `expires on ${on} (in ${certificate.daysLeft} day${certificate.daysLeft === 1 ? '' : 's'})`;
  return {
    orgId: target.orgId,
    commonsId: target.commonsId,
    commonsName: target.commonsName,
    kind: 'certificate-expiring',
    subject: hostname,
    value: certificate.daysLeft,
    summary: `The TLS certificate of ${hostname} ${when}`,
  };
}

/** When a commons' certificate is reported again: a new certificate, or a new day. */
export function certificateReportKey(certificate: PresentedCertificate, now = Date.now()): string {
  return `${certificate.expiresAt}|${new Date(now).toISOString().slice(0, 10)}`;
}
