// The agent's lifecycle over HTTP: an org admin creates a commons' join token (shown once), reads the
// agent's status and revokes it; the agent enrols with the token and its public key, then asks for
// short-lived credentials with signed requests. Token creation, enrolment and revocation are audited.
import { CommonsName, Slug } from '@csoc/common';
import {
  AGENT_CREDENTIAL_PATH,
  AGENT_ENROL_PATH,
  AgentCredentialRequest,
  AgentCredentialResponse,
  AgentEnrolRequest,
  AgentEnrolResponse,
  AgentJoinTokenResponse,
  AgentStatusResponse,
  LINK_CLOSE_CODES,
} from '@csoc/common/agent-protocol';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons, findCommonsById } from '../commons/commonsStore.ts';
import { NotFoundError } from '../errors.ts';
import { orgSlugOf } from '../identity/directory.ts';
import type { CsocApp } from '../http/appContext.ts';
import {
  agentOfCommons,
  createJoinToken,
  enrolAgent,
  issueAgentCredential,
  revokeAgentsOfCommons,
} from './agentStore.ts';

const TAGS = ['agents'];
export const AgentCommonsParams = Type.Object(
  { org: Slug, commons: CommonsName },
  { additionalProperties: false },
);

export function registerAgentRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const hub = context.agentHub;
  const commonsPath = '/api/v1/orgs/:org/commons/:commons/agent';
  const who = (request: { principal?: { email: string } }) => request.principal?.email ?? 'unknown';

  app.post(
    `${commonsPath}/join-token`,
    {
      config: { action: 'agent.manage' },
      schema: {
        tags: TAGS,
        summary:
          "Create a one-use join token (24 h) for the commons' csoc-agent; shown once. Enrolling replaces the commons' current agent.",
        params: AgentCommonsParams,
        response: { 201: AgentJoinTokenResponse },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const issued = await createJoinToken(db, { orgId: access.orgId, commonsId: commons.id }, who(request));
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/agent/join-token`,
        summary: { joinTokenId: issued.id, expiresAt: issued.expiresAt },
      };
      return reply.status(201).send({
        commons: commons.name,
        token: issued.token,
        expiresAt: issued.expiresAt,
        csocUrl: context.publicUrl,
      });
    },
  );

  app.get(
    commonsPath,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary: "The commons' csoc-agent: enrolled or not, connected to this CSOC, last seen, version",
        params: AgentCommonsParams,
        response: { 200: AgentStatusResponse },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const agent = await agentOfCommons(db, commons.id);
      return {
        commons: commons.name,
        enrolled: agent?.status === 'active',
        agentId: agent?.id ?? null,
        status: agent?.status ?? null,
        connected: agent?.status === 'active' && (await hub.isConnected(commons.id)),
        lastSeenAt: agent?.last_seen_at ?? null,
        version: agent?.version ?? null,
        enrolledAt: agent?.enrolled_at ?? null,
        revokedAt: agent?.revoked_at ?? null,
      };
    },
  );

  app.delete(
    commonsPath,
    {
      config: { action: 'agent.manage' },
      schema: {
        tags: TAGS,
        summary:
          "Revoke the commons' csoc-agent: its connection closes at once and it gets no new credential",
        params: AgentCommonsParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const revoked = await revokeAgentsOfCommons(db, commons.id, who(request));
      if (revoked.length === 0)
        throw new NotFoundError(
          `Commons ${commons.name} has no active agent; create a join token with POST ${request.url}/join-token.`,
          'agent_not_found',
        );
      for (const agentId of revoked) hub.disconnectAgent(agentId, LINK_CLOSE_CODES.revoked, 'agent revoked');
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/agent`,
        summary: { revokedAgentIds: revoked },
      };
      return reply.status(204).send(null);
    },
  );

  app.post(
    AGENT_ENROL_PATH,
    {
      // 'public' so the enrolment is audited although no user signs it: the join token authenticates it.
      config: { action: 'public' },
      schema: {
        tags: TAGS,
        summary: 'csoc-agent enrols with a join token and its Ed25519 public key (the token is burned)',
        body: AgentEnrolRequest,
        response: { 201: AgentEnrolResponse },
      },
    },
    async (request, reply) => {
      request.auditNote = { actorLabel: 'csoc-agent', summary: {} };
      const enrolled = await enrolAgent(db, request.body);
      for (const agentId of enrolled.replacedAgentIds)
        hub.disconnectAgent(agentId, LINK_CLOSE_CODES.revoked, 'replaced by a newly enrolled agent');
      const commons = await findCommonsById(db, enrolled.commonsId);
      const orgSlug = await orgSlugOf(db, enrolled.orgId);
      request.auditNote = {
        actorLabel: `csoc-agent ${enrolled.agentId}`,
        orgId: enrolled.orgId,
        target: `orgs/${orgSlug}/commons/${commons.name}/agent`,
        summary: { agentId: enrolled.agentId, replacedAgentIds: enrolled.replacedAgentIds },
      };
      return reply.status(201).send({
        agentId: enrolled.agentId,
        org: orgSlug,
        commons: commons.name,
      });
    },
  );

  app.post(
    AGENT_CREDENTIAL_PATH,
    {
      // Renewals are routine (every 10 minutes per agent): authenticated by the signature, not audited.
      config: { action: 'agent.link' },
      schema: {
        tags: TAGS,
        summary: 'csoc-agent exchanges a request signed with its private key for a 15-minute credential',
        body: AgentCredentialRequest,
        response: { 200: AgentCredentialResponse },
      },
    },
    async (request) => {
      const issued = await issueAgentCredential(db, request.body);
      return { credential: issued.credential, expiresAt: issued.expiresAt };
    },
  );
}
