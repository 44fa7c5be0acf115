// The CronJobs Gen3's charts add next to their services, so a simulated commons offers the same job actions
// as a real one: fence brings usersync and its migration CronJob, etl (or guppy, whose index it builds)
// brings tube's etl-cronjob. Names as in gen3-helm (see kubernetes/gen3JobTemplates.ts).
import { GEN3_JOB_CRONJOBS } from '../kubernetes/gen3JobTemplates.ts';
import type { SimulatedWorkloadSeed } from './simulatedClusterState.ts';

export function withGen3CronJobs(seeds: SimulatedWorkloadSeed[]): SimulatedWorkloadSeed[] {
  const has = (name: string) => seeds.some((seed) => seed.service === name);
  const imageOf = (name: string) => seeds.find((seed) => seed.service === name)?.image;
  const added: SimulatedWorkloadSeed[] = [];
  const fence = imageOf('fence');
  if (fence) {
    if (!has(GEN3_JOB_CRONJOBS.usersync.cronJob))
      added.push({
        service: GEN3_JOB_CRONJOBS.usersync.cronJob,
        image: fence,
        replicas: 0,
        kind: 'CronJob',
        schedule: '*/30 * * * *',
      });
    if (!has(GEN3_JOB_CRONJOBS['db-migrate'].cronJob))
      added.push({
        service: GEN3_JOB_CRONJOBS['db-migrate'].cronJob,
        image: fence,
        replicas: 0,
        kind: 'CronJob',
        schedule: '0 0 31 2 *',
      });
  }
  const etl = imageOf('etl') ?? (has('guppy') ? 'quay.io/cdis/tube:master' : undefined);
  if (etl && !has(GEN3_JOB_CRONJOBS.etl.cronJob))
    added.push({
      service: GEN3_JOB_CRONJOBS.etl.cronJob,
      image: etl,
      replicas: 0,
      kind: 'CronJob',
      schedule: '0 0 1 1 *',
    });
  // etl itself is a chart of CronJobs, not a Deployment.
  return [...seeds.filter((seed) => !(seed.service === 'etl' && seed.kind !== 'CronJob')), ...added];
}
