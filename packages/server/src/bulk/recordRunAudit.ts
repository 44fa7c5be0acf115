// One audit event per run a bulk action touched, the same action and target as the single-run route writes,
// so the audit log of a commons reads the same whether its plan was started or approved alone or in bulk.
import type { FastifyRequest } from 'fastify';
import { appendAuditEvent } from '../audit/auditLog.ts';
import type { AppContext } from '../http/appContext.ts';

export interface RunAuditEntry {
  action: 'run.plan' | 'run.approve';
  orgSlug: string;
  commons: string;
  /** Absent when no run was started (its failure is then the outcome). */
  runId?: string;
  outcome: 'success' | 'failure' | 'denied';
  summary: Record<string, unknown>;
}

/** Appends the event for one run, as the request's principal, with the request's id to tie it to the bulk call. */
export async function recordRunAudit(
  context: AppContext,
  request: FastifyRequest,
  entry: RunAuditEntry,
): Promise<void> {
  const principal = request.principal!;
  await appendAuditEvent(context.database, {
    actorKind: principal.token ? 'token' : 'user',
    actorId: principal.userId,
    actorLabel: principal.token ? `${principal.email} (token ${principal.token.name})` : principal.email,
    orgId: request.orgAccess?.orgId ?? null,
    action: entry.action,
    target: `orgs/${entry.orgSlug}/commons/${entry.commons}/runs${entry.runId ? `/${entry.runId}` : ''}`,
    outcome: entry.outcome,
    requestId: String(request.id),
    sourceIp: request.ip,
    summary: { ...entry.summary, bulk: true },
  });
}
