// One commons' move to a release within a wave: the release written into its spec (a new revision) and a
// deploy of it recorded and followed, as a person's deploy is. Release steps and rollbacks both go here.
import type { CommonsSpec } from '@csoc/common';
import { findCommonsById, updateCommons } from '../commons/commonsStore.ts';
import { createDeploy, startFollowingDeploy } from '../gitops/deploys/deployService.ts';
import type { AppContext } from '../http/appContext.ts';
import { orgSlugOf } from '../identity/directory.ts';
import type { WaveMembersTable, WavesTable } from './waveTables.ts';

/**
 * Writes `release` into the commons' spec (a new revision, unless it is there already: a step interrupted
 * by a restart) and records a deploy of it, followed in the background. The wave's creator is the author.
 */
export async function deployRelease(
  context: AppContext,
  wave: WavesTable,
  member: WaveMembersTable,
  release: string,
  note: string,
) {
  let commons = await findCommonsById(context.database.db, member.commons_id);
  const author = { id: wave.created_by_id, label: wave.created_by };
  if ((JSON.parse(commons.spec) as CommonsSpec).gen3?.release !== release) {
    const spec = JSON.parse(commons.spec) as CommonsSpec;
    const result = await updateCommons(context, commons, {
      spec: { ...spec, gen3: { ...spec.gen3!, release } },
      labels: JSON.parse(commons.labels) as Record<string, string>,
      message: note,
      author,
    });
    commons = result.commons;
  }
  const deploy = await createDeploy(context, {
    orgId: wave.org_id,
    orgSlug: await orgSlugOf(context.database.db, wave.org_id),
    commons,
    requestedBy: { id: wave.created_by_id, email: wave.created_by, name: wave.created_by },
    note,
  });
  if (deploy.status !== 'failed') startFollowingDeploy(context, deploy.id);
  return deploy;
}
