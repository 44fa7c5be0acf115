import { describe, expect, it } from 'vitest';
import { assessCommonsHealth, type CommonsSignals, type ProbedService } from './assessHealth.ts';

const quiet: CommonsSignals = { argocd: null, lastDeploy: null, failedRun: null, drift: null };
const ok = (service: string, latencyMs = 20): ProbedService => ({
  service,
  path: `/${service}/_status`,
  status: 'healthy',
  httpStatus: 200,
  latencyMs,
});

describe('the health model', () => {
  it('is healthy when every service answers in time and nothing else is wrong', () => {
    const health = assessCommonsHealth([ok('revproxy'), ok('fence')], quiet, 1000);
    expect(health).toMatchObject({ state: 'healthy', reasons: [] });
    expect(health.services.map((service) => service.state)).toEqual(['healthy', 'healthy']);
  });

  it('is degraded when one service is down or slow, naming each', () => {
    const health = assessCommonsHealth(
      [ok('revproxy'), { ...ok('fence'), status: 'unhealthy', httpStatus: 500 }, ok('indexd', 2500)],
      quiet,
      1000,
    );
    expect(health.state).toBe('degraded');
    expect(health.reasons.map((reason) => reason.message)).toEqual([
      'fence down: /fence/_status answered 500',
      'indexd degraded: /indexd/_status answered in 2500 ms (slower than 1000 ms)',
    ]);
  });

  it('does not count a slow answer the scheduler has not confirmed yet', () => {
    const health = assessCommonsHealth(
      [ok('revproxy'), { ...ok('fence', 2500), slowConfirmed: false }],
      quiet,
      1000,
    );
    expect(health.state).toBe('healthy');
  });

  it('is down when the front door or every service is down', () => {
    const unreachable = (service: string): ProbedService => ({
      ...ok(service),
      status: 'unreachable',
      httpStatus: null,
      detail: 'no answer (ECONNREFUSED)',
    });
    expect(assessCommonsHealth([unreachable('revproxy'), ok('fence')], quiet, 1000).state).toBe('down');
    expect(assessCommonsHealth([unreachable('fence')], quiet, 1000).state).toBe('down');
  });

  it('is degraded by Argo CD, a deploy that did not end healthy, a failed run or drift, with each reason', () => {
    const health = assessCommonsHealth(
      [ok('revproxy')],
      {
        argocd: { sync: 'OutOfSync', health: 'Degraded', message: 'fence crash-looping' },
        lastDeploy: { status: 'timeout', message: 'not healthy after 900 s' },
        failedRun: { id: 'run-1', kind: 'apply' },
        drift: { runId: 'run-2' },
      },
      1000,
    );
    expect(health.state).toBe('degraded');
    expect(health.reasons.map((reason) => reason.kind)).toEqual([
      'argocd',
      'argocd',
      'deploy',
      'run',
      'drift',
    ]);
  });

  it('is unknown when nothing can be probed', () => {
    expect(assessCommonsHealth([], quiet, 1000)).toMatchObject({ state: 'unknown' });
  });
});
