// What people see of a commons' Terraform state: the version history (any member), the lock, and for
// admins download, restore of an old version and force-unlock — each audited.
import { CommonsParams, Page, PageQuery } from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons } from '../commons/commonsStore.ts';
import { NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { summarizeStateResources } from './stateResources.ts';
import { currentStateLock, readStateVersion, releaseStateLock, writeStateVersion } from './stateStore.ts';

const StateVersion = Type.Object({
  id: Type.String(),
  serial: Type.Integer(),
  lineage: Type.String(),
  checksum: Type.String({ description: 'sha256 of the state document' }),
  size: Type.Integer(),
  writtenBy: Type.String(),
  runId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const StateLock = Type.Object({
  locked: Type.Boolean(),
  lockId: Type.Optional(Type.String()),
  runId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  info: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  since: Type.Optional(Type.String()),
});
const StateResources = Type.Object({
  serial: Type.Union([Type.Integer(), Type.Null()], {
    description: 'the current state version; null: none yet',
  }),
  createdAt: Type.Union([Type.String(), Type.Null()]),
  resources: Type.Array(
    Type.Object({
      address: Type.String(),
      module: Type.Union([Type.String(), Type.Null()]),
      mode: Type.Union([Type.Literal('managed'), Type.Literal('data')]),
      type: Type.String(),
      name: Type.String(),
      provider: Type.String(),
      instances: Type.Array(Type.String()),
      dependsOn: Type.Array(Type.String(), {
        description: 'addresses of resources in this state it depends on',
      }),
    }),
  ),
});
const VersionParams = Type.Object(
  { ...CommonsParams.properties, versionId: Type.String({ pattern: '^[0-9a-f-]{36}$' }) },
  { additionalProperties: false },
);

export function registerStateAdminRoutes(app: CsocApp): void {
  const { database, vault } = app.context;
  const db = database.db;

  app.get(
    '/api/v1/orgs/:org/commons/:commons/state/resources',
    {
      config: { action: 'state.list' },
      schema: {
        tags: ['state'],
        summary:
          'The resources of the current state: addresses, instances, providers, dependencies (never attribute values)',
        params: CommonsParams,
        response: { 200: StateResources },
      },
    },
    async (request) => {
      const commons = await findCommons(db, orgAccessOf(request).orgId, request.params.commons);
      const current = await readStateVersion(database, vault, commons.id);
      if (!current) return { serial: null, createdAt: null, resources: [] };
      let document: unknown;
      try {
        document = JSON.parse(current.body.toString('utf8'));
      } catch {
        document = undefined; // stored states were checked on write; an unreadable one lists nothing
      }
      return {
        serial: current.version.serial,
        createdAt: current.version.created_at,
        resources: summarizeStateResources(document),
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/state/versions',
    {
      config: { action: 'state.list' },
      schema: {
        tags: ['state'],
        summary: 'State versions, newest first (metadata only)',
        params: CommonsParams,
        querystring: PageQuery,
        response: { 200: Page(StateVersion) },
      },
    },
    async (request) => {
      const commons = await findCommons(db, orgAccessOf(request).orgId, request.params.commons);
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('state_versions')
        .select(['id', 'serial', 'lineage', 'checksum', 'size', 'written_by', 'run_id', 'created_at'])
        .where('commons_id', '=', commons.id)
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '<', page.afterId);
      return toPage(
        await query.execute(),
        page,
        (row) => row.id,
        (row) => ({
          id: row.id,
          serial: Number(row.serial),
          lineage: row.lineage,
          checksum: row.checksum,
          size: Number(row.size),
          writtenBy: row.written_by,
          runId: row.run_id,
          createdAt: row.created_at,
        }),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/state/versions/:versionId/download',
    {
      config: { action: 'state.read', auditRead: true },
      schema: {
        tags: ['state'],
        summary: 'Download a state version (admins; audited: state holds secrets)',
        params: VersionParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const version = await readStateVersion(database, vault, commons.id, request.params.versionId);
      if (!version)
        throw new NotFoundError('No such state version for this commons.', 'state_version_not_found');
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/state/${version.version.id}`,
        summary: { serial: version.version.serial, checksum: version.version.checksum },
      };
      return reply
        .type('application/json')
        .header(
          'content-disposition',
          `attachment; filename="${commons.name}-serial-${version.version.serial}.tfstate"`,
        )
        .send(version.body);
    },
  );

  app.post(
    '/api/v1/orgs/:org/commons/:commons/state/versions/:versionId/restore',
    {
      config: { action: 'state.manage' },
      schema: {
        tags: ['state'],
        summary: 'Make an old state version current again (admins; audited). Plans made before go stale.',
        params: VersionParams,
        response: { 200: StateVersion },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const old = await readStateVersion(database, vault, commons.id, request.params.versionId);
      if (!old) throw new NotFoundError('No such state version for this commons.', 'state_version_not_found');
      const written = await writeStateVersion(database, vault, {
        commonsId: commons.id,
        body: old.body,
        writtenBy: `restore:${request.principal!.email}`,
        runId: null,
        restore: true,
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/state`,
        summary: { restoredFrom: old.version.serial, newSerial: written.serial },
      };
      return {
        id: written.id,
        serial: written.serial,
        lineage: written.lineage,
        checksum: written.checksum,
        size: written.size,
        writtenBy: written.written_by,
        runId: written.run_id,
        createdAt: written.created_at,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/state/lock',
    {
      config: { action: 'state.list' },
      schema: {
        tags: ['state'],
        summary: 'Who holds the state lock, if anyone',
        params: CommonsParams,
        response: { 200: StateLock },
      },
    },
    async (request) => {
      const commons = await findCommons(db, orgAccessOf(request).orgId, request.params.commons);
      const lock = await currentStateLock(database, commons.id);
      return lock
        ? {
            locked: true,
            lockId: lock.lock_id,
            runId: lock.run_id,
            info: JSON.parse(lock.info) as Record<string, unknown>,
            since: lock.created_at,
          }
        : { locked: false };
    },
  );

  app.delete(
    '/api/v1/orgs/:org/commons/:commons/state/lock',
    {
      config: { action: 'state.manage' },
      schema: {
        tags: ['state'],
        summary: 'Force-unlock the state (admins; audited)',
        params: CommonsParams,
        response: { 200: StateLock },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const released = await releaseStateLock(database, commons.id, undefined, true);
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/state/lock`,
        summary: { forceUnlocked: released?.lock_id, heldByRun: released?.run_id },
      };
      return { locked: false };
    },
  );
}
