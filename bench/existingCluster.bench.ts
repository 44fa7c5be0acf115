// The existing-cluster plugin's access check (one SelfSubjectAccessReview per permission, 8 in parallel over
// one TLS connection pool) against the plugin SDK's fake API server — on loopback, and answering 20 ms late
// like a cluster across a network — beside the same number of plain namespace reads one after the other:
// what the check adds to a plan before Terraform starts.
import os from 'node:os';
import { checkClusterAccess, createKubernetesApiClient, readKubeconfig } from '@csoc/plugin-existing-cluster';
import { startFakeCluster } from '@csoc/plugin-existing-cluster/testing/startFakeCluster.ts';
import { median, printTable, round } from './benchKit.ts';

const ROUNDS = 7;

export async function benchExistingCluster(): Promise<void> {
  for (const responseDelayMs of [0, 20]) await benchAt(responseDelayMs);
}

async function benchAt(responseDelayMs: number): Promise<void> {
  const cluster = await startFakeCluster({ namespaces: ['heart'], responseDelayMs });
  try {
    const connection = readKubeconfig(cluster.kubeconfig());
    const measure = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      return median(times);
    };
    let checked = 0;
    const rows = [];
    for (const concurrency of [8, 1]) {
      const ms = await measure(async () => {
        const client = createKubernetesApiClient(connection);
        try {
          const report = await checkClusterAccess({
            client,
            namespace: 'heart',
            secretsNamespace: 'heart',
            concurrency,
          });
          checked = report.checked;
        } finally {
          client.close();
        }
      });
      rows.push({
        what: `access check, ${concurrency} in parallel`,
        requests: checked,
        'median ms': round(ms, 1),
      });
    }
    const baseline = await measure(async () => {
      const client = createKubernetesApiClient(connection);
      try {
        for (let index = 0; index < checked; index++) await client.request('GET', '/api/v1/namespaces/heart');
      } finally {
        client.close();
      }
    });
    rows.push({
      what: 'baseline: the same number of namespace reads, one by one',
      requests: checked,
      'median ms': round(baseline, 1),
    });
    printTable(
      `existing-cluster access check against the fake API server over TLS, ${responseDelayMs} ms per answer (median of ${ROUNDS}; load avg ${round(os.loadavg()[0]!, 1)})`,
      rows,
    );
  } finally {
    await cluster.close();
  }
}
