// Cloud accounts of an org under /api/v1/orgs/:org/accounts: create, list, read, update, rotate secrets,
// delete. Secret fields are write-only: responses show which are set, a fingerprint and when they last
// changed, never a value.
import {
  CloudAccount,
  CloudAccountOrgParams,
  CloudAccountParams,
  CreateCloudAccountRequest,
  newId,
  Page,
  PageQuery,
  RotateCloudAccountSecretsRequest,
  UpdateCloudAccountRequest,
} from '@csoc/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { nowIso } from '../db/schema.ts';
import { ConflictError, NotFoundError, PreconditionError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { principalOf } from '../identity/authenticateRequest.ts';
import type { OrgsTable } from '../identity/identityTables.ts';
import type { SecretFields } from './createVault.ts';
import type { CloudAccountsTable } from './credentialTables.ts';
import { cloudAccountSecretBinding, secretColumnsOf } from './readAccountSecrets.ts';
import { assertValidCloudAccount, describeSecretFields } from './validateCloudAccount.ts';

function toCloudAccount(row: CloudAccountsTable): CloudAccount {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    public: JSON.parse(row.public_fields) as Record<string, unknown>,
    secretFields: describeSecretFields(row.kind, JSON.parse(row.secret_fields) as string[]),
    secretFingerprint: row.secret_fingerprint,
    secretsRotatedAt: row.secrets_rotated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    version: row.version,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' && message.includes('UNIQUE constraint failed'))
  );
}

/** JSON merge patch (RFC 7396) of flat public fields: null removes a field, anything else sets it. */
function mergePublicFields(current: Record<string, unknown>, patch: Record<string, unknown>) {
  const merged = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

export function registerCloudAccountRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;

  async function findOrg(slug: string): Promise<OrgsTable> {
    const org = await db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!org) throw new NotFoundError(`No organization "${slug}"; list yours with GET /api/v1/orgs.`);
    return org;
  }

  async function findAccount(org: OrgsTable, name: string): Promise<CloudAccountsTable> {
    const account = await db
      .selectFrom('cloud_accounts')
      .selectAll()
      .where('org_id', '=', org.id)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!account)
      throw new NotFoundError(
        `No cloud account "${name}" in organization "${org.slug}"; list them with GET /api/v1/orgs/${org.slug}/accounts.`,
      );
    return account;
  }

  /** Writes new public fields and/or new secrets, guarded by the version the caller read. */
  async function updateAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    change: { publicPatch?: Record<string, unknown>; secrets?: SecretFields },
  ) {
    const params = request.params as { org: string; account: string };
    const org = await findOrg(params.org);
    const account = await findAccount(org, params.account);
    checkIfMatch(request, account.version);
    const publicFields = change.publicPatch
      ? mergePublicFields(JSON.parse(account.public_fields) as Record<string, unknown>, change.publicPatch)
      : (JSON.parse(account.public_fields) as Record<string, unknown>);
    assertValidCloudAccount({
      kind: account.kind,
      publicFields,
      secrets: change.secrets,
      currentSecretNames: JSON.parse(account.secret_fields) as string[],
    });
    const now = nowIso();
    const updated: CloudAccountsTable = {
      ...account,
      public_fields: JSON.stringify(publicFields),
      updated_at: now,
      version: account.version + 1,
    };
    if (change.secrets) {
      const sealed = await context.vault.sealSecrets(cloudAccountSecretBinding(account.id), change.secrets);
      Object.assign(updated, secretColumnsOf(sealed, change.secrets, now));
    }
    const { id: _id, org_id: _orgId, created_at: _createdAt, created_by: _createdBy, ...columns } = updated;
    // The version guard makes a concurrent writer that passed the If-Match check lose, not overwrite.
    const result = await db
      .updateTable('cloud_accounts')
      .set(columns)
      .where('id', '=', account.id)
      .where('version', '=', account.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new PreconditionError(
        'The cloud account changed while you were updating it; read it again and retry.',
      );
    setEtag(reply, updated.version);
    return toCloudAccount(updated);
  }

  app.post(
    '/api/v1/orgs/:org/accounts',
    {
      config: { action: 'credentials.write' },
      schema: {
        tags: ['credentials'],
        summary: 'Add a cloud account (secret fields are write-only)',
        params: CloudAccountOrgParams,
        body: CreateCloudAccountRequest,
        response: { 201: CloudAccount },
      },
    },
    async (request, reply) => {
      const org = await findOrg(request.params.org);
      const { kind, name } = request.body;
      const publicFields = request.body.public as Record<string, unknown>;
      const secrets = (request.body.secrets ?? {}) as SecretFields;
      assertValidCloudAccount({ kind, publicFields, secrets });
      const taken = () =>
        new ConflictError(
          `A cloud account "${name}" already exists in "${org.slug}"; choose another name.`,
          'already_exists',
          [{ field: 'body.name', message: 'is taken' }],
        );
      const existing = await db
        .selectFrom('cloud_accounts')
        .select('id')
        .where('org_id', '=', org.id)
        .where('name', '=', name)
        .executeTakeFirst();
      if (existing) throw taken();
      const id = newId();
      const now = nowIso();
      const sealed = await context.vault.sealSecrets(cloudAccountSecretBinding(id), secrets);
      const row: CloudAccountsTable = {
        id,
        org_id: org.id,
        kind,
        name,
        public_fields: JSON.stringify(publicFields),
        ...secretColumnsOf(sealed, secrets, now),
        created_at: now,
        updated_at: now,
        version: 1,
        created_by: principalOf(request).userId,
      };
      try {
        await db.insertInto('cloud_accounts').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
      setEtag(reply, row.version);
      return reply.status(201).send(toCloudAccount(row));
    },
  );

  app.get(
    '/api/v1/orgs/:org/accounts',
    {
      config: { action: 'credentials.read' },
      schema: {
        tags: ['credentials'],
        summary: "List an organization's cloud accounts",
        params: CloudAccountOrgParams,
        querystring: PageQuery,
        response: { 200: Page(CloudAccount) },
      },
    },
    async (request) => {
      const org = await findOrg(request.params.org);
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('cloud_accounts')
        .selectAll()
        .where('org_id', '=', org.id)
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      return toPage(await query.execute(), page, (row) => row.id, toCloudAccount);
    },
  );

  app.get(
    '/api/v1/orgs/:org/accounts/:account',
    {
      config: { action: 'credentials.read' },
      schema: {
        tags: ['credentials'],
        summary: 'Read a cloud account (public fields, secret fingerprint; never secret values)',
        params: CloudAccountParams,
        response: { 200: CloudAccount },
      },
    },
    async (request, reply) => {
      const account = await findAccount(await findOrg(request.params.org), request.params.account);
      setEtag(reply, account.version);
      return toCloudAccount(account);
    },
  );

  app.patch(
    '/api/v1/orgs/:org/accounts/:account',
    {
      config: { action: 'credentials.write' },
      schema: {
        tags: ['credentials'],
        summary: 'Change public fields and/or replace the secret fields (send If-Match)',
        params: CloudAccountParams,
        body: UpdateCloudAccountRequest,
        response: { 200: CloudAccount },
      },
    },
    async (request, reply) => {
      return updateAccount(request, reply, {
        publicPatch: request.body.public as Record<string, unknown> | undefined,
        secrets: request.body.secrets as SecretFields | undefined,
      });
    },
  );

  app.post(
    '/api/v1/orgs/:org/accounts/:account/rotate',
    {
      config: { action: 'credentials.write' },
      schema: {
        tags: ['credentials'],
        summary: 'Replace the secret fields (new fingerprint and rotation time)',
        params: CloudAccountParams,
        body: RotateCloudAccountSecretsRequest,
        response: { 200: CloudAccount },
      },
    },
    async (request, reply) => {
      return updateAccount(request, reply, { secrets: request.body.secrets as SecretFields });
    },
  );

  app.delete(
    '/api/v1/orgs/:org/accounts/:account',
    {
      config: { action: 'credentials.write' },
      schema: {
        tags: ['credentials'],
        summary: 'Delete a cloud account and its secrets (If-Match honoured)',
        params: CloudAccountParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const org = await findOrg(request.params.org);
      const account = await findAccount(org, request.params.account);
      const expected = checkIfMatch(request, account.version);
      // Commons name their account by name: deleting one in use would strand their runs and destroys.
      const users = await db
        .selectFrom('commons')
        .select('name')
        .where('org_id', '=', account.org_id)
        .where('account_name', '=', account.name)
        .orderBy('name')
        .limit(6)
        .execute();
      if (users.length)
        throw new ConflictError(
          `Cloud account "${account.name}" is used by commons ${users
            .slice(0, 5)
            .map((row) => `"${row.name}"`)
            .join(
              ', ',
            )}${users.length > 5 ? ' and more' : ''}; move them to another account or delete them first.`,
          'account_in_use',
        );
      let query = db.deleteFrom('cloud_accounts').where('id', '=', account.id);
      if (expected !== undefined) query = query.where('version', '=', expected);
      const result = await query.executeTakeFirst();
      if (expected !== undefined && Number(result.numDeletedRows) !== 1)
        throw new PreconditionError(
          'The cloud account changed while you were deleting it; read it again and retry.',
        );
      return reply.status(204).send(null);
    },
  );
}
