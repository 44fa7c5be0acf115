// The commons a bulk action covers, as rows of the commons area: named one by one, or chosen by a label
// selector (parsed by the commons area, the same syntax as the commons list's ?labelSelector=).
import { BULK_MAX_COMMONS } from '@csoc/common';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { findCommons, selectCommonsByLabels } from '../commons/commonsStore.ts';
import { parseLabelSelector } from '../commons/labelSelector.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { InputError, NotFoundError, type FieldErrorDetail } from '../errors.ts';

export interface BulkSelection {
  commons?: readonly string[];
  labelSelector?: string;
}

/**
 * Resolves the selection to commons rows: names in the order given (names the org does not have are
 * refused together, each by its index, so nothing starts for a selection with a typo in it), or every
 * commons whose labels match, in name order. Exactly one of the two; an empty or oversized selection is
 * refused.
 */
export async function selectBulkCommons(
  database: CsocDatabase,
  orgId: string,
  selection: BulkSelection,
): Promise<CommonsTable[]> {
  if ((selection.commons === undefined) === (selection.labelSelector === undefined))
    throw new InputError('Name the commons or give a label selector, not both and not neither.', [
      { field: 'body.commons', message: 'give either commons (a list of names) or labelSelector' },
    ]);
  if (selection.labelSelector !== undefined) {
    const requirements = parseLabelSelector(selection.labelSelector, 'body.labelSelector');
    const selected = await selectCommonsByLabels(database.db, orgId, requirements);
    if (selected.length === 0)
      throw new InputError('The label selector matches no commons of this organization.', [
        {
          field: 'body.labelSelector',
          message: `"${selection.labelSelector}" matches no commons; check the labels`,
        },
      ]);
    if (selected.length > BULK_MAX_COMMONS)
      throw new InputError(
        `The label selector matches ${selected.length} commons; a bulk action takes at most ${BULK_MAX_COMMONS}.`,
        [
          {
            field: 'body.labelSelector',
            message: `matches ${selected.length} commons; narrow it (add a requirement) or use a release wave`,
          },
        ],
      );
    return selected;
  }
  const found: CommonsTable[] = [];
  const missing: FieldErrorDetail[] = [];
  for (const [index, name] of selection.commons!.entries()) {
    try {
      found.push(await findCommons(database.db, orgId, name));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      missing.push({
        field: `body.commons[${index}]`,
        message: `no commons named ${name} in this organization; remove it or fix the name`,
      });
    }
  }
  if (missing.length)
    throw new InputError(
      `${missing.length} of the commons named are not in this organization; nothing was started.`,
      missing,
    );
  return found;
}
