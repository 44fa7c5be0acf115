// SIMULATED failures of a simulated commons' services, injected at run time so monitoring is tested for
// real: a service can be made down (its /_status answers 500), slow (it answers after a delay) or hung (it
// never answers until the fault is cleared). Controlled through an admin API on the simulator that needs
// the simulated Argo CD's Bearer token:
//   PUT    /sim-control/faults/<org>/<commons>   {"service": "fence" | "*", "fault": "down" | "slow" | "hang", "delayMs": 3000}
//   DELETE /sim-control/faults/<org>/<commons>   (clears every fault of the commons)
//   GET    /sim-control/faults
// Values-file injection (`sim.csoc.gen3.org/inject`, read by startSimArgoCd.ts) stays the way to fail a sync.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';

export type SimFault = { kind: 'down' } | { kind: 'slow'; delayMs: number } | { kind: 'hang' };

export interface SimFaults {
  /** The fault of a service of a commons (a `*` fault covers every service), or undefined. */
  faultOf(org: string, commons: string, service: string): SimFault | undefined;
  /**
   * Answers a `/_status` request under a fault: down → 500, slow → after the delay (then `healthy()`),
   * hang → no answer until the fault is cleared or the simulator closes.
   */
  answer(fault: SimFault, reply: FastifyReply, healthy: () => unknown): Promise<unknown>;
  /** Releases every hung request (the simulator is closing). */
  close(): void;
}

const MAX_DELAY_MS = 120_000;

/**
 * The fault registry of one simulator and its control routes.
 *
 * @example
 * const faults = registerSimFaults(fastify, token);
 * // in a commons endpoint: const fault = faults.faultOf(org, commons, chart); if (fault) return faults.answer(fault, reply, ok);
 */
export function registerSimFaults(fastify: FastifyInstance, token: string): SimFaults {
  const faults = new Map<string, Map<string, SimFault>>(); // `${org}/${commons}` → service → fault
  const hung = new Set<() => void>();
  const expected = Buffer.from(`Bearer ${token}`);

  const releaseHung = () => {
    for (const release of hung) release();
    hung.clear();
  };

  fastify.register(async (control) => {
    control.addHook('onRequest', async (request, reply) => {
      const given = Buffer.from(String(request.headers.authorization ?? ''));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
        return reply.status(401).send({
          error: 'the fault control API needs Authorization: Bearer <the simulated Argo CD token>',
        });
    });

    control.get('/sim-control/faults', async () => ({
      simulated: true,
      /** Requests held by a `hang` fault right now. */
      hungRequests: hung.size,
      faults: [...faults].flatMap(([commons, services]) =>
        [...services].map(([service, fault]) => ({ commons, service, ...fault })),
      ),
    }));

    control.put('/sim-control/faults/:org/:commons', async (request, reply) => {
      const { org, commons } = request.params as { org: string; commons: string };
      const body = (request.body ?? {}) as { service?: unknown; fault?: unknown; delayMs?: unknown };
      const service = body.service === undefined ? '*' : body.service;
      if (typeof service !== 'string' || !/^(\*|[a-z][a-z0-9-]{0,62})$/.test(service))
        return reply.status(400).send({ error: 'service must be a Gen3 chart name such as fence, or "*"' });
      let fault: SimFault | undefined;
      if (body.fault === 'down' || body.fault === 'hang') fault = { kind: body.fault };
      else if (body.fault === 'slow') {
        const delayMs = body.delayMs ?? 3000;
        if (
          typeof delayMs !== 'number' ||
          !Number.isInteger(delayMs) ||
          delayMs < 0 ||
          delayMs > MAX_DELAY_MS
        )
          return reply
            .status(400)
            .send({ error: `delayMs must be an integer of milliseconds, 0-${MAX_DELAY_MS}` });
        fault = { kind: 'slow', delayMs };
      } else if (body.fault !== 'none')
        return reply.status(400).send({ error: 'fault must be one of down, slow, hang, none' });
      const key = `${org}/${commons}`;
      const services = faults.get(key) ?? new Map<string, SimFault>();
      if (fault) services.set(service, fault);
      else services.delete(service);
      if (services.size > 0) faults.set(key, services);
      else faults.delete(key);
      // A cleared or changed fault lets hung requests go (they answer as the commons now is).
      if (!fault || fault.kind !== 'hang') releaseHung();
      return { simulated: true, commons: key, service, fault: fault ?? null };
    });

    control.delete('/sim-control/faults/:org/:commons', async (request) => {
      const { org, commons } = request.params as { org: string; commons: string };
      faults.delete(`${org}/${commons}`);
      releaseHung();
      return { simulated: true, cleared: `${org}/${commons}` };
    });
  });

  return {
    faultOf(org, commons, service) {
      const services = faults.get(`${org}/${commons}`);
      return services?.get(service) ?? services?.get('*');
    },
    async answer(fault, reply, healthy) {
      if (fault.kind === 'down')
        return reply.status(500).send({ status: 'unhealthy', simulated: true, injected: 'down' });
      if (fault.kind === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
        return healthy();
      }
      await new Promise<void>((resolve) => hung.add(resolve));
      return reply.status(503).send({ status: 'unhealthy', simulated: true, injected: 'hang released' });
    },
    close: releaseHung,
  };
}
