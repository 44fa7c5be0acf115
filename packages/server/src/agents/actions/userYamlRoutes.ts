// A commons' user.yaml through CSOC: read the current version; save an edit (checked by validateUserYaml,
// guarded by the version read, audited without its content) that then asks for a usersync action — which
// a second person approves first where the org's rule for prod says so.
import { CommonsName, Slug } from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { findCommons } from '../../commons/commonsStore.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { requiresSecondApprover } from '../../identity/orgSettings.ts';
import { actorOf } from './clusterActionRoutes.ts';
import { ClusterAction, toClusterAction } from './clusterActionSchemas.ts';
import type { UserYamlVersionsTable } from './clusterActionTables.ts';
import { requestClusterAction, requireAgent } from './requestClusterAction.ts';
import { currentUserYaml, recordUsersyncAction, saveUserYaml } from './userYamlStore.ts';
import { USER_YAML_MAX_BYTES, validateUserYaml } from './validateUserYaml.ts';

const TAGS = ['cluster'];
const Params = Type.Object({ org: Slug, commons: CommonsName }, { additionalProperties: false });
const UserYamlVersion = Type.Object({
  version: Type.Integer({ description: '1 for the first saved user.yaml, one more per edit' }),
  content: Type.String(),
  sha256: Type.String(),
  savedBy: Type.String(),
  savedAt: Type.String(),
  usersyncAction: Type.Union([Type.String(), Type.Null()], {
    description: 'the usersync action it asked for',
  }),
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

const toVersion = (row: UserYamlVersionsTable) => ({
  version: row.version,
  content: row.content,
  sha256: row.sha256,
  savedBy: row.saved_by,
  savedAt: row.saved_at,
  usersyncAction: row.usersync_action_id,
});

export function registerUserYamlRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const path = '/api/v1/orgs/:org/commons/:commons/user-yaml';

  app.get(
    path,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary: "The commons' current user.yaml as saved through CSOC",
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
      return toVersion(current);
    },
  );

  app.put(
    path,
    {
      config: { action: 'cluster.act' },
      schema: {
        tags: TAGS,
        summary:
          "Save an edit of the commons' user.yaml (validated; send the version you edited and the commons' name in confirm), then run usersync — on prod after a second person approves, when the org requires one",
        params: Params,
        body: SaveUserYamlRequest,
        response: { 200: Type.Object({ userYaml: UserYamlVersion, usersync: ClusterAction }) },
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
            message: problem.message,
          })),
          'invalid_user_yaml',
        );
      // Refused before saving: an edit usersync cannot apply now would sit there unannounced.
      if (!(await requiresSecondApprover(context, access.orgId, commons.environment)))
        requireAgent(context, commons);
      const actor = actorOf(request);
      const saved = await saveUserYaml(db, {
        orgId: access.orgId,
        commonsId: commons.id,
        content,
        savedBy: actor.label,
        expectedVersion,
      });
      const usersync = await requestClusterAction(context, {
        commons,
        action: 'usersync',
        target: null,
        actor,
      });
      await recordUsersyncAction(db, saved.id, usersync.id);
      request.auditNote.summary = {
        version: saved.version,
        sha256: saved.sha256,
        usersyncAction: usersync.id,
        usersyncState: usersync.state,
      };
      return {
        userYaml: toVersion({ ...saved, usersync_action_id: usersync.id }),
        usersync: toClusterAction(usersync),
      };
    },
  );
}
