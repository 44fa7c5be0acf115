// The probe loop of one CSOC process: it leases probe shards (probeShardLease.ts), probes every deployed
// commons of its shards on a schedule (interval with jitter), each round bounded by a deadline and limited
// per host and overall, assesses health (assessHealth.ts) and records it (healthStore.ts). Each commons is
// scheduled on its own: a commons that hangs holds one slot until its deadline and never delays another.
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import { probeGen3Status } from '../gitops/deploys/probeGen3Status.ts';
import type { PinnedEgress } from '../http/pinnedEgress.ts';
import type { AppContext } from '../http/appContext.ts';
import { assessCommonsHealth, type ProbedService } from './assessHealth.ts';
import {
  forgetCommonsHealth,
  loadCommonsHealth,
  pruneMonitorHistory,
  recordProbeChecks,
  recordProbedCommons,
  type HealthTransition,
  type ProbeCheck,
  type StoredCommonsHealth,
} from './healthStore.ts';
import { deployChangesOf } from './deployChanges.ts';
import { loadProbeTargets, withDeadline, type ProbeTarget } from './loadProbeTargets.ts';
import { monitorMetricsOf } from './monitorMetrics.ts';
import { sharedProbeEgress, type ProbeEgress } from './probeEgress.ts';
import { certificateExpirySignal, certificateReportKey } from './certificateExpirySignal.ts';
import { reportAlertCondition } from '../alerts/alertEngine.ts';
import { traceFirstHealthyProbe } from './traceFirstHealthyProbe.ts';
import { maintainShardLeases, probeShardOf, releaseShardLeases } from './probeShardLease.ts';

export interface ProbeSchedulerOptions {
  /** This process's id in the shard leases; random by default. */
  prober?: string;
  intervalMs: number;
  /** Each request of a probe round; the round as a whole gets twice this plus a second. */
  timeoutMs: number;
  /** A 2xx slower than this makes the service degraded. */
  slowMs: number;
  /** Probe rounds running at once against one host. */
  perHostConcurrency: number;
  /** Probe rounds running at once in this process. */
  maxConcurrency?: number;
  /** Shard lease length; renewed every third of it. */
  leaseMs?: number;
  /** How often the list of targets and their signals is read again (default: the interval, at most 30 s). */
  refreshMs?: number;
  /**
   * How often new and finished deploys are looked for (default 1 s): a commons whose latest deploy changed
   * has its signals read again at once, and is probed as soon as that deploy finished.
   */
  deployPollMs?: number;
  /** Jitter: each next probe is due after interval × (1 ± jitter). */
  jitter?: number;
  retentionDays: number;
  /**
   * The connection pools the checks go through; the process's undici pools (probeEgress.ts) by default.
   * One that reads certificates (`certificateOf`) feeds the certificate-expiring alert.
   */
  egress?: PinnedEgress & Partial<Pick<ProbeEgress, 'certificateOf'>>;
  /** Called after each probe round with how late it started and how long it took (benchmarks). */
  onProbeRound?: (round: { lagMs: number; durationMs: number }) => void;
}

export interface ProbeScheduler {
  readonly prober: string;
  /** Stops probing and gives its shards up at once. */
  stop(): Promise<void>;
  /** Stops without giving anything up, as a process that dies: the leases expire on their own. */
  abandon(): void;
  /** Subscribes to every health transition this process records; returns the unsubscribe. */
  onHealthTransition(listener: (transition: HealthTransition) => void): () => void;
  /** The shards held and commons probed, and how many rounds ran: for tests and benchmarks. */
  stats(): { shards: number[]; targets: number; rounds: number; inFlight: number };
}

interface Scheduled {
  target: ProbeTarget;
  /** The certificate last reported to the alert engine, and on which day (certificateReportKey). */
  certificateReported?: string;
  dueAt: number;
  inFlight: boolean;
  /** Its probe shard (probeShardOf), computed once. */
  shard: number;
  /** The round in flight, awaited before its shard is given up. */
  round?: Promise<void>;
  previous?: StoredCommonsHealth;
  /** Slow rounds in a row, per service. */
  slowStreaks?: Map<string, number>;
}

/**
 * Requests of one probe round in flight at once, so at most this many connections per commons: all of a
 * round's 10-14 at once kept ~14 sockets alive per commons between rounds, 70,000 at 5,000 commons (ADR
 * 0048). A hung service holds one of them until its timeout; the others go on over the rest.
 */
export const ROUND_CONNECTIONS = 4;

/** Slow rounds in a row before a service counts as slow. */
const SLOW_ROUNDS = 2;

/**
 * How often the check times of unchanged rounds are written, in one statement: a check time at most this
 * late is invisible next to a 30 s interval and the three-interval staleness rule.
 */
const CHECK_FLUSH_MS = 1000;

/**
 * How far back each look for new deploys reaches before the previous one: a deploy created by another
 * process can commit a little after a later id was already seen.
 */
const DEPLOY_WATCH_OVERLAP_MS = 5000;

/**
 * Starts the probe loop of this process; started only by the `monitor-probes` background task.
 *
 * @example
 * const scheduler = startProbeScheduler(context, { intervalMs: 30_000, timeoutMs: 5000, slowMs: 2000, perHostConcurrency: 4, retentionDays: 90 });
 * scheduler.onHealthTransition((change) => logger.info(change, 'health changed'));
 * await scheduler.stop();
 */
/**
 * How old the Argo CD, deploy, run and drift signals a probe round judges with may be: targets and their
 * signals are reloaded this often, not for every round (and at once when a commons' latest deploy changes
 * or finishes). Each probe result records when its signals were read (`signalsAt`): a consumer waiting for
 * a verdict on a change (a wave step's deploy) compares that, not this bound.
 */
export function probeSignalsMaxAgeMs(intervalMs: number): number {
  return Math.min(intervalMs, 30_000);
}

export function startProbeScheduler(context: AppContext, options: ProbeSchedulerOptions): ProbeScheduler {
  const { database, logger } = context;
  const log = logger.child({ area: 'monitor' });
  const prober = options.prober ?? `prober-${crypto.randomUUID()}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const refreshMs = options.refreshMs ?? probeSignalsMaxAgeMs(options.intervalMs);
  const deployPollMs = options.deployPollMs ?? 1000;
  const jitter = options.jitter ?? 0.1;
  const maxConcurrency = options.maxConcurrency ?? 256;
  const roundDeadlineMs = options.timeoutMs * 2 + 1000;
  const metrics = monitorMetricsOf(context.metrics);
  const egress = options.egress ?? sharedProbeEgress();
  const listeners = new Set<(transition: HealthTransition) => void>();
  const scheduled = new Map<string, Scheduled>();
  const hostInFlight = new Map<string, number>();
  const orgSlugs = new Map<string, string>();
  const rounds = new Set<Promise<void>>();
  let shards = new Set<number>();
  let inFlight = 0;
  let roundCount = 0;
  let stopped = false;
  let lastRefresh = 0;
  let lastPrune = 0;
  let lastDeployWatch = Date.now();
  // Rounds start only while they end (deadline, plus a request started just before it) before the leases
  // do: a process that stalled and lost its shards unknowingly never probes alongside their new holder.
  let leaseValidUntil = 0;
  const roundReachMs = Math.min(roundDeadlineMs + options.timeoutMs, leaseMs / 2);
  if (roundReachMs < roundDeadlineMs + options.timeoutMs)
    log.warn(
      { leaseMs, timeoutMs: options.timeoutMs },
      'the probe lease is short for the probe timeout: a process that stalls may probe alongside the next holder of its commons',
    );
  // Lease upkeep, target refreshes and deploy watches run one after another, never two at once.
  let chain: Promise<void> = Promise.resolve();
  const queued = new Set<string>();
  // Rounds that changed nothing: their check times are written together, every CHECK_FLUSH_MS.
  const pendingChecks = new Map<string, ProbeCheck>();
  let flushing: Promise<void> | undefined;

  const nextDue = (from: number) => from + options.intervalMs * (1 + jitter * (Math.random() * 2 - 1));

  async function refreshTargets(now: number): Promise<void> {
    const targets = await loadProbeTargets(context, shards, { argoMs: options.timeoutMs, orgSlugs });
    const current = new Set(targets.map((target) => target.commonsId));
    const undeployed: string[] = [];
    for (const [commonsId, entry] of scheduled) {
      if (current.has(commonsId)) continue;
      scheduled.delete(commonsId);
      metrics.forgetCommons(entry.target.orgSlug, entry.target.commonsName);
      // In a shard this process still holds: Gen3 left it. Otherwise another process probes it now.
      if (shards.has(probeShardOf(commonsId))) undeployed.push(commonsId);
    }
    await forgetCommonsHealth(database, undeployed);
    await adoptTargets(targets, now, { deployChanged: false });
  }

  /**
   * Takes fresh targets on. A commons whose deploy finished since its last read is probed at once; a new
   * one at a random point of its first interval, so a fleet does not probe in one burst, unless it came
   * from a deploy change (its first deploy: probed once that deploy finished).
   */
  async function adoptTargets(
    targets: readonly ProbeTarget[],
    now: number,
    options_: { deployChanged: boolean },
  ): Promise<void> {
    const fresh = targets.filter((target) => !scheduled.has(target.commonsId));
    const previous = await loadCommonsHealth(
      database,
      fresh.map((target) => target.commonsId),
    );
    for (const target of targets) {
      const entry = scheduled.get(target.commonsId);
      const finished = target.deploy.finishedAt !== null;
      if (entry) {
        const before = entry.target.deploy;
        entry.target = target;
        if (finished && (before.id !== target.deploy.id || before.finishedAt !== target.deploy.finishedAt))
          entry.dueAt = Math.min(entry.dueAt, now);
      } else
        scheduled.set(target.commonsId, {
          shard: probeShardOf(target.commonsId),
          target,
          dueAt: options_.deployChanged && finished ? now : now + Math.random() * options.intervalMs,
          inFlight: false,
          previous: previous.get(target.commonsId),
        });
    }
  }

  function* watchedTargets(): Iterable<ProbeTarget> {
    for (const entry of scheduled.values()) yield entry.target;
  }

  /** Reloads the signals of the commons whose latest deploy changed or finished (deployChanges.ts). */
  async function watchDeploys(): Promise<void> {
    const now = Date.now();
    const changed = await deployChangesOf(
      database,
      { get: (commonsId) => scheduled.get(commonsId)?.target, values: watchedTargets },
      {
        sinceMs: lastDeployWatch - DEPLOY_WATCH_OVERLAP_MS,
        inShards: (commonsId) => shards.has(probeShardOf(commonsId)),
      },
    );
    lastDeployWatch = now;
    if (changed.size === 0 || stopped) return;
    const targets = await loadProbeTargets(context, shards, {
      argoMs: options.timeoutMs,
      orgSlugs,
      onlyCommons: changed,
    });
    await adoptTargets(targets, now, { deployChanged: true });
  }

  async function maintain(): Promise<void> {
    const now = Date.now();
    const before = [...shards].sort().join(',');
    shards = await maintainShardLeases(database, {
      prober,
      leaseMs,
      now,
      beforeRelease: async (giving) => {
        // Stop launching rounds of those shards, then wait for the ones in flight.
        const given = new Set(giving);
        shards = new Set([...shards].filter((shard) => !given.has(shard)));
        await Promise.allSettled(
          [...scheduled.values()].filter((entry) => given.has(entry.shard)).map((entry) => entry.round),
        );
      },
    });
    // Our rows now say `now + leaseMs`; past that another process may take them over.
    leaseValidUntil = now + leaseMs;
    metrics.shardsHeld.set(shards.size);
    if (stopped) return;
    if (before !== [...shards].sort().join(',') || now - lastRefresh >= refreshMs) {
      lastRefresh = now;
      await refreshTargets(now);
    }
    // Pruning is idempotent; the holder of shard 0 does it, daily.
    if (shards.has(0) && now - lastPrune > 86_400_000) {
      lastPrune = now;
      const pruned = await pruneMonitorHistory(database, options.retentionDays, now);
      if (pruned > 0) log.info({ pruned }, 'pruned monitor history past retention');
    }
  }

  /** One probe round of a commons: every endpoint at once, each timed, the whole under a deadline. */
  async function probeRound(entry: Scheduled, startedAt: number): Promise<void> {
    const { target } = entry;
    // One DNS answer per round, shared by the endpoints; every address still passes the egress check.
    let lookup: Promise<Array<{ address: string; family: number }>> | undefined;
    const resolve = (hostname: string) =>
      (lookup ??= withDeadline(
        dns.lookup(hostname, { all: true, verbatim: true }),
        options.timeoutMs,
        `DNS for ${hostname}`,
      ));
    const simulated = context.gitops.simulatedArgoCd;
    const probeOne = async (endpoint: ProbeTarget['endpoints'][number]): Promise<ProbedService> => {
      const began = performance.now();
      const [result] = await probeGen3Status({
        baseUrl: target.baseUrl,
        endpoints: [endpoint],
        allowedCidrs: context.config.probeAllowedCidrs,
        trustedOrigin: simulated ? context.simArgoCdUrl : undefined,
        timeoutMs: options.timeoutMs,
        resolve,
        egress,
      });
      return { ...result!, latencyMs: Math.round(performance.now() - began) };
    };
    const began = performance.now();
    // Each endpoint's result as it comes; at the deadline the unanswered ones are reported with it, and the
    // endpoints not started yet are not started any more.
    const { endpoints } = target;
    const results: Array<ProbedService | undefined> = new Array(endpoints.length);
    let next = 0;
    let expired = false;
    const work = async () => {
      while (next < endpoints.length && !expired) {
        const index = next++;
        results[index] = await probeOne(endpoints[index]!);
      }
    };
    let deadlineMessage = '';
    try {
      await withDeadline(
        Promise.all(Array.from({ length: Math.min(ROUND_CONNECTIONS, endpoints.length) }, work)),
        roundDeadlineMs,
        `the probe of ${target.orgSlug}/${target.commonsName}`,
      );
    } catch (error) {
      expired = true;
      deadlineMessage = (error as Error).message;
    }
    const probes: ProbedService[] = endpoints.map(
      (endpoint, index) =>
        results[index] ?? {
          service: endpoint.chart,
          path: `${endpoint.prefix ? `/${endpoint.prefix}` : ''}/_status`,
          status: 'unreachable',
          httpStatus: null,
          detail: deadlineMessage,
          latencyMs: null,
        },
    );
    const probeMs = performance.now() - began;
    metrics.probeDuration.observe(probeMs / 1000);
    if (stopped || !scheduled.has(target.commonsId)) return;
    // One slow answer is as often this process's own busy event loop as the service: a service counts as
    // slow after SLOW_ROUNDS slow rounds in a row (the benchmark showed a saturated prober flapping otherwise).
    const slowStreaks = (entry.slowStreaks ??= new Map());
    for (const probe of probes) {
      const slow = probe.status === 'healthy' && probe.latencyMs !== null && probe.latencyMs > options.slowMs;
      const streak = slow ? (slowStreaks.get(probe.service) ?? 0) + 1 : 0;
      slowStreaks.set(probe.service, streak);
      if (slow && streak < SLOW_ROUNDS) probe.slowConfirmed = false;
    }
    const health = assessCommonsHealth(probes, target.signals, options.slowMs);
    // A full write carries the check time too: an older pending one must not follow it.
    pendingChecks.delete(target.commonsId);
    const { stored, transitions } = await recordProbedCommons(
      database,
      {
        commonsId: target.commonsId,
        orgId: target.orgId,
        commonsName: target.commonsName,
        health,
        probeMs,
        at: new Date(startedAt).toISOString(),
        signalsAt: target.signalsAt,
      },
      entry.previous,
      { deferCheck: (check) => pendingChecks.set(check.commonsId, check) },
    );
    entry.previous = stored;
    if (stored.state === 'healthy' && target.deployTrace)
      await traceFirstHealthyProbe(database, target, {
        startedAt,
        endedAt: Date.now(),
        services: probes.length,
      }).catch((error) => log.warn({ err: error }, 'could not trace the first healthy probe'));
    metrics.setCommonsHealth(target.orgSlug, target.commonsName, stored.state, probeMs / 1000);
    await reportCertificate(entry);
    for (const transition of transitions) {
      log.info(
        {
          commons: `${target.orgSlug}/${target.commonsName}`,
          service: transition.service,
          from: transition.from,
          to: transition.to,
          reason: transition.reason,
        },
        'health changed',
      );
      for (const listener of listeners) {
        try {
          listener(transition);
        } catch (error) {
          log.error({ err: error }, 'a health transition listener failed');
        }
      }
    }
  }

  /** The certificate the commons presented, to the alert engine when it is new or once a day. */
  async function reportCertificate(entry: Scheduled): Promise<void> {
    const { target } = entry;
    if (!target.baseUrl.startsWith('https:') || !egress.certificateOf) return;
    const certificate = egress.certificateOf(new URL(target.baseUrl).hostname);
    if (!certificate) return;
    const key = certificateReportKey(certificate);
    if (entry.certificateReported === key) return;
    entry.certificateReported = key;
    await reportAlertCondition(database, certificateExpirySignal(target, certificate)).catch((error) =>
      log.warn({ err: error }, 'could not report the certificate expiry'),
    );
  }

  function launch(entry: Scheduled, now: number): void {
    const { hostKey } = entry.target;
    entry.inFlight = true;
    inFlight++;
    roundCount++;
    hostInFlight.set(hostKey, (hostInFlight.get(hostKey) ?? 0) + 1);
    metrics.probesInFlight.set(inFlight);
    const lagMs = Math.max(0, now - entry.dueAt);
    metrics.probeLag.observe(lagMs / 1000);
    // Keep the cadence; a commons that fell more than an interval behind starts afresh.
    entry.dueAt = nextDue(now - entry.dueAt > options.intervalMs ? now : entry.dueAt);
    const round: Promise<void> = probeRound(entry, now)
      .then(() => options.onProbeRound?.({ lagMs, durationMs: Date.now() - now }))
      .catch((error) => log.error({ err: error, commons: entry.target.commonsName }, 'probe round failed'))
      .finally(() => {
        entry.inFlight = false;
        inFlight--;
        hostInFlight.set(hostKey, hostInFlight.get(hostKey)! - 1);
        metrics.probesInFlight.set(inFlight);
        rounds.delete(round);
      });
    rounds.add(round);
    entry.round = round;
  }

  function dispatch(): void {
    if (stopped) return;
    const now = Date.now();
    if (now + roundReachMs >= leaseValidUntil) return;
    for (const entry of scheduled.values()) {
      if (inFlight >= maxConcurrency) break;
      if (entry.inFlight || entry.dueAt > now || !shards.has(entry.shard)) continue;
      if ((hostInFlight.get(entry.target.hostKey) ?? 0) >= options.perHostConcurrency) continue;
      launch(entry, now);
    }
  }

  const flushChecks = () => {
    if (flushing || pendingChecks.size === 0) return flushing;
    const checks = [...pendingChecks.values()];
    pendingChecks.clear();
    flushing = recordProbeChecks(database, checks)
      .catch((error) => log.error({ err: error, commons: checks.length }, 'could not record probe checks'))
      .finally(() => (flushing = undefined));
    return flushing;
  };
  const flushTimer = setInterval(flushChecks, CHECK_FLUSH_MS);
  flushTimer.unref();

  /** Queues `work` after what is queued, unless the same kind of work is already waiting. */
  const enqueue = (kind: string, work: () => Promise<void>) => {
    if (queued.has(kind) || stopped) return;
    queued.add(kind);
    chain = chain
      .then(() => (queued.delete(kind), stopped ? undefined : work()))
      .catch((error) => log.error({ err: error }, `probe ${kind} failed`));
  };
  const runMaintenance = () => enqueue('lease round', maintain);
  runMaintenance();
  const leaseTimer = setInterval(runMaintenance, Math.max(50, leaseMs / 3));
  const deployTimer = setInterval(() => enqueue('deploy watch', watchDeploys), deployPollMs);
  deployTimer.unref();
  // Short ticks launch few rounds each: at 5,000 commons a 250 ms tick started ~40 rounds (400 requests) in
  // one go, a burst that held up the API sharing this process's event loop.
  const tickMs = Math.max(20, Math.min(50, options.intervalMs / 20));
  const dispatchTimer = setInterval(dispatch, tickMs);
  leaseTimer.unref();
  dispatchTimer.unref();

  function halt(): void {
    stopped = true;
    clearInterval(leaseTimer);
    clearInterval(deployTimer);
    clearInterval(dispatchTimer);
    clearInterval(flushTimer);
  }

  return {
    prober,
    async stop() {
      halt();
      await chain;
      await Promise.allSettled([...rounds]);
      await flushing;
      await flushChecks();
      await releaseShardLeases(database, prober);
      for (const entry of scheduled.values())
        metrics.forgetCommons(entry.target.orgSlug, entry.target.commonsName);
      scheduled.clear();
    },
    abandon() {
      halt();
      scheduled.clear();
    },
    onHealthTransition(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats: () => ({
      shards: [...shards].sort((a, b) => a - b),
      targets: scheduled.size,
      rounds: roundCount,
      inFlight,
    }),
  };
}
