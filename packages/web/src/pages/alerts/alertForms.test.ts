import { describe, expect, it } from 'vitest';
import {
  channelFormValues,
  channelRequestParts,
  EMPTY_CHANNEL_FORM,
  matchersForAlert,
  ruleParamsOf,
  ruleParamValues,
  silenceEndsAt,
} from './alertForms.ts';

describe('the alerts page forms', () => {
  it('sends only the thresholds of the rule kind, as numbers', () => {
    expect(ruleParamsOf('error-rate', { thresholdPercent: '2.5', thresholdMs: '100' })).toEqual({
      thresholdPercent: 2.5,
    });
    expect(
      ruleParamsOf('custom-threshold', { metric: 'gen3.requests.rate', op: '>', threshold: '' }),
    ).toEqual({
      metric: 'gen3.requests.rate',
      op: '>',
    });
    expect(ruleParamsOf('service-down', { minutes: '5' })).toEqual({});
    expect(ruleParamValues({ thresholdMs: 2000, note: { x: 1 } })).toEqual({ thresholdMs: '2000' });
  });

  it('silences an alert by its rule, commons and subject', () => {
    expect(
      matchersForAlert({
        rule: 'svc-down',
        labels: { rule: 'svc-down', commons: 'alpha', subject: 'fence', severity: 'warning' },
      }),
    ).toEqual([
      { label: 'rule', op: '=', value: 'svc-down' },
      { label: 'commons', op: '=', value: 'alpha' },
      { label: 'subject', op: '=', value: 'fence' },
    ]);
    expect(silenceEndsAt(new Date('2026-01-01T00:00:00Z'), 3600)).toBe('2026-01-01T01:00:00.000Z');
  });

  it('sends a secret only when typed, and keeps the route fields the form does not edit', () => {
    const kept = channelRequestParts(
      'webhook',
      { ...EMPTY_CHANNEL_FORM, url: ' https://hooks.example.org/x ', groupWaitSeconds: '0' },
      { matchers: [{ label: 'team', op: '=', value: 'a' }], minSeverity: 'critical' },
    );
    expect(kept).toEqual({
      config: { url: 'https://hooks.example.org/x' },
      secrets: {},
      route: { matchers: [{ label: 'team', op: '=', value: 'a' }], groupWaitSeconds: 0 },
    });
    const email = channelRequestParts('email', {
      ...EMPTY_CHANNEL_FORM,
      host: 'smtp.example.org',
      port: '587',
      from: 'csoc@example.org',
      to: 'a@example.org, b@example.org',
      password: 'pw',
    });
    expect(email.config).toEqual({
      host: 'smtp.example.org',
      port: 587,
      from: 'csoc@example.org',
      to: ['a@example.org', 'b@example.org'],
    });
    expect(email.secrets).toEqual({ password: 'pw' });
    expect(channelFormValues({ to: ['a@example.org'], port: 25 }, { minSeverity: 'warning' })).toMatchObject({
      to: 'a@example.org',
      port: '25',
      minSeverity: 'warning',
      secret: '',
    });
  });
});
