// SIMULATED clusters, REAL agents: when a simulated commons whose render includes csoc-agent syncs, the
// simulator starts a simulated Kubernetes API for it (@csoc/agent's, seeded with the commons' rendered
// workloads) and runs the real createAgentLink against the CSOC_URL agent.yaml names, with the join token
// read from the simulated secret manager entry its ExternalSecret names — the way the pod would get it. So
// CSOC's live view and actions reach a simulated commons through the same protocol, hub and handlers as a
// real one (ADR 0065: the simulator never hides a seam). A sync with other images or replicas (an upgrade)
// rolls the cluster to them with the agent's enrolled identity kept; deleting the Application stops both.
// Control API on the simulator (Bearer: the simulated Argo CD token):
//   GET    /sim-control/clusters                                      each agent: link state, or why none runs
//   PUT    /sim-control/clusters/<org>/<commons>/failures  {"service": "fence", "reason": "OOMKilled"}
//          the service's pods crash-loop with that reason (a CronJob's runs fail with it) until recovered
//   DELETE /sim-control/clusters/<org>/<commons>/failures/<service>   the service recovers
import type { AgentIdentity, AgentLink, startSimulatedCommonsCluster } from '@csoc/agent';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  readRenderedCsocAgent,
  readRenderedUserYamlSource,
  readRenderedWorkloads,
  type RenderedCsocAgent,
} from './readRenderedCsocAgent.ts';

type SimulatedCommonsCluster = Awaited<ReturnType<typeof startSimulatedCommonsCluster>>;

interface SimAgent {
  org: string;
  commons: string;
  rendered?: RenderedCsocAgent;
  /** The workloads the running cluster was seeded with (service=image×replicas), to see a changed render. */
  seeded?: string;
  cluster?: SimulatedCommonsCluster;
  link?: AgentLink;
  /** The values.yaml the cluster was started from, to start it again when its agent must re-enrol. */
  valuesText?: string;
  /** Why no agent runs (nothing rendered, no join token yet, CSOC refused it); absent while it runs. */
  problem?: string;
}

export interface SimCommonsAgentsOptions {
  /** The simulated secret manager's value of an entry (what ESO would copy into the cluster). */
  secretValue(entry: string): Record<string, string> | undefined;
  /** A simulated cluster advances this often (pods start, log, crash; Jobs run); default 1000 ms. */
  tickMs?: number;
}

export interface SyncedCommons {
  org: string;
  commons: string;
  /** agent.yaml, secrets.yaml and values.yaml at the synced revision ('' or undefined when absent). */
  agentText: string | undefined;
  secretsText: string | undefined;
  valuesText: string;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const seedsKey = (seeds: Array<{ service: string; image: string; replicas: number }>) =>
  seeds.map((seed) => `${seed.service}=${seed.image}x${seed.replicas}`).join(',');

export function registerSimCommonsAgents(
  fastify: FastifyInstance,
  token: string,
  options: SimCommonsAgentsOptions,
) {
  const agents = new Map<string, SimAgent>(); // `${org}/${commons}`
  const expected = Buffer.from(`Bearer ${token}`);

  async function stop(agent: SimAgent): Promise<void> {
    const { link, cluster } = agent;
    agent.link = undefined;
    agent.cluster = undefined;
    await link?.stop();
    await cluster?.close();
  }

  /**
   * Starts the cluster and its agent when the join token's entry holds a value (the pod waits for it) or
   * when `identity` carries the agent's enrolled identity over from the cluster it replaces.
   */
  async function start(agent: SimAgent, valuesText: string, identity?: AgentIdentity): Promise<void> {
    const rendered = agent.rendered!;
    const readJoinToken = async () => options.secretValue(rendered.remoteKey)?.[rendered.property];
    if (!identity && !(await readJoinToken())) {
      agent.problem = `ExternalSecret csoc-agent-join-token: ${rendered.remoteKey} has no value for "${rendered.property}" yet (SecretSyncedError, simulated): create a join token (POST …/commons/${agent.commons}/agent/join-token) and put it there`;
      pendingValues.set(`${agent.org}/${agent.commons}`, valuesText);
      return;
    }
    pendingValues.delete(`${agent.org}/${agent.commons}`);
    agent.valuesText = valuesText;
    // Loaded on first use: a CSOC whose simulator runs no agent never loads the agent's code.
    const { createAgentLink, startSimulatedCommonsCluster } = await import('@csoc/agent');
    const workloads = readRenderedWorkloads(valuesText);
    const cluster = await startSimulatedCommonsCluster({
      namespace: rendered.namespace,
      workloads,
      tickMs: options.tickMs ?? 1000,
    });
    if (identity) await cluster.identityStore.save(identity);
    cluster.cluster.setUserYamlSource(readRenderedUserYamlSource(valuesText));
    agent.cluster = cluster;
    agent.seeded = seedsKey(workloads);
    agent.problem = undefined;
    const link = createAgentLink({
      csocUrl: rendered.csocUrl,
      identityStore: cluster.identityStore,
      readJoinToken,
      handlers: cluster.handlers,
      version: 'simulated',
    });
    agent.link = link;
    link.done.catch((error: Error) => {
      if (agent.link === link) agent.problem = `CSOC refused the agent: ${error.message}`;
    });
  }
  /** The values of agents waiting for their join token, so a later secret-manager write can start them. */
  const pendingValues = new Map<string, string>();

  /**
   * Runs the work of one commons after its earlier work (a sync and a secret write arriving together must
   * not start two clusters); a failure becomes the agent's problem, never the sync's or the request's.
   */
  const queues = new Map<string, Promise<void>>();
  function serially(key: string, work: () => Promise<void>): Promise<void> {
    const run = (queues.get(key) ?? Promise.resolve()).then(work).catch((error: Error) => {
      const agent = agents.get(key);
      if (agent) agent.problem = `the simulated cluster or its agent could not start: ${error.message}`;
    });
    queues.set(key, run);
    void run.finally(() => {
      if (queues.get(key) === run) queues.delete(key);
    });
    return run;
  }

  fastify.register(async (control) => {
    control.addHook('onRequest', async (request, reply) => {
      const given = Buffer.from(String(request.headers.authorization ?? ''));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
        return reply.status(401).send({
          error: 'the cluster control API needs Authorization: Bearer <the simulated Argo CD token>',
        });
    });

    control.get('/sim-control/clusters', async () => ({
      simulated: true,
      clusters: [...agents.entries()].map(([commons, agent]) => ({
        commons,
        namespace: agent.rendered?.namespace ?? null,
        link: agent.link?.state() ?? null,
        kubernetesApi: agent.cluster?.url ?? null,
        problem: agent.problem ?? null,
      })),
    }));

    const clusterOf = (params: unknown) => {
      const { org, commons } = params as { org: string; commons: string };
      return { key: `${org}/${commons}`, cluster: agents.get(`${org}/${commons}`)?.cluster };
    };

    control.put('/sim-control/clusters/:org/:commons/failures', async (request, reply) => {
      const { key, cluster } = clusterOf(request.params);
      if (!cluster)
        return reply.status(404).send({
          error: `no simulated cluster runs for ${key}: deploy it with the agent enabled (label csoc.gen3.org/agent: enabled) and its join token in the secret manager`,
        });
      const body = (request.body ?? {}) as { service?: unknown; reason?: unknown };
      if (typeof body.service !== 'string' || !NAME.test(body.service))
        return reply.status(400).send({ error: 'service must be a workload name such as fence or usersync' });
      const reason = body.reason ?? 'CrashLoopBackOff';
      if (typeof reason !== 'string' || !reason || reason.length > 200)
        return reply
          .status(400)
          .send({ error: 'reason must be a short text such as OOMKilled (1-200 characters)' });
      try {
        cluster.cluster.failService(body.service, reason);
      } catch (error) {
        return reply.status(404).send({ error: `service: ${(error as Error).message}` });
      }
      return { simulated: true, commons: key, service: body.service, failing: reason };
    });

    control.delete('/sim-control/clusters/:org/:commons/failures/:service', async (request, reply) => {
      const { key, cluster } = clusterOf(request.params);
      const { service } = request.params as { service: string };
      if (!cluster) return reply.status(404).send({ error: `no simulated cluster runs for ${key}` });
      try {
        cluster.cluster.recover(service);
      } catch (error) {
        return reply.status(404).send({ error: `service: ${(error as Error).message}` });
      }
      return { simulated: true, commons: key, service, failing: null };
    });
  });

  return {
    /** A commons Application synced: its agent runs as rendered (or stops, when the render has none). */
    agentSynced(target: SyncedCommons): Promise<void> {
      const key = `${target.org}/${target.commons}`;
      return serially(key, () => syncAgent(key, target));
    },
    /**
     * The simulated secret manager's entry changed: an agent waiting for its join token starts, and one
     * CSOC refused (revoked, or an already used token) starts again to enrol with the new token — as the
     * pod would, restarted after its identity Secret was cleared.
     */
    async secretChanged(entry: string): Promise<void> {
      const waiting = [...agents].filter(([, agent]) => agent.rendered?.remoteKey === entry);
      await Promise.all(
        waiting.map(([key, agent]) =>
          serially(key, async () => {
            const valuesText = pendingValues.get(key) ?? agent.valuesText;
            if (agents.get(key) !== agent || !refusedOrAbsent(agent) || valuesText === undefined) return;
            await stop(agent);
            await start(agent, valuesText);
          }),
        ),
      );
    },
    /** The commons' Application is gone: its cluster and agent with it. */
    agentRemoved(org: string, commons: string): Promise<void> {
      const key = `${org}/${commons}`;
      return serially(key, async () => {
        const agent = agents.get(key);
        agents.delete(key);
        pendingValues.delete(key);
        if (agent) await stop(agent);
      });
    },
    /** The running simulated cluster of a commons (tests drive it directly). */
    clusterOf: (org: string, commons: string) => agents.get(`${org}/${commons}`)?.cluster,
    async close() {
      await Promise.allSettled([...queues.values()]);
      await Promise.allSettled([...agents.values()].map(stop));
      agents.clear();
    },
  };

  /** No link runs, or CSOC refused it for good (its `done` settled): a new join token may start it again. */
  function refusedOrAbsent(agent: SimAgent): boolean {
    return !agent.link || agent.link.state() === 'stopped';
  }

  /** A commons Application synced: its agent runs as rendered (or stops, when the render has none). */
  async function syncAgent(key: string, target: SyncedCommons): Promise<void> {
    const rendered = target.agentText
      ? readRenderedCsocAgent(target.agentText, target.secretsText)
      : undefined;
    const agent = agents.get(key) ?? { org: target.org, commons: target.commons };
    if (!rendered || 'problem' in rendered) {
      await stop(agent);
      pendingValues.delete(key);
      if (rendered) agents.set(key, { ...agent, rendered: undefined, problem: rendered.problem });
      else agents.delete(key);
      return;
    }
    agents.set(key, agent);
    const same =
      agent.rendered?.csocUrl === rendered.csocUrl &&
      agent.rendered.namespace === rendered.namespace &&
      agent.rendered.remoteKey === rendered.remoteKey;
    if (same && !refusedOrAbsent(agent)) {
      // A new user.yaml (ADR 0078) changes a ConfigMap, not the workloads: the running cluster reads it.
      agent.cluster?.cluster.setUserYamlSource(readRenderedUserYamlSource(target.valuesText));
      if (agent.seeded === seedsKey(readRenderedWorkloads(target.valuesText))) return;
      // New images or replicas (an upgrade): the cluster rolls to them, and the agent keeps the identity
      // it enrolled with, as a pod keeps its Secret — no new join token.
      const identity = await agent.cluster?.identityStore.load();
      await stop(agent);
      await start(agent, target.valuesText, identity);
      return;
    }
    await stop(agent);
    agent.rendered = rendered;
    await start(agent, target.valuesText);
  }
}
