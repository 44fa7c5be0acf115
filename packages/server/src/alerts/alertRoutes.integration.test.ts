// The alerts API on both databases: refusals name the field and the fix, viewers read and operators
// manage, disabling a rule resolves its alerts, and a channel's secrets survive an update that omits them.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testing/ApiClient.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';
import { reportAlertCondition } from './alertEngine.ts';
import { openChannelSecrets } from './alertChannels.ts';

const ORG = 'routes-org';
const api = (path: string) => `/api/v1/orgs/${ORG}/alerts${path}`;

describe.each(testDatabaseTargets)('alerts API on $dialect', (target) => {
  let csoc: TestCsoc;
  let viewer: ApiClient;
  let operator: ApiClient;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      // The receivers run on loopback, which channels may reach only when allowed.
      env: { CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8' },
    });
    await ensureOrg(csoc, ORG);
    viewer = await createSignedInUser(csoc, 'viewer@routes.example', ORG, 'viewer');
    operator = await createSignedInUser(csoc, 'operator@routes.example', ORG, 'operator');
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('refuses incomplete channels, rules and silences, naming the field and the fix', async () => {
    const noSecret = await operator.post(api('/channels'), {
      name: 'hook',
      kind: 'webhook',
      config: { url: 'https://hooks.example.org/csoc' },
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.details).toEqual([
      { field: 'body.secrets.secret', message: expect.stringContaining('needs secrets.secret') },
    ]);
    const wrongField = await operator.post(api('/channels'), {
      name: 'mail',
      kind: 'email',
      config: {
        host: 'smtp.example.org',
        url: 'https://x.example.org',
        from: 'a@example.org',
        to: ['b@example.org'],
      },
    });
    expect(wrongField.body.error.details).toEqual([
      { field: 'body.config.url', message: 'An email channel does not use config.url; remove it.' },
    ]);
    const badRegex = await operator.post(api('/channels'), {
      name: 'slack',
      kind: 'slack',
      secrets: { url: 'https://hooks.slack.com/services/T/B/x' },
      route: { matchers: [{ label: 'commons', op: '=~', value: '(' }] },
    });
    expect(badRegex.body.error.details[0].field).toBe('body.route.matchers/0/value');
    const badParams = await operator.post(api('/rules'), {
      name: 'certs',
      kind: 'certificate-expiring',
      params: { thresholdMs: 5 },
    });
    expect(badParams.body.error.details).toEqual([
      {
        field: 'body.params.thresholdMs',
        message: 'A certificate-expiring rule does not use thresholdMs; it takes days.',
      },
    ]);
    const noMetric = await operator.post(api('/rules'), {
      name: 'custom',
      kind: 'custom-threshold',
      params: { threshold: 5 },
    });
    expect(noMetric.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'body.params.metric',
    ]);
    const badKind = await operator.post(api('/rules'), { name: 'x1', kind: 'everything' });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body.error.details)).toContain('kind');
    const everything = await operator.post(api('/silences'), {
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      comment: 'x',
    });
    expect(everything.body.error.details[0].field).toBe('body.matchers');
    const past = await operator.post(api('/silences'), {
      commons: 'alpha',
      endsAt: '2020-01-01T00:00:00Z',
      comment: 'x',
    });
    expect(past.body.error.details[0].field).toBe('body.endsAt');
  });

  it('lets viewers read, and only operators and up manage', async () => {
    expect((await viewer.get(api(''))).status).toBe(200);
    expect((await viewer.get(api('/rules'))).status).toBe(200);
    expect((await viewer.get(api('/deliveries'))).status).toBe(200);
    const refused = await viewer.post(api('/rules'), { name: 'runs', kind: 'run-failed' });
    expect(refused.status).toBe(403);
    expect((await operator.post(api('/rules'), { name: 'runs', kind: 'run-failed' })).status).toBe(201);
    const twice = await operator.post(api('/rules'), { name: 'runs', kind: 'run-failed' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('exists already');
  });

  it('resolves the open alerts of a rule that is disabled, and reports again once re-enabled', async () => {
    const orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id as string;
    await operator.post(api('/rules'), { name: 'deploys', kind: 'deploy-degraded' });
    const signal = {
      orgId,
      kind: 'deploy-degraded' as const,
      commonsId: newId(),
      commonsName: 'beta',
      firing: true,
      summary: 'Degraded',
    };
    const [fired] = await reportAlertCondition(csoc.context.database, signal);
    expect(fired!.transition).toBe('fired');
    const disabled = await operator.request('PATCH', api('/rules/deploys'), { enabled: false });
    expect(disabled.status, disabled.text).toBe(200);
    const alert = (await viewer.get(api('?state=resolved'))).body.items.find(
      (item: { id: string }) => item.id === fired!.alertId,
    );
    expect(alert).toMatchObject({ state: 'resolved' });
    expect(await reportAlertCondition(csoc.context.database, signal)).toEqual([]);
    await operator.request('PATCH', api('/rules/deploys'), { enabled: true });
    expect((await reportAlertCondition(csoc.context.database, signal))[0]!.transition).toBe('fired');
    expect((await operator.request('DELETE', api('/rules/deploys'))).status).toBe(204);
    expect((await viewer.get(api('/rules/deploys'))).status).toBe(404);
  });

  it('keeps the secrets of a channel when an update leaves them out', async () => {
    const created = await operator.post(api('/channels'), {
      name: 'pager',
      kind: 'webhook',
      config: { url: 'https://hooks.example.org/a' },
      secrets: { secret: 'pager-signing-secret-0001' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      secretFields: ['secret'],
      secretFingerprint: expect.stringMatching(/^hmac-sha256:/),
    });
    const moved = await operator.request('PATCH', api('/channels/pager'), {
      config: { url: 'https://hooks.example.org/b' },
      route: { minSeverity: 'critical' },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({
      config: { url: 'https://hooks.example.org/b' },
      route: { minSeverity: 'critical' },
      secretFields: ['secret'],
    });
    const row = await csoc.context.database.db
      .selectFrom('alert_channels')
      .selectAll()
      .where('name', '=', 'pager')
      .executeTakeFirstOrThrow();
    expect(await openChannelSecrets(csoc.context.vault, row)).toEqual({
      secret: 'pager-signing-secret-0001',
    });
    expect((await operator.request('DELETE', api('/channels/pager'))).status).toBe(204);
  });
});
