// What every area's routes and services receive: configuration, database, logger, metrics, the process
// lifecycle and the areas' per-process services. Only the composition root (createAppContext.ts) builds it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import type { CsocConfig } from '../config/configSchema.ts';
import type { Vault } from '../credentials/createVault.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { DeployFollowers } from '../gitops/deploys/deployFollowers.ts';
import type { GitopsServices } from '../gitops/gitopsServices.ts';
import type { Metrics } from '../telemetry/createMetrics.ts';
import type { AgentHub } from '../agents/createAgentHub.ts';

export interface Lifecycle {
  /** False once shutdown began: /readyz answers 503 so load balancers stop sending work. */
  accepting: boolean;
}

export interface AppContext {
  config: CsocConfig;
  database: CsocDatabase;
  logger: Logger;
  metrics: Metrics;
  /** The URL users and plugins reach this CSOC at, without a trailing slash. */
  publicUrl: string;
  lifecycle: Lifecycle;
  /** Encrypts secrets at rest (credentials/createVault.ts). */
  vault: Vault;
  /** Local passwords are off; users sign in through OpenID Connect only. */
  ssoOnly: boolean;
  /** The embedded simulated Argo CD and commons endpoints (gitops/sim-argocd), when running. */
  simArgoCdUrl?: string;
  /** The Bearer token the embedded simulated Argo CD requires (secret). */
  simArgoCdToken?: string;
  /** The GitOps repository and the Argo CD clients of this process (gitops/gitopsServices.ts). */
  gitops: GitopsServices;
  /** The deploys this process follows; started and stopped by the `deploy-followers` background task. */
  deployFollowers: DeployFollowers;
  /** The csoc-agents connected to this process, and requests to them (agents/createAgentHub.ts). */
  agentHub: AgentHub;
}

/** One registered route, as the access and audit tests enumerate them. */
export interface RouteInfo {
  method: string;
  url: string;
  action: string | undefined;
}

export type CsocApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
> & { context: AppContext; routeTable: RouteInfo[] };
