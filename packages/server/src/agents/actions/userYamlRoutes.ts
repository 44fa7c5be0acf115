// A commons' user.yaml through CSOC: read the current version and how its rollout goes; save an edit
// (checked by validateUserYaml, guarded by the version read, audited without its content) that then reaches
// the commons through a GitOps deploy and, once that deploy is Healthy, a usersync action (ADR 0078). Where
// the org's rule for prod wants a second person, the save waits for one (POST …/versions/{n}/approve).
import { CommonsName, Slug } from '@csoc/common';
import { roleAtLeast, type OrgRole } from '@csoc/common/access';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { findCommons } from '../../commons/commonsStore.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import type { AppContext } from '../../http/appContext.ts';
import { requiresSecondApprover } from '../../identity/orgSettings.ts';
import { actorOf } from './clusterActionRoutes.ts';
import type { UserYamlVersionsTable } from './clusterActionTables.ts';
import {
  requireConnectedAgent,
  resumeUserYamlRollouts,
  rollOutUserYaml,
  stopFollowingUserYamlRollouts,
  supersedeOlderVersions,
  type Person,
} from './userYamlRollout.ts';
import { currentUserYaml, findUserYamlVersion, moveUserYamlVersion, saveUserYaml } from './userYamlStore.ts';
import { USER_YAML_MAX_BYTES, validateUserYaml } from './validateUserYaml.ts';

const TAGS = ['cluster'];
const Params = Type.Object({ org: Slug, commons: CommonsName }, { additionalProperties: false });
const VersionParams = Type.Object(
  { org: Slug, commons: CommonsName, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const NullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description });
const UserYamlState = Type.Union(
  [
    Type.Literal('saved'),
    Type.Literal('pending-approval'),
    Type.Literal('deploying'),
    Type.Literal('usersync'),
    Type.Literal('done'),
    Type.Literal('deploy-failed'),
    Type.Literal('usersync-failed'),
    Type.Literal('superseded'),
  ],
  {
    description:
      'pending-approval (a second person must approve) → deploying (its GitOps deploy runs) → usersync → done; or deploy-failed (no usersync), usersync-failed, superseded (a newer save took over); saved: from before CSOC deployed user.yaml',
  },
);
const UserYamlVersion = Type.Object({
  version: Type.Integer({ description: '1 for the first saved user.yaml, one more per edit' }),
  content: Type.String(),
  sha256: Type.String(),
  savedBy: Type.String(),
  savedAt: Type.String(),
  state: UserYamlState,
  message: NullableString('why it ended where it did, in a sentence; null while it goes on'),
  approvedBy: NullableString('the second person who approved it (prod)'),
  deploy: Type.Union(
    [Type.Object({ id: Type.String(), status: Type.String(), message: Type.String() }), Type.Null()],
    { description: 'the GitOps deploy that carries it to the commons (GET …/deploys/{id})' },
  ),
  usersync: Type.Union(
    [
      Type.Object({
        id: Type.String(),
        state: Type.String(),
        result: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'the usersync action run once the deploy is Healthy (GET …/cluster/actions/{id})' },
  ),
  usersyncAction: NullableString('the usersync action id (same as usersync.id)'),
});
const SaveUserYamlRequest = Type.Object(
  {
    content: Type.String({ maxLength: USER_YAML_MAX_BYTES, description: 'the whole user.yaml' }),
    expectedVersion: Type.Integer({
      minimum: 0,
      description: 'the version you edited (0 when none was saved yet); a newer one refuses the save',
    }),
    confirm: Type.String({ maxLength: 64, description: "the commons' name, typed to confirm" }),
  },
  { additionalProperties: false },
);

/** The version as the API shows it, with its deploy's and usersync's states read now. */
async function toVersion(context: AppContext, row: UserYamlVersionsTable) {
  const db = context.database.db;
  const deploy = row.deploy_id
    ? await db
        .selectFrom('deploys')
        .select(['id', 'status', 'message'])
        .where('id', '=', row.deploy_id)
        .executeTakeFirst()
    : undefined;
  const usersync = row.usersync_action_id
    ? await db
        .selectFrom('cluster_actions')
        .select(['id', 'state', 'result_message'])
        .where('id', '=', row.usersync_action_id)
        .executeTakeFirst()
    : undefined;
  return {
    version: row.version,
    content: row.content,
    sha256: row.sha256,
    savedBy: row.saved_by,
    savedAt: row.saved_at,
    state: row.state,
    message: row.state_message,
    approvedBy: row.approved_by,
    deploy: deploy ? { id: deploy.id, status: deploy.status, message: deploy.message } : null,
    usersync: usersync ? { id: usersync.id, state: usersync.state, result: usersync.result_message } : null,
    usersyncAction: row.usersync_action_id,
  };
}

function personOf(request: FastifyRequest): Person {
  const principal = request.principal!;
  return { ...actorOf(request), email: principal.email, name: principal.displayName };
}

export function registerUserYamlRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const path = '/api/v1/orgs/:org/commons/:commons/user-yaml';

  // A rollout outlives its request: whichever process starts next follows the unfinished ones to the end.
  app.addHook('onReady', async () => {
    await resumeUserYamlRollouts(context).catch((error: unknown) =>
      context.logger.warn({ err: error }, 'could not resume the user.yaml rollouts under way'),
    );
  });
  app.addHook('onClose', async () => stopFollowingUserYamlRollouts(context));

  app.get(
    path,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary:
          "The commons' newest user.yaml saved through CSOC, with its rollout: the deploy that carries it and the usersync after it",
        params: Params,
        response: { 200: UserYamlVersion },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const current = await currentUserYaml(db, commons.id);
      if (!current)
        throw new NotFoundError(
          'No user.yaml was saved for this commons through CSOC yet; PUT one with expectedVersion 0.',
          'user_yaml_not_saved',
        );
      return toVersion(context, current);
    },
  );

  app.put(
    path,
    {
      config: { action: 'cluster.act' },
      schema: {
        tags: TAGS,
        summary:
          "Save an edit of the commons' user.yaml (validated; send the version you edited and the commons' name in confirm). It reaches the commons through a GitOps deploy, then usersync runs once that deploy is Healthy — on prod after a second person approves, when the org requires one (state pending-approval)",
        params: Params,
        body: SaveUserYamlRequest,
        response: { 200: Type.Object({ userYaml: UserYamlVersion }) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const { content, expectedVersion, confirm } = request.body;
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/user-yaml`,
        summary: { expectedVersion, bytes: Buffer.byteLength(content) },
      };
      if (confirm !== commons.name)
        throw new InputError(
          `Type the commons' name to confirm: "confirm": "${commons.name}".`,
          [{ field: 'body.confirm', message: `must equal ${commons.name}` }],
          'confirmation_required',
        );
      const problems = validateUserYaml(content);
      if (problems.length > 0)
        throw new InputError(
          `user.yaml has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was saved.`,
          problems.map((problem) => ({
            field: problem.path ? `body.content.${problem.path}` : 'body.content',
            message:
              problem.line === undefined ? problem.message : `${problem.message} (line ${problem.line})`,
          })),
          'invalid_user_yaml',
        );
      const needsSecondPerson = await requiresSecondApprover(context, access.orgId, commons.environment);
      // Refused before saving: an edit usersync cannot apply now would sit there unannounced.
      if (!needsSecondPerson) await requireConnectedAgent(context, commons);
      const person = personOf(request);
      const saved = await saveUserYaml(db, {
        orgId: access.orgId,
        commonsId: commons.id,
        content,
        savedBy: person.label,
        savedById: person.id,
        expectedVersion,
        state: needsSecondPerson ? 'pending-approval' : 'deploying',
      });
      let version = saved;
      if (needsSecondPerson) await supersedeOlderVersions(context, saved);
      else
        version = await rollOutUserYaml(context, {
          orgSlug: access.orgSlug,
          commons,
          version: saved,
          requestedBy: person,
        });
      request.auditNote.summary = {
        version: saved.version,
        sha256: saved.sha256,
        state: version.state,
        ...(version.deploy_id ? { deploy: version.deploy_id } : {}),
      };
      return { userYaml: await toVersion(context, version) };
    },
  );

  app.post(
    `${path}/versions/:version/approve`,
    {
      config: { action: 'cluster.approve' },
      schema: {
        tags: TAGS,
        summary:
          "Approve another person's user.yaml save waiting for a second person (prod); its deploy starts at once, then usersync",
        params: VersionParams,
        response: { 200: Type.Object({ userYaml: UserYamlVersion }) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const found = await findUserYamlVersion(db, commons.id, request.params.version);
      if (!found)
        throw new NotFoundError(
          `user.yaml version ${request.params.version} was not saved for this commons; GET …/user-yaml shows the newest.`,
          'user_yaml_version_not_found',
        );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/user-yaml`,
        summary: { version: found.version, sha256: found.sha256, savedBy: found.saved_by },
      };
      const notPending = () =>
        new ConflictError(
          `user.yaml version ${found.version} is not waiting for approval (it is ${found.state}); GET …/user-yaml shows the newest.`,
          'user_yaml_not_pending',
        );
      if (found.state !== 'pending-approval') throw notPending();
      const approver = personOf(request);
      if (found.saved_by_id === approver.id)
        throw new ForbiddenError(
          'This save needs a second person: you saved it. Ask another operator to approve it.',
          'approver_is_requester',
        );
      // The bar of every approval in this CSOC (CSOC_APPROVER_MIN_ROLE, default admin), as for a planned run
      // or a cluster action.
      if (!roleAtLeast(access.role, context.config.approverMinRole as OrgRole))
        throw new ForbiddenError(
          `Approving needs the ${context.config.approverMinRole} role or higher in this CSOC; yours is ${access.role}. Ask someone with that role to approve it.`,
          'approval_role_required',
        );
      await requireConnectedAgent(context, commons);
      if (
        !(await moveUserYamlVersion(db, found.id, 'pending-approval', {
          state: 'deploying',
          approved_by: approver.label,
          approved_by_id: approver.id,
        }))
      )
        throw notPending();
      const approved = {
        ...found,
        state: 'deploying' as const,
        approved_by: approver.label,
        approved_by_id: approver.id,
      };
      const version = await rollOutUserYaml(context, {
        orgSlug: access.orgSlug,
        commons,
        version: approved,
        requestedBy: approver,
      });
      request.auditNote.summary = {
        ...request.auditNote.summary,
        state: version.state,
        ...(version.deploy_id ? { deploy: version.deploy_id } : {}),
      };
      return { userYaml: await toVersion(context, version) };
    },
  );
}
