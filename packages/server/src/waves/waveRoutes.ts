// Release waves over HTTP: create one from a label selector and a target release, read it (stages, each
// commons' state, the gate, the timeline), and the operator's moves: pause, resume, skip a commons, roll
// the stage back, approve a stage with prod commons. Every change is audited.
import {
  CreateWaveRequest,
  OrgParams,
  roleAtLeast,
  Wave,
  WaveActionRequest,
  WaveEventsResponse,
  WaveParams,
  WaveSkipRequest,
  WaveSummary,
  type OrgRole,
} from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { ForbiddenError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import {
  approveWaveStage,
  createWave,
  pauseWave,
  resumeWave,
  rollbackWaveStage,
  skipWaveCommons,
  type Actor,
} from './waveLifecycle.ts';
import { findWave, findWaveById, listWaveEvents, listWaveMembers, listWaves, stagesOf } from './waveStore.ts';
import type { WaveMembersTable, WavesTable } from './waveTables.ts';

function toWaveSummary(wave: WavesTable, orgSlug: string, members?: WaveMembersTable[]) {
  const paused = members?.find((member) => member.commons_id === wave.paused_commons_id);
  const stageCounts = new Map<number, number>();
  for (const member of members ?? []) stageCounts.set(member.stage, (stageCounts.get(member.stage) ?? 0) + 1);
  return {
    id: wave.id,
    name: wave.name,
    org: orgSlug,
    selector: wave.selector,
    targetRelease: wave.target_release,
    soakSeconds: wave.soak_seconds,
    maxParallel: wave.max_parallel,
    state: wave.state,
    currentStage: wave.current_stage,
    soakStartedAt: wave.soak_started_at,
    gate: wave.gate,
    pausedReason: wave.paused_reason,
    pausedCommons: paused?.commons_name ?? null,
    stages: stagesOf(wave).map((stage, index) => ({
      index,
      name: stage.name,
      commons: stageCounts.get(index) ?? 0,
      needsApproval: stage.needsApproval,
      approvedBy: stage.approvedBy,
    })),
    createdBy: wave.created_by,
    createdAt: wave.created_at,
    updatedAt: wave.updated_at,
    version: wave.version,
  };
}

export function registerWaveRoutes(app: CsocApp): void {
  const { context } = app;
  const { database } = context;

  async function toWave(wave: WavesTable, orgSlug: string) {
    const members = await listWaveMembers(database, wave.id);
    return {
      ...toWaveSummary(wave, orgSlug, members),
      members: members.map((member) => ({
        commons: member.commons_name,
        stage: member.stage,
        environment: member.environment,
        state: member.state,
        fromRelease: member.from_release,
        release: member.release,
        deployId: member.deploy_id,
        message: member.message,
        updatedAt: member.updated_at,
      })),
    };
  }

  app.post(
    '/api/v1/orgs/:org/waves',
    {
      config: { action: 'wave.write' },
      schema: {
        tags: ['waves'],
        summary: 'Start a release wave over the commons a label selector selects',
        params: OrgParams,
        body: CreateWaveRequest,
        response: { 201: Wave },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const principal = request.principal!;
      const body = request.body;
      const wave = await createWave(context, {
        orgId: access.orgId,
        name: body.name,
        selector: body.selector,
        targetRelease: body.targetRelease,
        ...(body.stages ? { stages: body.stages } : {}),
        soakSeconds: body.soakSeconds ?? 300,
        maxParallel: body.maxParallel ?? 1,
        createdBy: { id: principal.userId, email: principal.email },
      });
      const result = await toWave(wave, access.orgSlug);
      request.auditNote = {
        target: `orgs/${access.orgSlug}/waves/${wave.name}`,
        summary: {
          selector: wave.selector,
          targetRelease: wave.target_release,
          commons: result.members.length,
          stages: result.stages.length,
        },
      };
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/v1/orgs/:org/waves',
    {
      config: { action: 'wave.read' },
      schema: {
        tags: ['waves'],
        summary: "The org's release waves, newest first",
        params: OrgParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(WaveSummary) }) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const waves = await listWaves(database, access.orgId, request.query.limit ?? 50);
      const items = [];
      for (const wave of waves)
        items.push(toWaveSummary(wave, access.orgSlug, await listWaveMembers(database, wave.id)));
      return { items };
    },
  );

  app.get(
    '/api/v1/orgs/:org/waves/:wave',
    {
      config: { action: 'wave.read' },
      schema: {
        tags: ['waves'],
        summary: 'One wave: its stages, the state of each commons, what the health gate waits for',
        params: WaveParams,
        response: { 200: Wave },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      return toWave(await findWave(database, access.orgId, request.params.wave), access.orgSlug);
    },
  );

  app.get(
    '/api/v1/orgs/:org/waves/:wave/events',
    {
      config: { action: 'wave.read' },
      schema: {
        tags: ['waves'],
        summary: "The wave's timeline, oldest first",
        params: WaveParams,
        response: { 200: WaveEventsResponse },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const wave = await findWave(database, access.orgId, request.params.wave);
      const events = await listWaveEvents(database, wave.id);
      return {
        items: events.map((event) => ({
          at: event.at,
          kind: event.kind,
          commons: event.commons_name,
          message: event.message,
          by: event.by,
        })),
      };
    },
  );

  function registerWaveAction<Body extends typeof WaveActionRequest | typeof WaveSkipRequest>(
    verb: string,
    options: {
      action: 'wave.write' | 'wave.approve';
      summary: string;
      body: Body;
      act: (wave: WavesTable, by: Actor, body: { commons?: string }) => Promise<unknown>;
    },
  ) {
    app.post(
      `/api/v1/orgs/:org/waves/:wave/${verb}`,
      {
        config: { action: options.action },
        schema: {
          tags: ['waves'],
          summary: options.summary,
          params: WaveParams,
          body: options.body,
          response: { 200: Wave },
        },
      },
      async (request) => {
        const access = orgAccessOf(request);
        const principal = request.principal!;
        const body = request.body as { commons?: string; reason?: string };
        const wave = await findWave(database, access.orgId, request.params.wave);
        request.auditNote = {
          target: `orgs/${access.orgSlug}/waves/${wave.name}`,
          summary: { action: verb, ...(body.commons ? { commons: body.commons } : {}), from: wave.state },
        };
        if (
          options.action === 'wave.approve' &&
          !roleAtLeast(access.role, context.config.approverMinRole as OrgRole)
        )
          throw new ForbiddenError(
            `Approving needs the ${context.config.approverMinRole} role or higher in this CSOC; yours is ${access.role}.`,
            'approval_role_required',
          );
        await options.act(
          wave,
          { id: principal.userId, email: principal.email, ...(body.reason ? { reason: body.reason } : {}) },
          body,
        );
        return toWave((await findWaveById(database, wave.id))!, access.orgSlug);
      },
    );
  }

  registerWaveAction('pause', {
    action: 'wave.write',
    summary: 'Pause the wave: nothing more starts until it is resumed',
    body: WaveActionRequest,
    act: (wave, by) => pauseWave(context, wave, by),
  });
  registerWaveAction('resume', {
    action: 'wave.write',
    summary: 'Resume a paused wave; a commons whose step failed is retried',
    body: WaveActionRequest,
    act: (wave, by) => resumeWave(context, wave, by),
  });
  registerWaveAction('skip', {
    action: 'wave.write',
    summary: 'Leave one commons out of the rest of the wave',
    body: WaveSkipRequest,
    act: (wave, by, body) => skipWaveCommons(context, wave, body.commons!, by),
  });
  registerWaveAction('rollback', {
    action: 'wave.write',
    summary: 'Roll the current stage back: revert each commons it moved (recorded as deploys); the wave ends',
    body: WaveActionRequest,
    act: (wave, by) => rollbackWaveStage(context, wave, by),
  });
  registerWaveAction('approve', {
    action: 'wave.approve',
    summary: 'Approve the stage waiting with prod commons (a second person, not the creator)',
    body: WaveActionRequest,
    act: (wave, by) => approveWaveStage(context, wave, by),
  });
}
