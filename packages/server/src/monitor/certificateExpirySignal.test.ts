// The certificate a commons presented becomes the certificate-expiring rule's observation: days left as
// the value the rule's `days` threshold is checked against, and a summary a person reads.
import { describe, expect, it } from 'vitest';
import { conditionHolds, resolveRuleParams } from '../alerts/alertRuleKinds.ts';
import { certificateExpirySignal, certificateReportKey } from './certificateExpirySignal.ts';

const target = {
  orgId: 'org-1',
  commonsId: 'commons-1',
  commonsName: 'prod',
  baseUrl: 'https://gen3.example.org',
};

describe('certificateExpirySignal', () => {
  it('fires the default rule (14 days) for a certificate expiring in 9 days, not for one with 60 left', () => {
    const soon = certificateExpirySignal(target, { expiresAt: '2027-01-01T00:00:00.000Z', daysLeft: 9 });
    expect(soon).toEqual({
      orgId: 'org-1',
      commonsId: 'commons-1',
      commonsName: 'prod',
      kind: 'certificate-expiring',
      subject: 'gen3.example.org',
      value: 9,
      summary: 'The TLS certificate of gen3.example.org expires on 2027-01-01 (in 9 days)',
    });
    const params = resolveRuleParams('certificate-expiring');
    expect(conditionHolds('certificate-expiring', params, soon)).toBe(true);
    const later = certificateExpirySignal(target, { expiresAt: '2027-03-01T00:00:00.000Z', daysLeft: 60 });
    expect(conditionHolds('certificate-expiring', params, later)).toBe(false);
  });

  it('says when a certificate already expired', () => {
    expect(
      certificateExpirySignal(target, { expiresAt: '2026-12-01T00:00:00.000Z', daysLeft: -6 }).summary,
    ).toBe('The TLS certificate of gen3.example.org expired on 2026-12-01');
  });

  it('is reported again for a new certificate or on a new day, not on every probe', () => {
    const certificate = { expiresAt: '2027-01-01T00:00:00.000Z', daysLeft: 9 };
    const morning = Date.parse('2026-12-07T08:00:00Z');
    expect(certificateReportKey(certificate, morning)).toBe(
      certificateReportKey(certificate, morning + 3600_000),
    );
    expect(certificateReportKey(certificate, morning)).not.toBe(
      certificateReportKey(certificate, morning + 86_400_000),
    );
    expect(certificateReportKey(certificate, morning)).not.toBe(
      certificateReportKey({ ...certificate, expiresAt: '2027-04-01T00:00:00.000Z' }, morning),
    );
  });
});
