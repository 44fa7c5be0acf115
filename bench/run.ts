// `npm run bench [name...]`: runs the named benchmarks (all when none is named) and prints their figures.
import { benchAgents } from './agents.bench.ts';
import { benchAgentReplicas } from './agentReplicas.bench.ts';
import { benchAlerts } from './alerts.bench.ts';
import { benchAuth } from './auth.bench.ts';
import { benchBackup } from './backup.bench.ts';
import { benchCli } from './cli.bench.ts';
import { benchExistingCluster } from './existingCluster.bench.ts';
import { benchGitops } from './gitops.bench.ts';
import { benchListEndpoint } from './listEndpoint.bench.ts';
import { benchMonitor } from './monitor.bench.ts';
import { benchMultiHost } from './multiHost.bench.ts';
import { benchOtlp } from './otlp.bench.ts';
import { benchPortal } from './portal.bench.ts';
import { benchProviderSchema } from './providerSchema.bench.ts';
import { benchRunOverhead, benchRuns } from './runs.bench.ts';
import { benchProviderCache } from './runsProviderCache.bench.ts';
import { benchStartup } from './startup.bench.ts';
import { benchWaves } from './waves.bench.ts';

const benchmarks: Record<string, () => Promise<void>> = {
  list: benchListEndpoint,
  auth: benchAuth,
  portal: benchPortal,
  runs: benchRuns,
  gitops: benchGitops,
  monitor: benchMonitor,
  alerts: benchAlerts,
  otlp: benchOtlp,
  cli: benchCli,
  startup: benchStartup,
  overhead: benchRunOverhead,
  waves: benchWaves,
  schema: benchProviderSchema,
  backup: benchBackup,
  'existing-cluster': benchExistingCluster,
  multihost: benchMultiHost,
  agents: benchAgents,
  'agent-replicas': benchAgentReplicas,
  'provider-cache': benchProviderCache,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}`,
  );
  process.exit(2);
}
console.log(`CSOC benchmarks on ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);
for (const name of requested.length ? requested : Object.keys(benchmarks)) {
  await benchmarks[name]!();
}
process.exit(0);
