// The commons a bulk action covers, as rows of the commons area, in the order the caller named them.
import type { CommonsTable } from '../commons/commonsTables.ts';
import { findCommons } from '../commons/commonsStore.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { InputError, NotFoundError, type FieldErrorDetail } from '../errors.ts';

/**
 * Resolves every name to its commons; names the org does not have are refused together, each by its index,
 * so nothing starts for a selection with a typo in it.
 */
export async function selectBulkCommons(
  database: CsocDatabase,
  orgId: string,
  names: readonly string[],
): Promise<CommonsTable[]> {
  const found: CommonsTable[] = [];
  const missing: FieldErrorDetail[] = [];
  for (const [index, name] of names.entries()) {
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
