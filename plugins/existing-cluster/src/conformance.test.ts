// The existing-cluster plugin passes the SDK's conformance kit in full mode, run as a separate process exactly
// as the host runs it (the bundle, a request file, the kubeconfig in the secrets file, local state), against
// the fake API server over TLS: describe, plan, apply, outputs, drift, destroy — and no secret on its output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@csoc/plugin-sdk';
import { providerSchemaCheck } from '@csoc/plugin-sdk/terraform-schema';
import { ensurePluginBundle } from '@csoc/server';
import { EXISTING_CLUSTER_PLUGIN_DIR } from './runExistingCluster.ts';
import { startFakeCluster, type FakeCluster } from './testing/startFakeCluster.ts';

describe('the existing-cluster plugin and the conformance kit', () => {
  let cluster: FakeCluster;
  beforeAll(async () => {
    await ensurePluginBundle(EXISTING_CLUSTER_PLUGIN_DIR);
    // The kit names its commons "conformance": the namespace the Role is bound in.
    cluster = await startFakeCluster({ namespaces: ['conformance'] });
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('passes in full mode with the access check granted', async () => {
    const report = await runConformance({
      pluginDir: EXISTING_CLUSTER_PLUGIN_DIR,
      full: true,
      timeoutSeconds: 120,
      credentials: {
        kind: 'kubernetes',
        public: { server: cluster.url },
        secrets: { kubeconfig: cluster.kubeconfig() },
      },
      checks: [providerSchemaCheck([])],
    });
    expect(report.violations).toEqual([]);
    expect(report.verbs.map((v) => `${v.verb}:${v.exitCode}`)).toEqual([
      'describe:0',
      'plan:0',
      'apply:0',
      'outputs:0',
      'drift:0',
      'destroy:0',
    ]);
    expect(cluster.api.accessReviews.length).toBeGreaterThan(200); // plan, apply and drift each checked
  }, 600_000);
});
