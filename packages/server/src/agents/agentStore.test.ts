// Join tokens, enrolment, credentials and revocation on real SQLite and PostgreSQL: a token works once, a
// credential is bound to one agent of one commons, a revoked agent gets nothing more.
import { newId } from '@csoc/common';
import { credentialRequestPayload } from '@csoc/common/agent-protocol';
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { insertTestOrg, openMigratedTestDatabase } from '../testing/storeTestDatabase.ts';
import {
  agentOfCommons,
  authenticateAgentCredential,
  connectionOwnerOf,
  forgetAgentConnection,
  forgetReplica,
  recordAgentConnection,
  recordReplica,
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
    database = await openMigratedTestDatabase(target);
    orgId = await insertTestOrg(database);
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
      credentialExpiresAt: issued.expiresAt,
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

  it("finds the revoked among 70,000 agents: batched, as one query would exceed both databases' bind-parameter limits", async () => {
    const commonsId = newId();
    const now = nowIso();
    const ids = Array.from({ length: 70_000 }, () => newId());
    const revokedIndexes = new Set([0, 499, 500, 5_001, 69_999]);
    for (let start = 0; start < ids.length; start += 2_000)
      await database.db
        .insertInto('agents')
        .values(
          ids.slice(start, start + 2_000).map((id, offset) => ({
            id,
            org_id: orgId,
            commons_id: commonsId,
            public_key_pem: 'unused',
            status: revokedIndexes.has(start + offset) ? ('revoked' as const) : ('active' as const),
            version: null,
            enrolled_at: now,
            revoked_at: null,
            revoked_by: null,
            last_seen_at: null,
            last_credential_iat: 0,
            credential_hash: null,
            credential_expires_at: null,
          })),
        )
        .execute();
    const revoked = await revokedAmong(database.db, ids);
    expect(revoked.sort()).toEqual([...revokedIndexes].map((index) => ids[index]).sort());
    await database.db.deleteFrom('agents').where('commons_id', '=', commonsId).execute();
  });

  it('records which replica holds an agent; a late close of an older connection keeps the newer row', async () => {
    const commonsId = newId();
    const keys = newKeyPair();
    const agent = await enrolAgent(database.db, {
      joinToken: (await createJoinToken(database.db, { orgId, commonsId }, 'a')).token,
      publicKeyPem: keys.publicKeyPem,
    });
    const [replicaA, replicaB] = [newId(), newId()];
    await recordReplica(database.db, { id: replicaA, url: 'http://10.0.0.1:8080' });
    await recordReplica(database.db, { id: replicaB, url: 'http://10.0.0.2:8080' });
    expect(await connectionOwnerOf(database.db, commonsId)).toBeUndefined();

    const onA = await recordAgentConnection(database.db, agent, replicaA);
    expect(await connectionOwnerOf(database.db, commonsId)).toMatchObject({
      agentId: agent.agentId,
      orgId,
      replicaId: replicaA,
      epoch: onA,
      url: 'http://10.0.0.1:8080',
    });
    // The agent reconnects to B before A notices its socket closed: A's late cleanup must not erase B's row.
    const onB = await recordAgentConnection(database.db, agent, replicaB);
    expect(onB).toBe(onA + 1);
    await forgetAgentConnection(database.db, agent.agentId, replicaA, onA);
    expect(await connectionOwnerOf(database.db, commonsId)).toMatchObject({
      replicaId: replicaB,
      epoch: onB,
    });

    // A replica gone without cleanup keeps its row, without a URL once its replica row is removed.
    await forgetReplica(database.db, replicaA);
    await database.db.deleteFrom('csoc_replicas').where('id', '=', replicaB).execute();
    expect(await connectionOwnerOf(database.db, commonsId)).toMatchObject({
      replicaId: replicaB,
      url: undefined,
    });
    await forgetReplica(database.db, replicaB);
    expect(await connectionOwnerOf(database.db, commonsId)).toBeUndefined();

    // A revoked agent's row is never an owner.
    await recordAgentConnection(database.db, agent, replicaA);
    await revokeAgentsOfCommons(database.db, commonsId, 'a');
    expect(await connectionOwnerOf(database.db, commonsId)).toBeUndefined();
  });
});
