// Creates the first platform admin when the database has no user yet: from CSOC_ADMIN_EMAIL/PASSWORD,
// or with a generated one-time password that is printed once and must be changed at first use.
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/schema.ts';
import { newUserRow } from './newUserRow.ts';
import { hashPassword } from './passwords.ts';

export const DEFAULT_ADMIN_EMAIL = 'admin@csoc.local';

export interface BootstrapResult {
  email: string;
  /** Set only when this call generated the password; the caller prints it once. */
  generatedPassword?: string;
}

export async function bootstrapAdmin(
  db: Kysely<Database>,
  options: { email?: string; password?: string },
): Promise<BootstrapResult | undefined> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return undefined;
  const email = (options.email ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
  const generatedPassword = options.password ? undefined : randomBytes(18).toString('base64url');
  const password = options.password ?? generatedPassword!;
  try {
    await db
      .insertInto('users')
      .values(
        newUserRow({
          email,
          displayName: 'Platform admin',
          passwordHash: await hashPassword(password),
          isPlatformAdmin: true,
          mustChangePassword: Boolean(generatedPassword),
        }),
      )
      .execute();
  } catch (error) {
    // Another process starting at the same moment created the admin first; that one prints the password.
    const again = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (again) return undefined;
    throw error;
  }
  return generatedPassword ? { email, generatedPassword } : { email };
}
