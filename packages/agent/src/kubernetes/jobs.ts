// The two job actions: create a Job from a CronJob's jobTemplate (what `kubectl create job --from=cronjob/x`
// does), and follow a Job to its end with its pod's output.
import { randomBytes } from 'node:crypto';
import type { JobsFollowResult, RunJobParams } from '@csoc/common/agent-protocol';
import { AgentRequestError, type AgentRequestContext } from '../link/AgentRequestHandlers.ts';
import type { JobObject } from './kubeObjects.ts';
import { ACTION_LABEL, GEN3_JOB_CRONJOBS } from './gen3JobTemplates.ts';
import { KubernetesApiError, type KubernetesClient } from './kubernetesClient.ts';
import { pipePodLog } from './streamLog.ts';

/** Job names become the pods' `job-name` label value: at most 63 characters. */
function uniqueJobName(cronJob: string): string {
  const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  return `${cronJob.slice(0, 63 - suffix.length - 6).replace(/[-.]+$/, '')}-csoc-${suffix}`;
}

export async function runJobFromCronJob(client: KubernetesClient, params: RunJobParams) {
  let cronJobName: string;
  if (params.template === 'cronjob') {
    if (!params.cronJob)
      throw new AgentRequestError(
        'invalid_params',
        'action.runJob with template "cronjob" needs cronJob: the name of one of the chart\'s CronJobs',
      );
    cronJobName = params.cronJob;
  } else {
    const known = GEN3_JOB_CRONJOBS[params.template];
    if (!known)
      throw new AgentRequestError(
        'invalid_params',
        `action.runJob: unknown template "${String(params.template)}"`,
      );
    cronJobName = known.cronJob;
  }
  const cronJob = await client.get('cronjobs', cronJobName).catch((error) => {
    if (error instanceof KubernetesApiError && error.status === 404)
      throw new AgentRequestError(
        'not_found',
        `CronJob "${cronJobName}" does not exist in namespace ${client.namespace}` +
          (params.template === 'cronjob'
            ? ''
            : ` (is the ${GEN3_JOB_CRONJOBS[params.template].chart} chart enabled with it?)`),
      );
    throw error;
  });
  const template = cronJob.spec?.jobTemplate ?? {};
  const name = uniqueJobName(cronJobName);
  const created = await client.createJob({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      labels: { ...template.metadata?.labels, [ACTION_LABEL]: params.template },
      annotations: { ...template.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
      // Owned by its CronJob, like a scheduled run: history limits and deletion treat it the same way.
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJobName,
          uid: cronJob.metadata?.uid,
          controller: true,
        },
      ].filter((reference) => reference.uid),
    },
    spec: template.spec,
  });
  return { job: String(created?.metadata?.name ?? name) };
}

function verdict(job: JobObject): JobsFollowResult | undefined {
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find(
    (c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True',
  );
  if (failed)
    return { status: 'failed', message: String(failed.message ?? failed.reason ?? 'the Job failed') };
  if (
    conditions.some((c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True')
  )
    return { status: 'succeeded' };
  return undefined;
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows a Job: waits for each of its pods to start, streams that pod's log, and returns the Job's verdict
 * once the controller records it. A Job that retries (backoffLimit) shows each attempt's pod in turn.
 */
export async function followJob(
  client: KubernetesClient,
  jobName: string,
  ctx: AgentRequestContext,
  pollMs: number,
): Promise<JobsFollowResult> {
  const followed = new Set<string>();
  for (;;) {
    if (ctx.signal.aborted) throw new AgentRequestError('failed', `following Job ${jobName} was cancelled`);
    const job = await client.get('jobs', jobName).catch((error) => {
      if (error instanceof KubernetesApiError && error.status === 404)
        throw new AgentRequestError(
          'not_found',
          `Job "${jobName}" does not exist in namespace ${client.namespace}`,
        );
      throw error;
    });
    const pods = await client.list('pods', { labelSelector: `job-name=${jobName}` });
    const next = pods
      .filter(
        (pod) =>
          !followed.has(String(pod.metadata?.name)) &&
          ['Running', 'Succeeded', 'Failed'].includes(String(pod.status?.phase)),
      )
      .sort((a, b) =>
        String(a.metadata?.creationTimestamp ?? '').localeCompare(
          String(b.metadata?.creationTimestamp ?? ''),
        ),
      )[0];
    if (next) {
      const podName = String(next.metadata?.name);
      followed.add(podName);
      await ctx.write(`--- pod ${podName} ---\n`);
      await pipePodLog(client, podName, { follow: true }, ctx);
      continue;
    }
    const done = verdict(job);
    if (done) return done;
    await sleep(pollMs, ctx.signal);
  }
}
