// Writes one audit event for every mutating request (and every read a route marks sensitive), before
// the response leaves: if the event cannot be written, the caller gets a 503 instead of a success that
// left no trace. Anonymous requests refused at the authentication gate are logged, not audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/appContext.ts';
import { appendAuditEvent, redactSecrets } from './auditLog.ts';
import '../identity/principal.ts';

// LOCK and UNLOCK are the Terraform state backend's: taking or releasing a commons' state lock is a change.
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'LOCK', 'UNLOCK']);

function shouldAudit(request: FastifyRequest): boolean {
  // Read once: Fastify builds a new routeOptions object on every access.
  const route = request.routeOptions;
  if (!route.url) return false;
  const config = route.config ?? {};
  if (!MUTATING.has(request.method) && !config.auditRead) return false;
  // A public mutation (sign-in, accepting an invitation) is audited even without a principal.
  return (
    Boolean(request.principal) ||
    config.action === 'public' ||
    config.action === 'invitation.accept' ||
    config.action === 'state.backend'
  );
}

function errorCodeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{"error"')) return undefined;
  try {
    return (JSON.parse(payload) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

export function installAuditing(app: FastifyInstance, context: AppContext): void {
  // A callback hook: most requests (reads) are not audited, and should not pay for a promise each.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!shouldAudit(request)) {
      done(null, payload);
      return;
    }
    auditedPayload(context, request, reply, payload).then((sent) => done(null, sent), done);
  });
}

/** Writes the request's audit event; returns the payload to send (a 503 when the event could not be written). */
async function auditedPayload(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const principal = request.principal;
  const note = request.auditNote ?? {};
  const status = note.failure?.statusCode ?? reply.statusCode;
  const errorCode = note.failure?.errorCode ?? (status >= 400 ? errorCodeOf(payload) : undefined);
  // Only a parsed JSON document is summarized; a raw body (a Buffer: state, uploads) never is.
  const body =
    request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body)
      ? request.body
      : undefined;
  try {
    await appendAuditEvent(context.database, {
      actorKind: principal ? (principal.token ? 'token' : 'user') : 'anonymous',
      actorId: principal?.userId ?? note.actorId ?? null,
      actorLabel: principal
        ? principal.token
          ? `${principal.email} (token ${principal.token.name})`
          : principal.email
        : (note.actorLabel ?? 'anonymous'),
      orgId: request.orgAccess?.orgId ?? note.orgId ?? principal?.token?.orgId ?? null,
      action: request.routeOptions.config?.action ?? 'unknown',
      target: note.target ?? request.url.split('?')[0]!,
      outcome: status < 400 ? 'success' : [401, 403, 404].includes(status) ? 'denied' : 'failure',
      statusCode: status,
      requestId: String(request.id),
      sourceIp: request.ip,
      summary: {
        ...(note.summary ?? (body ? { request: redactSecrets(body) } : {})),
        ...(errorCode ? { error: errorCode } : {}),
      },
    });
  } catch (error) {
    request.log.error({ err: error }, 'could not write the audit event');
    void reply.code(503).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({
      error: {
        code: 'audit_unavailable',
        message: 'The change could not be recorded in the audit log; check the database and retry.',
        requestId: String(request.id),
      },
    });
  }
  return payload;
}
