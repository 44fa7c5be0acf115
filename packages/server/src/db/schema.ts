// The Kysely view of every table. Each area declares its own tables beside its code; this file only
// joins them so one Kysely instance can serve all areas.
import type { AuditTables } from '../audit/auditTables.ts';
import type { CredentialTables } from '../credentials/credentialTables.ts';
import type { CommonsTables } from '../commons/commonsTables.ts';
import type { IdentityTables } from '../identity/identityTables.ts';
import type { PluginTables } from '../plugins/pluginTables.ts';
import type { RunTables } from '../runs/runTables.ts';
import type { StateTables } from '../state/stateTables.ts';
import type { RateLimitTables } from '../http/rateLimitTables.ts';
import type { GitopsTables } from '../gitops/gitopsTables.ts';
import type { AlertTables } from '../alerts/alertTables.ts';
import type { MonitorTables } from '../monitor/monitorTables.ts';
import type { StatusPageTables } from '../statuspage/statusPageTables.ts';
import type { DriftScheduleTables } from '../drift/driftScheduleTables.ts';
import type { TelemetryTables } from '../telemetry-ingest/telemetryTables.ts';
import type { WaveTables } from '../waves/waveTables.ts';
import type { AgentTables } from '../agents/agentTables.ts';
import type { ClusterActionTables } from '../agents/actions/clusterActionTables.ts';

export interface Database
  extends
    IdentityTables,
    AuditTables,
    CredentialTables,
    PluginTables,
    CommonsTables,
    RunTables,
    StateTables,
    GitopsTables,
    MonitorTables,
    RateLimitTables,
    AlertTables,
    StatusPageTables,
    DriftScheduleTables,
    TelemetryTables,
    WaveTables,
    AgentTables,
    ClusterActionTables {}

/** Timestamps are ISO-8601 UTC strings in both dialects, so they sort and compare as text. */
export function nowIso(): string {
  return new Date().toISOString();
}
