// Join tokens, enrolment, credentials and revocation on real SQLite and PostgreSQL: a token works once, a
// credential is bound to one agent of one commons, a revoked agent gets nothing more.
import { newId } from '@csoc/common';
import { credentialRequestPayload } from '@csoc/common/agent-protocol';
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { nowIso } from '../db/schema.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import {
  agentOfCommons,
  authenticateAgentCredential,
  createJoinToken,
  enrolAgent,
  issueAgentCredential,
  pendingJoinTokenOf,
  revokeAgentsOfCommons,
  revokedAmong,
  withdrawJoinTokenIfUnused,
} from './agentStore.ts';

function newKeyPair(): { publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

function signedRequest(agentId: string, privateKey: KeyObject, iat = Date.now()) {
  const nonce = randomBytes(16).toString('base64url');
  const signature = sign(
    null,
    Buffer.from(credentialRequestPayload(agentId, iat, nonce)),
    privateKey,
  ).toString('base64url');
  return { agentId, iat, nonce, signature };
}

describe.each(testDatabaseTargets)('the agent store on $dialect', (target) => {
  let database: CsocDatabase;
  let orgId: string;

  beforeAll(async () => {
    database = createDatabase({ url: await target.create(), dataDir: '/nonexistent' });
    await migrateToLatest(database);
    orgId = newId();
    const now = nowIso();
    await database.db
      .insertInto('orgs')
      .values({
        id: orgId,
        slug: `org-${orgId.slice(-12)}`,
        name: 'Org',
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('tells an unused token apart; a withdrawn token no longer enrols, a used one cannot be withdrawn', async () => {
    const commonsId = newId();
    expect(await pendingJoinTokenOf(database.db, commonsId)).toBeUndefined();
    const first = await createJoinToken(database.db, { orgId, commonsId }, 'deploy');
    expect((await pendingJoinTokenOf(database.db, commonsId))?.id).toBe(first.id);
    // Expired tokens do not count as pending.
    expect(
      await pendingJoinTokenOf(database.db, commonsId, new Date(Date.parse(first.expiresAt) + 1000)),
    ).toBeUndefined();

    expect(await withdrawJoinTokenIfUnused(database.db, commonsId, first.id)).toBe(true);
    expect(await pendingJoinTokenOf(database.db, commonsId)).toBeUndefined();
    await expect(
      enrolAgent(database.db, { joinToken: first.token, publicKeyPem: newKeyPair().publicKeyPem }),
    ).rejects.toThrow(/unknown, already used or expired/);

    const second = await createJoinToken(database.db, { orgId, commonsId }, 'deploy');
    await enrolAgent(database.db, { joinToken: second.token, publicKeyPem: newKeyPair().publicKeyPem });
    expect(await pendingJoinTokenOf(database.db, commonsId)).toBeUndefined();
    expect(await withdrawJoinTokenIfUnused(database.db, commonsId, second.id)).toBe(false);
  });

  it('enrols with a join token once; the token is refused the second time and after 24 hours', async () => {
    const commonsId = newId();
    const { token } = await createJoinToken(database.db, { orgId, commonsId }, 'admin@example.org');
    const enrolled = await enrolAgent(database.db, {
      joinToken: token,
      publicKeyPem: newKeyPair().publicKeyPem,
    });
    expect(enrolled).toMatchObject({ orgId, commonsId, replacedAgentIds: [] });
    await expect(
      enrolAgent(database.db, { joinToken: token, publicKeyPem: newKeyPair().publicKeyPem }),
    ).rejects.toMatchObject({
      code: 'invalid_join_token',
    });
    const old = await createJoinToken(
      database.db,
      { orgId, commonsId },
      'admin@example.org',
      new Date(Date.now() - 25 * 3600_000),
    );
    await expect(
      enrolAgent(database.db, { joinToken: old.token, publicKeyPem: newKeyPair().publicKeyPem }),
    ).rejects.toMatchObject({
      code: 'invalid_join_token',
    });
    const stored = await database.db.selectFrom('agent_join_tokens').select('token_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('issues a credential bound to the agent for a valid signature, and refuses replays and other keys', async () => {
    const commonsId = newId();
    const { token } = await createJoinToken(database.db, { orgId, commonsId }, 'admin@example.org');
    const keys = newKeyPair();
    const { agentId } = await enrolAgent(database.db, { joinToken: token, publicKeyPem: keys.publicKeyPem });
    const request = signedRequest(agentId, keys.privateKey);
    const issued = await issueAgentCredential(database.db, request);
    expect(await authenticateAgentCredential(database.db, `Bearer ${issued.credential}`)).toEqual({
      agentId,
      orgId,
      commonsId,
    });
    await expect(issueAgentCredential(database.db, request)).rejects.toThrow(/replay/);
    await expect(
      issueAgentCredential(database.db, signedRequest(agentId, newKeyPair().privateKey)),
    ).rejects.toThrow(/signature does not match/);
    // Renewal: the new credential works, the previous one stops.
    const renewed = await issueAgentCredential(
      database.db,
      signedRequest(agentId, keys.privateKey, request.iat + 1),
    );
    await expect(
      authenticateAgentCredential(database.db, `Bearer ${issued.credential}`),
    ).rejects.toMatchObject({
      code: 'invalid_agent_credential',
    });
    expect((await authenticateAgentCredential(database.db, `Bearer ${renewed.credential}`)).agentId).toBe(
      agentId,
    );
    // Expired after 15 minutes.
    await expect(
      authenticateAgentCredential(
        database.db,
        `Bearer ${renewed.credential}`,
        new Date(Date.now() + 16 * 60_000),
      ),
    ).rejects.toMatchObject({ code: 'invalid_agent_credential' });
  });

  it('revocation stops credentials and renewals; a new enrolment replaces the previous agent', async () => {
    const commonsId = newId();
    const keys = newKeyPair();
    const first = await enrolAgent(database.db, {
      joinToken: (await createJoinToken(database.db, { orgId, commonsId }, 'a')).token,
      publicKeyPem: keys.publicKeyPem,
    });
    const issued = await issueAgentCredential(database.db, signedRequest(first.agentId, keys.privateKey));
    const second = await enrolAgent(database.db, {
      joinToken: (await createJoinToken(database.db, { orgId, commonsId }, 'a')).token,
      publicKeyPem: newKeyPair().publicKeyPem,
    });
    expect(second.replacedAgentIds).toEqual([first.agentId]);
    await expect(authenticateAgentCredential(database.db, `Bearer ${issued.credential}`)).rejects.toThrow();
    expect(await revokedAmong(database.db, [first.agentId, second.agentId])).toEqual([first.agentId]);

    expect(await revokeAgentsOfCommons(database.db, commonsId, 'admin@example.org')).toEqual([
      second.agentId,
    ]);
    await expect(
      issueAgentCredential(database.db, signedRequest(second.agentId, keys.privateKey)),
    ).rejects.toMatchObject({
      code: 'agent_revoked',
    });
    expect(await agentOfCommons(database.db, commonsId)).toMatchObject({
      id: second.agentId,
      status: 'revoked',
    });
    expect(await revokeAgentsOfCommons(database.db, commonsId, 'admin@example.org')).toEqual([]);
  });
});
