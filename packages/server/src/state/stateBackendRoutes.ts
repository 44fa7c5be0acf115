// Terraform's `http` backend, one per commons: GET (current state), POST (new version), LOCK and UNLOCK
// (423 with the holder's lock info when taken). Plugins authenticate with the run-scoped token CSOC
// hands each run: it reaches only its own commons' state, and only while the run executes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { timingSafeEqual } from 'node:crypto';
import { nowIso } from '../db/schema.ts';
import { AuthenticationError, InputError, LockedError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { sha256Hex } from '../crypto/sha256Hex.ts';
import {
  acquireStateLock,
  readStateVersion,
  releaseStateLock,
  type TerraformLockInfo,
  writeStateVersion,
} from './stateStore.ts';

export const STATE_BACKEND_PATH = '/api/v1/state/:runId';
const MAX_STATE_BYTES = 64 * 1024 * 1024;

const BackendParams = Type.Object(
  { runId: Type.String({ pattern: '^[0-9a-f-]{36}$' }) },
  { additionalProperties: false },
);
const BackendQuery = Type.Object(
  { ID: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: true },
);

type BackendRun = { id: string; commons_id: string; org_id: string };
/** The run each authenticated backend request acts for, set by the onRequest gate before any body is read. */
const authenticatedRuns = new WeakMap<FastifyRequest, BackendRun>();

function declaredBodyBytes(request: FastifyRequest): number | undefined {
  const length = Number(request.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Checks the run-scoped token. Runs as an onRequest hook, before the body parser: a refused caller's body
 * is never read (the 401 goes out at once and the connection closes), so an anonymous client cannot make
 * CSOC buffer up to the state size limit. The audit summary holds metadata only, never the body.
 */
async function authenticateRun(app: CsocApp, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { runId } = request.params as { runId: string };
  const header = request.headers.authorization ?? '';
  const match = /^Basic (.+)$/i.exec(header);
  const bodyBytes = declaredBodyBytes(request);
  const summary = { method: request.method, ...(bodyBytes !== undefined ? { bodyBytes } : {}) };
  request.auditNote = { actorLabel: `run ${runId} (unverified)`, target: `runs/${runId}/state`, summary };
  const refuse = () => {
    // Do not wait for (or drain) a body nobody will read: close the connection after the 401.
    if (request.headers['content-length'] !== '0' || request.headers['transfer-encoding'])
      void reply.header('connection', 'close');
    return new AuthenticationError(
      'The state backend needs the run-scoped credentials of an executing run.',
      'invalid_run_token',
    );
  };
  if (!/^[0-9a-f-]{36}$/.test(runId) || !match) throw refuse();
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const username = decoded.slice(0, separator);
  const password = decoded.slice(separator + 1);
  if (username !== `run-${runId}`) throw refuse();
  const run = await app.context.database.db
    .selectFrom('runs')
    .select(['id', 'commons_id', 'org_id', 'state', 'state_token_hash', 'lease_expires_at'])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (
    !run ||
    !run.state_token_hash ||
    !['running', 'applying'].includes(run.state) ||
    !run.lease_expires_at ||
    run.lease_expires_at < nowIso()
  )
    throw refuse();
  const expected = Buffer.from(run.state_token_hash);
  const given = Buffer.from(sha256Hex(password));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refuse();
  request.auditNote = {
    actorLabel: `run ${run.id}`,
    target: `commons/${run.commons_id}/state`,
    orgId: run.org_id,
    summary,
  };
  authenticatedRuns.set(request, run);
}

function runOf(request: FastifyRequest): BackendRun {
  const run = authenticatedRuns.get(request);
  if (!run)
    throw new AuthenticationError('The state backend request was not authenticated.', 'invalid_run_token');
  return run;
}

/** Adds metadata (never content) to the request's audit summary. */
function noteSummary(request: FastifyRequest, extra: Record<string, unknown>): void {
  const note = (request.auditNote ??= {});
  note.summary = { ...note.summary, ...extra };
}

function sendLocked(reply: FastifyReply, error: LockedError) {
  // Terraform prints the holder from this body: the lock info document as JSON.
  return reply
    .status(423)
    .type('application/json')
    .send(JSON.stringify(error.holder ?? {}));
}

export function registerStateBackendRoutes(app: CsocApp): void {
  const { database, vault } = app.context;
  app.addHttpMethod('LOCK', { hasBody: true });
  app.addHttpMethod('UNLOCK', { hasBody: true });

  // Terraform sends state as JSON; keep the exact bytes (checksums) rather than re-serializing.
  app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => authenticateRun(app as CsocApp, request, reply));
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      ['application/json', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_STATE_BYTES },
      (_request, body, done) => done(null, body),
    );
    const routeOptions = (summary: string, hide = false) => ({
      config: { action: 'state.backend' },
      bodyLimit: MAX_STATE_BYTES,
      schema: {
        tags: ['state'],
        summary,
        params: BackendParams,
        querystring: BackendQuery,
        ...(hide ? { hide: true } : {}),
      },
    });

    scope.get(
      STATE_BACKEND_PATH,
      {
        ...routeOptions('Terraform http backend: read the current state (run-scoped credentials)'),
        schema: {
          ...routeOptions('').schema,
          summary: 'Terraform http backend: read the current state (run-scoped credentials)',
          response: { 200: Type.Unknown(), 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const run = runOf(request);
        const current = await readStateVersion(database, vault, run.commons_id);
        if (!current) return reply.status(204).send(null);
        return reply.type('application/json').send(current.body);
      },
    );

    scope.post(
      STATE_BACKEND_PATH,
      {
        ...routeOptions(''),
        schema: {
          ...routeOptions('').schema,
          summary: 'Terraform http backend: store a new state version (run-scoped credentials)',
          body: Type.Unknown(),
          response: { 200: Type.Null() },
        },
      },
      async (request, reply) => {
        const run = runOf(request);
        const body = request.body as Buffer;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new InputError('Send the state document as the body.', [
            { field: 'body', message: 'is empty' },
          ]);
        const lockId = (request.query as { ID?: string }).ID;
        noteSummary(request, { bodyBytes: body.length, ...(lockId ? { lockId } : {}) });
        try {
          const version = await writeStateVersion(database, vault, {
            commonsId: run.commons_id,
            body,
            writtenBy: `run:${run.id}`,
            runId: run.id,
            lockId,
          });
          noteSummary(request, { serial: Number(version.serial) });
        } catch (error) {
          if (error instanceof LockedError) return sendLocked(reply, error);
          throw error;
        }
        return reply.status(200).send(null);
      },
    );

    const lockHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const run = runOf(request);
      const info = parseLockInfo(request.body);
      noteSummary(request, { lockId: info.ID, ...(info.Operation ? { operation: info.Operation } : {}) });
      try {
        await acquireStateLock(database, run.commons_id, info, run.id);
      } catch (error) {
        if (error instanceof LockedError) return sendLocked(reply, error);
        throw error;
      }
      return reply.status(200).send(null);
    };
    const unlockHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const run = runOf(request);
      const info = request.body && (request.body as Buffer).length ? parseLockInfo(request.body) : undefined;
      if (info) noteSummary(request, { lockId: info.ID });
      try {
        await releaseStateLock(database, run.commons_id, info?.ID);
      } catch (error) {
        if (error instanceof LockedError) return sendLocked(reply, error);
        throw error;
      }
      return reply.status(200).send(null);
    };
    // LOCK/UNLOCK are Terraform's defaults; POST .../lock and .../unlock serve clients set to lock_method=POST.
    scope.route({
      method: 'LOCK',
      url: STATE_BACKEND_PATH,
      ...routeOptions('Terraform http backend: lock', true),
      handler: lockHandler,
    });
    scope.route({
      method: 'UNLOCK',
      url: STATE_BACKEND_PATH,
      ...routeOptions('Terraform http backend: unlock', true),
      handler: unlockHandler,
    });
    scope.post(
      `${STATE_BACKEND_PATH}/lock`,
      {
        ...routeOptions(''),
        schema: {
          ...routeOptions('').schema,
          summary: 'Terraform http backend: lock (lock_method = POST)',
          body: Type.Unknown(),
          response: { 200: Type.Null() },
        },
      },
      lockHandler,
    );
    scope.post(
      `${STATE_BACKEND_PATH}/unlock`,
      {
        ...routeOptions(''),
        schema: {
          ...routeOptions('').schema,
          summary: 'Terraform http backend: unlock (unlock_method = POST)',
          body: Type.Unknown(),
          response: { 200: Type.Null() },
        },
      },
      unlockHandler,
    );
  });
}

function parseLockInfo(body: unknown): TerraformLockInfo {
  try {
    const info = JSON.parse(
      Buffer.isBuffer(body) ? body.toString('utf8') : String(body),
    ) as TerraformLockInfo;
    if (!info || typeof info.ID !== 'string') throw new Error('no ID');
    return info;
  } catch {
    throw new InputError('The lock body must be Terraform lock info JSON with an ID.', [
      { field: 'body.ID', message: 'is required' },
    ]);
  }
}
